/**
 * SQLite vs PostgreSQL, and one instance vs two on PostgreSQL (issue 13), measured in one run on
 * real server processes seeded alike (the Berlin schedule `comms`, a read API token):
 * - `GET /api/v1/schedules/comms/oncall` req/s on a SQLite server vs a PostgreSQL server;
 * - the same on PostgreSQL, one instance vs two instances on one database (two processes,
 *   the connections split between them: two autocannon runs at once, req/s added up);
 * - the latency of a schedule PUT with the coverage check (requireCoverage is the default),
 *   N PUTs one after another on each backend — median and p95.
 * Needs ROTA_BENCH_DATABASE_URL (or ROTA_TEST_DATABASE_URL): a role that may CREATE DATABASE;
 * the bench makes a database of its own there and drops it. Without one the part is skipped.
 * Run alone with `npx tsx bench/postgres.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { loginOver, startChildServer, type ChildServer } from '../test/durability/child-server.js';
import { berlinSchedule, DAY, median, scaled, seedOverHttp, type Figure } from './fixtures.js';

const CONNECTIONS = 50;
const DURATION_S = scaled(5, 1);
const PUTS = scaled(200, 20);

/** The server and role to use, or undefined to skip. */
function benchDatabaseUrl(): string | undefined {
  return process.env.ROTA_BENCH_DATABASE_URL || process.env.ROTA_TEST_DATABASE_URL || undefined;
}

