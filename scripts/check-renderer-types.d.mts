/**
 * The files of the TypeScript program of `tsconfigPath` that are Node's types or a Node-only
 * package's: empty when the program is safe for the browser.
 */
export function nodeOnlyFilesIn(tsconfigPath: string): string[];
