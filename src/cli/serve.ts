/** `dyad serve`: the web UI and HTTP API over the store, on localhost. */
import cluster from 'node:cluster';
import os from 'node:os';
import type { Command } from 'commander';
import { openStore } from '../store/index.js';
import { DEFAULT_DB } from '../store/types.js';
import { startServer, DEFAULT_MAX_EXTRACT_BYTES } from '../serve/index.js';
import { UserError } from '../read/types.js';

export interface ServeCliOptions {
  db: string;
  port: string;
  host: string;
  ingestToken?: string;
  maxBytes: string;
  workers: string;
  cache: boolean;
}

const cores = (): number => Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('open the web UI and HTTP API over the store (read-only unless an ingest token is set)')
    .option('--db <file>', 'the store to serve (a SQLite file or a postgres:// URL)', DEFAULT_DB)
    .option('-p, --port <n>', 'port to listen on (0: any free port)', '8080')
    .option('--host <addr>', 'address to listen on (0.0.0.0 to expose it beyond this machine)', '127.0.0.1')
    .option('--ingest-token <token>', 'allow POST /api/articles with "Authorization: Bearer <token>" (or set DYAD_INGEST_TOKEN)')
    .option('--max-bytes <n>', 'largest request body for POST /api/extract and /api/articles', String(DEFAULT_MAX_EXTRACT_BYTES))
    .option('--no-cache', 'no in-memory cache of responses and records (every request asks the store)')
    .option('-w, --workers <n>', `server processes sharing the port, each with its own cache (up to the cores, here ${cores()}; one is best when the cache answers most requests)`, '1')
    .addHelpText('after', `
Pages: / (articles), /articles/<id> (annotated text), /actors/<code or name>, /dyads/USA/RUS (the relation
over time), /network, /events, /quotes, /search. API: /api/... described at /openapi.json.

Examples:
  $ dyad ingest examples/ && dyad serve          then open http://127.0.0.1:8080/
  $ DYAD_INGEST_TOKEN=secret-token dyad serve --db news.db --port 9000`)
    .action(async (o: ServeCliOptions) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port must be 0..65535, got "${o.port}"`);
      const maxBytes = Number(o.maxBytes);
      if (!Number.isFinite(maxBytes) || maxBytes <= 0) throw new UserError('--max-bytes must be a positive number');
      const workers = Number(o.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new UserError(`--workers must be 1..64, got "${o.workers}"`);
      const token = o.ingestToken ?? process.env.DYAD_INGEST_TOKEN ?? null;
      if (token !== null && token.length < 8) throw new UserError('the ingest token must be at least 8 characters');
      if (workers > 1 && cluster.isPrimary) return runPrimary(o, workers, token);
      await runServer(o, port, token, maxBytes);
    });
}

/** One server process: opens the store and listens (in a cluster worker, on the port the primary shares). */
async function runServer(o: ServeCliOptions, port: number, token: string | null, maxBytes: number): Promise<void> {
  const store = await openStore(o.db, { readonly: !token });
  let server;
  try {
    server = await startServer(store, {
      port, host: o.host, ingestToken: token, maxExtractBytes: maxBytes,
      ...(o.cache ? {} : { responseCacheChars: 0, recordCacheChars: 0 }),
    });
  } catch (e) {
    await store.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new UserError(`port ${port} on ${o.host} is in use (choose another with --port)`);
    throw e;
  }
  const stop = (): void => {
    void server.close().then(() => store.close()).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (cluster.isWorker) {
    process.send?.({ dyadServe: server.url });
    return;
  }
  const s = await store.stats();
  process.stderr.write(`dyad: serving ${o.db} (${s.articles} articles, ${s.events} events; ${token ? 'ingest enabled' : 'read-only'}) at ${server.url}/  (Ctrl-C to stop)\n`);
}

/** The cluster primary: starts the workers, prints the address once one listens, restarts none (a crash ends the server). */
async function runPrimary(o: ServeCliOptions, workers: number, token: string | null): Promise<void> {
  // check the store opens before forking, so a missing database is one clear error
  const store = await openStore(o.db, { readonly: !token });
  const s = await store.stats();
  await store.close();
  let announced = false, stopping = false;
  for (let i = 0; i < workers; i++) {
    const w = cluster.fork();
    w.on('message', (m: { dyadServe?: string }) => {
      if (!m?.dyadServe || announced) return;
      announced = true;
      process.stderr.write(`dyad: serving ${o.db} (${s.articles} articles, ${s.events} events; ${token ? 'ingest enabled' : 'read-only'}; ${workers} processes) at ${m.dyadServe}/  (Ctrl-C to stop)\n`);
    });
  }
  cluster.on('exit', (_w, code) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`dyad: a server process exited (${code}); stopping\n`);
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    process.exitCode = code || 1;
  });
  const stop = (): void => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
