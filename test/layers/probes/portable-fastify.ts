// at: kiosk-config/src/probe.ts
// rule: portable-imports-only-portable
// fastify brings Node's types into the renderer's type check.
import Fastify from 'fastify';
