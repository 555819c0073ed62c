/**
 * Copies the non-null optional fields of a row into a record: SQL says «no value» with NULL, the
 * records (exact optional properties) by leaving the field out.
 */
export function withOptional<T extends object>(record: T, optional: Record<string, string | number | null>): T {
  const result = { ...record } as Record<string, unknown>;
  for (const [key, value] of Object.entries(optional)) if (value !== null) result[key] = value;
  return result as T;
}
