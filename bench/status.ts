/**
 * Status page benchmark (spec §15), in-process on loopback with a temp database: `GET /status`
 * (10 components, 3 open incidents of 5 updates each, rendered once per change and then served
 * from memory) against a bare Fastify route sending the same HTML, in the same run, at 100
 * connections — what thousands of readers do during an outage. Also the 304 answer to a reader
 * that has the page. Run alone with `npx tsx bench/status.ts`.
 */
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { fastifyOptions } from '../src/app.js';
import { scaled, startBenchApp, type Figure } from './fixtures.js';

const DURATION_S = scaled(5, 1);

async function load(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections: 100, duration: DURATION_S, headers });
  // A 304 is not 2xx: only errors count against a conditional run.
  if (result.errors > 0 || (!headers['if-none-match'] && result.non2xx > 0)) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { reqPerSec: result.requests.average, p99Ms: result.latency.p99 };
}

export async function runStatusBench(): Promise<Figure[]> {
  const bench = await startBenchApp();
  const baseline = Fastify(fastifyOptions({ logger: false }));
  try {
    await bench.call('PUT', '/api/v1/bulletin', { title: 'Example Realty status', coordinatorSchedule: 'comms', about: 'Run by the communications team.' });
    for (let i = 0; i < 10; i++) {
      await bench.call('PUT', `/api/v1/components/c-${i}`, {
        name: `Component ${i}`,
        description: 'What it does for you.',
        alternatives: [{ name: 'The broker website', url: 'https://broker.example.com', note: 'Search works there' }, { name: 'Call us', phone: '+1 555 0100' }],
      });
    }
    for (let i = 0; i < 3; i++) {
      const { id } = await bench.call('POST', '/api/v1/incidents', { title: `Incident ${i}`, impact: 'major', status: 'investigating', message: 'We are looking into it.', components: { [`c-${i}`]: 'major_outage' } });
      for (let u = 0; u < 4; u++) await bench.call('POST', `/api/v1/incidents/${id}/updates`, { status: 'identified', message: `Update ${u}: still working on it, use the alternatives meanwhile.` });
    }
    const origin = await bench.app.listen({ host: '127.0.0.1', port: 0 });
    const page = await fetch(`${origin}/status`);
    const html = await page.text();
    const etag = page.headers.get('etag')!;
    baseline.get('/constant', async (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
    const bareUrl = `${await baseline.listen({ host: '127.0.0.1', port: 0 })}/constant`;

    await load(bareUrl);
    await load(`${origin}/status`);
    const bare = await load(bareUrl);
    const status = await load(`${origin}/status`);
    const notModified = await load(`${origin}/status`, { 'if-none-match': etag });
    const ratio = status.reqPerSec / bare.reqPerSec;
    console.log(`status: GET /status (${html.length} bytes) vs a bare Fastify route sending the same HTML, 100 connections, ${DURATION_S} s each`);
    console.table([
      { case: 'bare route', reqPerSec: Math.round(bare.reqPerSec), p99Ms: bare.p99Ms },
      { case: 'GET /status', reqPerSec: Math.round(status.reqPerSec), p99Ms: status.p99Ms },
      { case: 'GET /status with If-None-Match (304)', reqPerSec: Math.round(notModified.reqPerSec), p99Ms: notModified.p99Ms },
    ]);
    return [
      {
        what: `/status (${Math.round(html.length / 1024)} KB) vs bare Fastify, 100 connections; 304s`,
        figure: `${Math.round(status.reqPerSec)} vs ${Math.round(bare.reqPerSec)} req/s (${ratio.toFixed(2)}); ${Math.round(notModified.reqPerSec)} req/s of 304`,
        target: '≥ 0.8',
      },
    ];
  } finally {
    await baseline.close();
    await bench.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runStatusBench();
