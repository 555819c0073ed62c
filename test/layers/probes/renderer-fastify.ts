// at: renderer/src/api/probe.ts
// rule: renderer-imports-only-portable
// The renderer never runs a server.
import Fastify from 'fastify';
