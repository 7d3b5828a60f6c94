/**
 * Entry point of `npm start`: read the environment, build the app, listen, stop cleanly.
 * A start that fails (bad configuration, a database that is corrupt, not a database, or may not
 * be written, a port in use) ends with one line on stderr saying why, and exit code 1.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { configFromEnv } from './config.js';

function refuseToStart(err: unknown): never {
  const reason = (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
  console.error(`rota: could not start: ${reason}`);
  // The operator needs the reason, not our call stack; a developer chasing a bug can ask for it.
  if (['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '') && err instanceof Error) console.error(err.stack);
  process.exit(1);
}

let app: FastifyInstance;
let config: ReturnType<typeof configFromEnv>;
try {
  config = configFromEnv();
  app = await buildApp(config);
} catch (err) {
  refuseToStart(err);
}

if (!config.publicUrl) {
  app.log.warn('ROTA_PUBLIC_URL is not set: feed URLs are built from the Host header of the request that creates them; set it to the public origin (e.g. https://rota.example.com)');
}

// Ctrl-C in a terminal sends SIGINT to npm and to the server alike, and npm passes its own on:
// the server gets two. The first closes everything (connections, compute workers, the database)
// and exits; any later one must not kill the process halfway through that.
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

try {
  await app.listen({ port: config.port, host: config.host });
} catch (err) {
  await app.close();
  refuseToStart(err);
}
