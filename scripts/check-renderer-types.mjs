// Fails when the renderer's type check (tsconfig.web.json) sees Node's types or a Node-only
// package's: one `import` of such a package in portable code brings `@types/node` into the
// program, and `process.env` or `Buffer` would then type-check in renderer/src.
// Usage: node scripts/check-renderer-types.mjs [tsconfig] (default: tsconfig.web.json).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Declaration files that only exist for Node-side code. */
const NODE_ONLY_TYPES =
  /\/node_modules\/(@types\/(node|ws|better-sqlite3|pdfkit)|electron|fastify|serialport|@serialport|node-hid|pino|ws)\//;

/**
 * The files of the TypeScript program of `tsconfigPath` that are Node's types or a Node-only
 * package's: empty when the program is safe for the browser.
 * @param {string} tsconfigPath
 * @returns {string[]}
 */
export function nodeOnlyFilesIn(tsconfigPath) {
  const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const config = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(path.resolve(tsconfigPath)));
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  return program
    .getSourceFiles()
    .map((file) => file.fileName)
    .filter((fileName) => NODE_ONLY_TYPES.test(fileName));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tsconfig = process.argv[2] ?? 'tsconfig.web.json';
  const found = nodeOnlyFilesIn(tsconfig);
  if (found.length > 0) {
    console.error(`${tsconfig}: the renderer's type check reaches Node-only types:`);
    for (const file of found.slice(0, 20)) console.error(`  ${file}`);
    console.error(
      'Find the import that brings them in with `npm run lint:layers` (renderer-entry-reaches-only-portable).',
    );
    process.exit(1);
  }
  console.log(`${tsconfig}: no Node-only types in the renderer's type check`);
}
