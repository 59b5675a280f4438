/** The user's brand (name and colour printed on their PDF reports). */
import type { Queryable } from '../client.js';

export interface BrandRow {
  brand_name: string | null;
  brand_color: string | null;
}

export async function getBrand(db: Queryable, userId: number): Promise<BrandRow> {
  const [row] = await db.query<BrandRow>('SELECT brand_name, brand_color FROM users WHERE id = $1', [userId]);
  return row ?? { brand_name: null, brand_color: null };
}

/** Sets the given fields; undefined leaves a field as it is, null clears it (back to the default). */
export async function updateBrand(db: Queryable, userId: number, change: { name?: string | null; color?: string | null }): Promise<BrandRow> {
  const [row] = await db.query<BrandRow>(
    `UPDATE users SET
       brand_name = CASE WHEN $2 THEN $3 ELSE brand_name END,
       brand_color = CASE WHEN $4 THEN $5 ELSE brand_color END
     WHERE id = $1 RETURNING brand_name, brand_color`,
    [userId, change.name !== undefined, change.name ?? null, change.color !== undefined, change.color ?? null],
  );
  return row ?? { brand_name: null, brand_color: null };
}
