/** A 400's named field and message, so a form shows the error next to that field. */
import { errorMessage } from '../../api/client.js';

export interface FieldError {
  /** The field the API named (top-level name: `thresholds.spike` → `thresholds.spike`), or null for a form-wide error. */
  field: string | null;
  message: string;
}

export function fieldErrorOf(body: unknown, fallback: string): FieldError {
  const details = (body as { error?: { details?: unknown } } | undefined)?.error?.details;
  const field = details && typeof details === 'object' && 'field' in details && typeof details.field === 'string' ? details.field : null;
  const reason = details && typeof details === 'object' && 'reason' in details && typeof details.reason === 'string' ? details.reason : null;
  return { field, message: reason ?? errorMessage(body, fallback) };
}

/**
 * The error for one field (a field named `thresholds.spike` also matches `thresholds`' children by its full name).
 * A schema pattern's reason is a regular expression, meaningless to a person: `hint` says the same in words.
 */
export function errorFor(error: FieldError | null, field: string, hint?: string): string | null {
  if (!error || error.field === null) return null;
  const matches = error.field === field || error.field.startsWith(`${field}.`) || error.field.startsWith(`${field}/`) || error.field === `body.${field}`;
  if (!matches) return null;
  return hint && /^must match pattern/.test(error.message) ? hint : error.message;
}

/** A form-wide error: one without a field, or one naming a field the form has no input for. */
export function formError(error: FieldError | null, fields: readonly string[]): string | null {
  if (!error) return null;
  return error.field === null || !fields.some((f) => errorFor(error, f)) ? error.message : null;
}
