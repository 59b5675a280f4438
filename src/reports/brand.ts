/** The brand printed on a user's reports: their own when set, Pulseboard's otherwise. */
import type { Queryable } from '../db/client.js';
import { getBrand } from '../db/repositories/brand.js';
import type { Brand } from './types.js';

export const DEFAULT_BRAND: Brand = { name: 'Pulseboard', color: '#2f6fde' };
export const BRAND_COLOR = /^#[0-9a-fA-F]{6}$/;

export async function brandOf(db: Queryable, userId: number): Promise<Brand> {
  const row = await getBrand(db, userId);
  return {
    name: row.brand_name?.trim() || DEFAULT_BRAND.name,
    color: row.brand_color && BRAND_COLOR.test(row.brand_color) ? row.brand_color : DEFAULT_BRAND.color,
  };
}
