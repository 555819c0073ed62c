// at: drivers/document/probe.ts
// rule: portable-no-node-builtins
// Pure drivers import no Node module.
import path from 'node:path';
