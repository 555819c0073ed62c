import type { z } from 'zod';

/** Keys to drop at one place of an answer: the path from its root, and the keys there. */
interface UnknownKeys {
  path: readonly PropertyKey[];
  keys: readonly string[];
}

/** A parse of the hub's answer, and the fields dropped as unknown (paths like `application.note`; names, never values). */
export type ParsedHubAnswer<T> = z.ZodSafeParseResult<T> & { dropped: string[] };

/** The most rounds of dropping: each round may let a union pick another branch, which may name more. */
const MAX_ROUNDS = 4;

/**
 * Parses an answer of the hub by the contract, tolerating fields this kiosk does not know.
 *
 * A region upgrades its hub before its fleet (docs/operations/hub.md, "Upgrading"), and a newer
 * hub's answer may carry a field added since (the help answer's `waiting` was one). The contract's
 * objects are strict, so this kiosk would call such an answer malformed and the visitor would get
 * «нет связи» from a hub that answered. Here exactly the keys the parse named as unrecognised are
 * dropped, and the answer is parsed again; anything else wrong with it (a missing field, a wrong
 * type, an outcome this kiosk does not know) stays an error, reported as the first parse found it.
 * A dropped field never reaches the screen, a journal or a log (only its name is logged), so a
 * hub that wrongly sent personal data in one leaks it no further than a refused answer would.
 */
export function parseHubAnswer<S extends z.ZodType>(schema: S, answer: unknown): ParsedHubAnswer<z.output<S>> {
  const first = schema.safeParse(answer);
  if (first.success) return { ...first, dropped: [] };
  const dropped: string[] = [];
  let pruned = answer;
  let result: z.ZodSafeParseResult<z.output<S>> = first;
  for (let round = 0; round < MAX_ROUNDS && !result.success; round += 1) {
    const unknown = unknownKeysOnly(result.error.issues, []);
    if (unknown === undefined || unknown.length === 0) break;
    pruned = withoutKeys(pruned, unknown);
    dropped.push(...unknown.flatMap(({ path, keys }) => keys.map((key) => [...path, key].join('.'))));
    result = schema.safeParse(pruned);
  }
  return result.success ? { ...result, dropped } : { ...first, dropped: [] };
}

/**
 * The unknown keys the issues name, when unknown keys are all they name; undefined when any
 * issue is another kind of error. Of a union none of whose branches matched, the first branch
 * whose issues are only unknown keys is taken (its issues' paths are relative to the union).
 */
function unknownKeysOnly(issues: readonly z.core.$ZodIssue[], base: readonly PropertyKey[]): UnknownKeys[] | undefined {
  const found: UnknownKeys[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      found.push({ path, keys: issue.keys });
    } else if (issue.code === 'invalid_union') {
      const branch = issue.errors
        .map((branchIssues) => unknownKeysOnly(branchIssues, path))
        .find((keys) => keys !== undefined && keys.length > 0);
      if (branch === undefined) return undefined;
      found.push(...branch);
    } else {
      return undefined;
    }
  }
  return found;
}

/** A copy of `value` without the named keys (the answer itself is left as it came). */
function withoutKeys(value: unknown, unknown: readonly UnknownKeys[]): unknown {
  const copy: unknown = structuredClone(value);
  for (const { path, keys } of unknown) {
    const target = path.reduce<unknown>(
      (node, step) =>
        typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[step] : undefined,
      copy,
    );
    if (typeof target !== 'object' || target === null) continue;
    for (const key of keys) delete (target as Record<string, unknown>)[key];
  }
  return copy;
}
