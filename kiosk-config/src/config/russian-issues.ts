import { z } from 'zod';

/** A problem of a value, as a form shows it beside the field: the dotted path and a Russian sentence. */
export interface RussianIssue {
  path: string;
  message: string;
}

const ruLocale = z.locales.ru().localeError;

/**
 * zod's error map in plain Russian for the checks a settings form meets (numbers out of range,
 * text too long, a choice not offered); zod's own Russian locale for the rest. A message a
 * schema gives itself wins over this map, as zod always does.
 */
export const russianErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'number') return `Не меньше ${String(issue.minimum)}`;
      if (issue.origin === 'string')
        return issue.minimum === 1 ? 'Заполните поле' : `Не короче ${String(issue.minimum)} знаков`;
      break;
    case 'too_big':
      if (issue.origin === 'number') return `Не больше ${String(issue.maximum)}`;
      if (issue.origin === 'string') return `Не длиннее ${String(issue.maximum)} знаков`;
      break;
    case 'invalid_type':
      if (issue.expected === 'int') return 'Нужно целое число';
      if (issue.expected === 'number') return 'Нужно число';
      if (issue.expected === 'string') return 'Нужен текст';
      if (issue.expected === 'boolean') return 'Нужно «да» или «нет»';
      break;
    case 'invalid_value':
      return `Выберите одно из: ${issue.values.map(String).join(', ')}`;
    default:
      break;
  }
  return ruLocale(issue);
};

/** Validates `value` with `schema`, each problem as a Russian sentence at its dotted path. */
export function parseInRussian<T extends z.ZodType>(
  schema: T,
  value: unknown,
): { ok: true; value: z.output<T> } | { ok: false; issues: RussianIssue[] } {
  const parsed = schema.safeParse(value, { error: russianErrorMap });
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  };
}
