/**
 * What the load generator's HTTP client costs per request: `RawHttpPoster` (bench/raw-http-poster.ts)
 * against Node's `http.request` (`JsonPoster`), the peer, in the same run. A trivial server in a
 * child process answers 11 bytes of JSON; each client posts a kiosk-sized request 20,000 times, 32
 * in flight, in four alternating rounds (node, raw, node, raw), and the generator's CPU time
 * (`process.cpuUsage`) per request is reported. The hub-rate bench runs on 2 cores beside the hub,
 * so what its client costs is CPU the hub does not get.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { writeResults } from './bench-support';
import { JsonPoster } from './fixed-rate-load';
import { type Poster, RawHttpPoster } from './raw-http-poster';

const REQUESTS = Number(process.env.OKNO_BENCH_HTTP_REQUESTS ?? 20_000);
const IN_FLIGHT = 32;

if (process.env.OKNO_BENCH_HTTP_ROLE === 'server') {
  const { createServer } = await import('node:http');
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': 11 });
      response.end('{"ok":true}');
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address !== null && typeof address === 'object') process.send?.(address.port);
  });
} else {
  const child = fork(process.argv[1] as string, { env: { ...process.env, OKNO_BENCH_HTTP_ROLE: 'server' } });
  const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve(Number(message))));
  const url = `http://127.0.0.1:${port}`;
  const headers = { 'x-okno-kiosk': 'kiosk-0001', authorization: `Bearer ${'c'.repeat(43)}` };
  const body = JSON.stringify({ applicationNumber: 'КУВД-001/2021-3670443' });

  /** CPU µs per request of `poster` over REQUESTS posts, IN_FLIGHT at a time. */
  const measure = async (poster: Poster): Promise<number> => {
    const before = process.cpuUsage();
    let failed = 0;
    for (let sent = 0; sent < REQUESTS; sent += IN_FLIGHT) {
      const batch = Array.from({ length: Math.min(IN_FLIGHT, REQUESTS - sent) }, () =>
        poster.post('/v1/x', headers, body),
      );
      failed += (await Promise.all(batch)).filter((outcome) => outcome === 'failed').length;
    }
    const used = process.cpuUsage(before);
    poster.close();
    if (failed > 0) throw new Error(`${failed} requests failed`);
    return Math.round((used.user + used.system) / REQUESTS);
  };

  const rounds: { client: 'node' | 'raw'; cpuMicrosPerRequest: number }[] = [];
  for (const client of ['node', 'raw', 'node', 'raw'] as const) {
    const poster = client === 'raw' ? new RawHttpPoster(url, IN_FLIGHT) : new JsonPoster(url, IN_FLIGHT);
    rounds.push({ client, cpuMicrosPerRequest: await measure(poster) });
  }
  child.kill();
  const file = writeResults('http-client', {
    requestsPerRound: REQUESTS,
    inFlight: IN_FLIGHT,
    rounds,
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    note: 'CPU time of the generator process per request (user + system), trivial server in a child process.',
  });
  for (const round of rounds)
    console.log(`  ${round.client.padEnd(4)} ${round.cpuMicrosPerRequest} µs of CPU per request`);
  console.log(`→ ${file}`);
}
