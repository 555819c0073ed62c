/** JSON text parsed, or undefined when it is not JSON (for a schema's `safeParse` to judge next). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
