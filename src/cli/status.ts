/** `dyad status`: the store's counts and, on PostgreSQL, the ingest queue, throughput per worker and failures. */
import type { Command } from 'commander';
import { UserError } from '../read/types.js';
import { DEFAULT_DB } from '../store/types.js';
import { redactUrl } from '../store/postgres.js';
import { status, formatStatus } from '../queue/status.js';

interface StatusCliOptions {
  db?: string;
  json?: boolean;
  watch?: string;
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show the store, and on PostgreSQL the ingest queue: depth, throughput per worker, failed jobs')
    .option('--db <file or url>', `the store: a SQLite file or postgres:// URL (default: DYAD_DB or ${DEFAULT_DB})`)
    .option('--json', 'print the status as JSON')
    .option('-w, --watch <seconds>', 'refresh every so many seconds until Ctrl-C')
    .addHelpText('after', `
Examples:
  $ dyad status --db postgres://dyad@db.internal/news
  $ dyad status --db postgres://localhost/news --watch 2`)
    .action(async (o: StatusCliOptions) => {
      const db = o.db ?? process.env.DYAD_DB ?? DEFAULT_DB;
      const every = o.watch === undefined ? 0 : Number(o.watch);
      if (o.watch !== undefined && !(every > 0)) throw new UserError('--watch takes a number of seconds');
      for (;;) {
        const s = await status(db);
        const label = redactUrl(db);
        if (o.json) process.stdout.write(JSON.stringify({ ...s, db: label }) + '\n');
        else {
          if (every && process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H');
          process.stdout.write(formatStatus(s, label));
        }
        if (!every) break;
        await new Promise((r) => setTimeout(r, every * 1000));
      }
    });
}