/** A new, empty database on the server of `url`; `drop` removes it (and ends whatever is still connected). */
async function scratchDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rota_bench_${process.pid}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`drop database if exists "${name}" with (force)`);
  await admin(`create database "${name}"`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  return { url: own.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

interface Load {
  reqPerSec: number;
  p99Ms: number;
}

function oncall(server: ChildServer, token: string, connections: number): Promise<autocannon.Result> {
  return autocannon({
    url: `${server.base}/api/v1/schedules/comms/oncall`,
    connections,
    duration: DURATION_S,
    headers: { authorization: `Bearer ${token}` },
  });
}

function checked(result: autocannon.Result): Load {
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`oncall: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { reqPerSec: result.requests.average, p99Ms: result.latency.p99 };
}

/** `connections` split over `servers`, all loaded at once; req/s added up, the worst p99. */
async function oncallSplit(servers: ChildServer[], token: string, connections: number): Promise<Load> {
  const loads = (await Promise.all(servers.map((s) => oncall(s, token, connections / servers.length)))).map(checked);
  return { reqPerSec: loads.reduce((sum, l) => sum + l.reqPerSec, 0), p99Ms: Math.max(...loads.map((l) => l.p99Ms)) };
}

/** N schedule PUTs one after another (each a real change: the weekly order turns), each timed end to end. */
async function putLatencies(server: ChildServer, admin: string): Promise<{ medianMs: number; p95Ms: number }> {
  const startDate = new Date(Date.now() - 3 * 365 * DAY).toISOString().slice(0, 10);
  const weekly = ['alice', 'bob', 'carol'];
  const times: number[] = [];
  for (let i = 0; i < PUTS; i++) {
    weekly.push(weekly.shift()!);
    const body = berlinSchedule('Communications coordinator', startDate, { weekly, weekend: ['dave', 'erin'], holidays: ['frank', 'grace'], fallback: 'director', calendar: 'de-be' });
    const t0 = performance.now();
    const res = await fetch(`${server.base}/api/v1/schedules/comms`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    times.push(performance.now() - t0);
    if (res.status >= 300) throw new Error(`PUT /schedules/comms → ${res.status}`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: median(times), p95Ms: sorted[Math.floor(sorted.length * 0.95)]! };
}

async function stop(server: ChildServer | undefined): Promise<void> {
  if (!server || server.process.exitCode !== null) return;
  server.process.kill('SIGTERM');
  await server.exited;
}

const round = (n: number) => Math.round(n);
const ratio = (a: number, b: number) => (a / b).toFixed(2);
const ms = (n: number) => n.toFixed(1);

export async function runPostgresBench(): Promise<Figure[]> {
  const url = benchDatabaseUrl();
  if (!url) {
    console.log('postgres: skipped — set ROTA_BENCH_DATABASE_URL=postgres://user:password@host/database (a role that may CREATE DATABASE) to compare SQLite with PostgreSQL');
    return [{ what: 'PostgreSQL vs SQLite, two instances vs one', figure: 'skipped: no ROTA_BENCH_DATABASE_URL' }];
  }
  const dir = mkdtempSync(join(tmpdir(), 'rota-bench-pg-'));
  const database = await scratchDatabase(url);
  const servers: ChildServer[] = [];
  try {
    // The SQLite server must not inherit a ROTA_DATABASE_URL from the bench's own environment.
    const sqlite = await startChildServer(join(dir, 'rota.db'), { ROTA_DATABASE_URL: '' });
    servers.push(sqlite);
    const first = await startChildServer(join(dir, 'unused.db'), { ROTA_DATABASE_URL: database.url });
    servers.push(first);
    const sqliteAdmin = await loginOver(sqlite.base);
    const pgAdmin = await loginOver(first.base);
    const sqliteReader = await seedOverHttp(sqlite.base, sqliteAdmin);
    const pgReader = await seedOverHttp(first.base, pgAdmin);
    const second = await startChildServer(join(dir, 'unused.db'), { ROTA_DATABASE_URL: database.url });
    servers.push(second);

    // Warm-up of each server and its caches, then each figure once, one after another.
    for (const [s, token] of [[sqlite, sqliteReader], [first, pgReader], [second, pgReader]] as const) checked(await oncall(s, token, 10));
    const onSqlite = checked(await oncall(sqlite, sqliteReader, CONNECTIONS));
    const onPostgres = checked(await oncall(first, pgReader, CONNECTIONS));
    const onTwo = await oncallSplit([first, second], pgReader, CONNECTIONS);
    const putSqlite = await putLatencies(sqlite, sqliteAdmin);
    const putPostgres = await putLatencies(first, pgAdmin);

    console.log(`postgres: GET /schedules/comms/oncall at ${CONNECTIONS} connections, ${DURATION_S} s each, real server processes; ${PUTS} schedule PUTs with the coverage check`);
    console.table([
      { run: 'SQLite, one instance', reqPerSec: round(onSqlite.reqPerSec), p99Ms: onSqlite.p99Ms },
      { run: 'PostgreSQL, one instance', reqPerSec: round(onPostgres.reqPerSec), p99Ms: onPostgres.p99Ms },
      { run: 'PostgreSQL, two instances', reqPerSec: round(onTwo.reqPerSec), p99Ms: onTwo.p99Ms },
    ]);
    console.table([
      { backend: 'SQLite', putMedianMs: ms(putSqlite.medianMs), putP95Ms: ms(putSqlite.p95Ms) },
      { backend: 'PostgreSQL', putMedianMs: ms(putPostgres.medianMs), putP95Ms: ms(putPostgres.p95Ms) },
    ]);
    console.log(`ratios: oncall PostgreSQL/SQLite ${ratio(onPostgres.reqPerSec, onSqlite.reqPerSec)}, two instances/one ${ratio(onTwo.reqPerSec, onPostgres.reqPerSec)}; PUT median PostgreSQL/SQLite ${ratio(putPostgres.medianMs, putSqlite.medianMs)}`);
    return [
      {
        what: `oncall, PostgreSQL vs SQLite, ${CONNECTIONS} connections`,
        figure: `${round(onPostgres.reqPerSec)} vs ${round(onSqlite.reqPerSec)} req/s (${ratio(onPostgres.reqPerSec, onSqlite.reqPerSec)}), p99 ${onPostgres.p99Ms} vs ${onSqlite.p99Ms} ms`,
      },
      {
        what: `oncall on PostgreSQL, two instances vs one, ${CONNECTIONS} connections`,
        figure: `${round(onTwo.reqPerSec)} vs ${round(onPostgres.reqPerSec)} req/s (${ratio(onTwo.reqPerSec, onPostgres.reqPerSec)}), p99 ${onTwo.p99Ms} vs ${onPostgres.p99Ms} ms`,
      },
      {
        what: `schedule PUT with the coverage check, PostgreSQL vs SQLite (${PUTS} PUTs)`,
        figure: `median ${ms(putPostgres.medianMs)} vs ${ms(putSqlite.medianMs)} ms (${ratio(putPostgres.medianMs, putSqlite.medianMs)}), p95 ${ms(putPostgres.p95Ms)} vs ${ms(putSqlite.p95Ms)} ms`,
      },
    ];
  } finally {
    await Promise.all(servers.map(stop));
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runPostgresBench();
