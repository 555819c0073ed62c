import type { z } from 'zod';

/**
 * Summarises zod issues as `path: message` lines without the values that failed.
 *
 * zod's messages name expected types, not received values, so nothing a visitor typed leaks
 * into the logs through a validation error.
 */
export function describeIssues(error: z.ZodError, limit = 5): string {
  const lines = error.issues.slice(0, limit).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > limit ? `; and ${error.issues.length - limit} more` : '';
  return lines.join('; ') + more;
}
