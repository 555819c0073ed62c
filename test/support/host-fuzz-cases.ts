import fc from 'fast-check';

/**
 * Generators of hostile HTTP requests for the browser host's fuzzing (the test over raw sockets
 * and `bench/host-http-fuzz.bench.ts`): odd request targets, methods and headers, and WebSocket
 * upgrades to them.
 */

/** Pieces that steer a target into the parser's corners. */
const TARGET_PIECES = [
  '/',
  '//',
  '[',
  ']',
  '%',
  '%2e',
  '%00',
  '..',
  '?',
  '#',
  '@',
  ':',
  '\\',
  'api',
  'boot',
  '*',
  'http:',
];

/** A request target: pieces and random printable ASCII (what an HTTP request line can carry). */
export const requestTarget: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...TARGET_PIECES),
      fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map(String.fromCharCode), maxLength: 12 }),
    ),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join('') || '/');

const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'OPTIONS', 'DELETE', 'CONNECT', 'TRACE', 'PATCH');
const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map(String.fromCharCode), maxLength: 40 });
const headerName = fc.constantFrom('Host', 'Origin', 'Cookie', 'Connection', 'Upgrade', 'Content-Length', 'X-Odd');

/** One raw request as the bytes a client would send. */
export const rawRequest: fc.Arbitrary<string> = fc
  .record({
    method,
    target: requestTarget,
    upgrade: fc.boolean(),
    headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 }),
  })
  .map(({ method, target, upgrade, headers }) => {
    const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1'];
    if (upgrade) {
      lines.push(
        'Connection: Upgrade',
        'Upgrade: websocket',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      );
    }
    // Values that would smuggle a body or break framing are dropped: the point is the handler.
    for (const [name, value] of headers) if (name !== 'Content-Length') lines.push(`${name}: ${value}`);
    return `${lines.join('\r\n')}\r\n\r\n`;
  });
