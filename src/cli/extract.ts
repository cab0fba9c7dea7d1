/** `dyad extract`: inputs in, one JSON record per document out. */
import type { Command } from 'commander';
import { readInputs, isInputError, DEFAULT_MAX_BYTES } from '../read/inputs.js';
import { extractDocument, STAGE_NAMES, type StageName } from '../pipeline.js';
import { formatRecord, OUTPUT_FORMATS } from './formats.js';
import { UserError } from '../read/types.js';

export interface ExtractCliOptions {
  pretty?: boolean;
  format: string;
  eventsOnly?: boolean;
  text: boolean;
  until?: string;
  maxBytes: string;
  quiet?: boolean;
}

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('extract a record (article, actors, quotes, events) from each input document and print it')
    .argument('<inputs...>', 'files (.txt .html .htm .html.gz .jsonl .jsonl.gz), folders (searched recursively), or - for stdin')
    .option('--pretty', 'print indented JSON, one record after another')
    .option('-f, --format <format>', `output format: ${OUTPUT_FORMATS.join(', ')}`, 'jsonl')
    .option('--events-only', 'print only the events (with --format petrarch: the PETRARCH tab format)')
    .option('--no-text', 'leave the full input text out of each record')
    .option('--until <stage>', `stop after this stage: ${STAGE_NAMES.join(', ')}`)
    .option('--max-bytes <n>', 'largest document accepted', String(DEFAULT_MAX_BYTES))
    .option('-q, --quiet', 'no summary line on stderr')
    .addHelpText('after', `
Each record follows docs/record.schema.json. An input that cannot be read is reported on stderr as
"dyad: <input>: <reason>"; the other inputs are still processed, and the exit code is 1.

Examples:
  $ dyad extract ../shared/seed/us-russia-dialogue-2021-12-18.txt --pretty
  $ dyad extract pages/ > records.jsonl
  $ dyad extract corpus.jsonl.gz --events-only --format petrarch`)
    .action(async (inputs: string[], o: ExtractCliOptions) => {
      const code = await runExtract(inputs, o);
      process.exitCode = code;
    });
}

export async function runExtract(inputs: string[], o: ExtractCliOptions): Promise<number> {
  if (!OUTPUT_FORMATS.includes(o.format)) throw new UserError(`unknown format "${o.format}" (known: ${OUTPUT_FORMATS.join(', ')})`);
  if (o.until && !STAGE_NAMES.includes(o.until as StageName)) throw new UserError(`unknown stage "${o.until}" (known: ${STAGE_NAMES.join(', ')})`);
  const maxBytes = Number(o.maxBytes);
  if (!Number.isFinite(maxBytes) || maxBytes <= 0) throw new UserError(`--max-bytes must be a positive number`);
  let ok = 0, failed = 0;
  const out = process.stdout;
  for await (const item of readInputs(inputs, { maxBytes })) {
    if (isInputError(item)) {
      failed++;
      process.stderr.write(`dyad: ${item.input}: ${item.error}\n`);
      continue;
    }
    let line: string;
    try {
      const rec = extractDocument(item, o.until ? { until: o.until as StageName } : {});
      if (!o.text) (rec as { text?: string }).text = undefined;
      line = formatRecord(rec, { format: o.format, pretty: !!o.pretty, eventsOnly: !!o.eventsOnly });
    } catch (e) {
      failed++;
      const where = item.line ? `${item.path}:${item.line}` : (item.path ?? item.id);
      process.stderr.write(`dyad: ${where}: extraction failed (${(e as Error).message})\n`);
      continue;
    }
    ok++;
    if (line && !out.write(line)) await new Promise((r) => out.once('drain', r));
  }
  if (!o.quiet && (failed || process.stderr.isTTY)) process.stderr.write(`dyad: ${ok} extracted, ${failed} failed\n`);
  return failed ? 1 : 0;
}
