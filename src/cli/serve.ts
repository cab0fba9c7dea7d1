/** `dyad serve`: the web UI and HTTP API over the store, on localhost. */
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
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('open the web UI and HTTP API over the store (read-only unless an ingest token is set)')
    .option('--db <file>', 'the store to serve', DEFAULT_DB)
    .option('-p, --port <n>', 'port to listen on (0: any free port)', '8080')
    .option('--host <addr>', 'address to listen on (0.0.0.0 to expose it beyond this machine)', '127.0.0.1')
    .option('--ingest-token <token>', 'allow POST /api/articles with "Authorization: Bearer <token>" (or set DYAD_INGEST_TOKEN)')
    .option('--max-bytes <n>', 'largest request body for POST /api/extract and /api/articles', String(DEFAULT_MAX_EXTRACT_BYTES))
    .addHelpText('after', `
Pages: / (articles), /articles/<id> (annotated text), /actors/<code or name>, /dyads/USA/RUS (the relation
over time), /network, /events, /quotes, /search. API: /api/... described at /openapi.json.

Examples:
  $ dyad ingest examples/ && dyad serve          then open http://127.0.0.1:8080/
  $ DYAD_INGEST_TOKEN=secret dyad serve --db news.db --port 9000`)
    .action(async (o: ServeCliOptions) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port must be 0..65535, got "${o.port}"`);
      const maxBytes = Number(o.maxBytes);
      if (!Number.isFinite(maxBytes) || maxBytes <= 0) throw new UserError('--max-bytes must be a positive number');
      const token = o.ingestToken ?? process.env.DYAD_INGEST_TOKEN ?? null;
      if (token !== null && token.length < 8) throw new UserError('the ingest token must be at least 8 characters');
      const store = await openStore(o.db, { readonly: !token });
      let server;
      try {
        server = await startServer(store, { port, host: o.host, ingestToken: token, maxExtractBytes: maxBytes });
      } catch (e) {
        await store.close();
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'EADDRINUSE') throw new UserError(`port ${port} on ${o.host} is in use (choose another with --port)`);
        throw e;
      }
      const s = await store.stats();
      process.stderr.write(`dyad: serving ${o.db} (${s.articles} articles, ${s.events} events; ${token ? 'ingest enabled' : 'read-only'}) at ${server.url}/  (Ctrl-C to stop)\n`);
      const stop = (): void => {
        void server.close().then(() => store.close()).then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
