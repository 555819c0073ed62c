/** The newest installed PostgreSQL's bin folder holding `initdb` and `postgres`, or undefined. */
export function postgresBinDir(root?: string): string | undefined;
