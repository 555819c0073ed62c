// at: renderer/src/ui/probe.ts
// rule: portable-no-node-builtins
// No Node module in the renderer.
import { readFileSync } from 'node:fs';
