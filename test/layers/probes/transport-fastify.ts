// at: drivers/transport/probe.ts
// rule: drivers-import-only-drivers
// Drivers import only their device packages.
import Fastify from 'fastify';
