// at: renderer/src/api/probe.ts
// rule: portable-no-node-builtins
// A type-only import brings Node's types just the same.
import type { Server } from 'node:http';
