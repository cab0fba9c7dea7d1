#!/usr/bin/env node
/** dyad's command line. Each command lives in its own module and registers itself on the program. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerExtract } from './extract.js';
import { registerActors } from './actors.js';
import { registerIngest } from './ingest.js';
import { registerQuery } from './query.js';
import { registerExport } from './export.js';
import { registerWorker } from './worker.js';
import { registerStatus } from './status.js';
import { registerServe } from './serve.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('dyad')
    .description('Turn news into structured political event data: who said what, and who did what to whom, when.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `
Examples:
  $ dyad extract examples/                      every article in a folder, one JSON record per line
  $ dyad extract article.html --pretty          one article, human-readable JSON
  $ cat story.txt | dyad extract -              read from standard input
  $ dyad extract feed.jsonl.gz --events-only --format petrarch`);
  registerExtract(program);
  registerActors(program);
  registerIngest(program);
  registerQuery(program);
  registerExport(program);
  registerWorker(program);
  registerStatus(program);
  registerServe(program);
  return program;
}

const isMain = !!process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  buildProgram().parseAsync(process.argv).catch((e: unknown) => {
    const err = e as Error;
    process.stderr.write(`dyad: ${err.name === 'UserError' ? err.message : (err.stack ?? String(err))}\n`);
    process.exit(2);
  });
}
