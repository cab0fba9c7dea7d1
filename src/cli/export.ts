/**
 * `dyad export`: the whole database (or a filtered part) as JSONL, CSV, a GDELT 2.0-style event table,
 * or PETRARCH-style tab lines. Streams: memory stays flat on any database size.
 */
import fs from 'node:fs';
import crypto from 'node:crypto';
import type { Command } from 'commander';
import { UserError } from '../read/types.js';
import { DEFAULT_DB, type EventFilters, type EventRow, type ActorSide } from '../store/types.js';
import { csvLine, dateOpt, flatEvent, flatQuote, withStore } from './query.js';

export const EXPORT_FORMATS = ['jsonl', 'csv', 'gdelt', 'petrarch'] as const;
export const EXPORT_KINDS = ['events', 'quotes', 'articles', 'records'] as const;

/** The GDELT 2.0 event table's 61 columns, in order. */
export const GDELT_COLUMNS = [
  'GLOBALEVENTID', 'SQLDATE', 'MonthYear', 'Year', 'FractionDate',
  'Actor1Code', 'Actor1Name', 'Actor1CountryCode', 'Actor1KnownGroupCode', 'Actor1EthnicCode', 'Actor1Religion1Code', 'Actor1Religion2Code', 'Actor1Type1Code', 'Actor1Type2Code', 'Actor1Type3Code',
  'Actor2Code', 'Actor2Name', 'Actor2CountryCode', 'Actor2KnownGroupCode', 'Actor2EthnicCode', 'Actor2Religion1Code', 'Actor2Religion2Code', 'Actor2Type1Code', 'Actor2Type2Code', 'Actor2Type3Code',
  'IsRootEvent', 'EventCode', 'EventBaseCode', 'EventRootCode', 'QuadClass', 'GoldsteinScale', 'NumMentions', 'NumSources', 'NumArticles', 'AvgTone',
  'Actor1Geo_Type', 'Actor1Geo_FullName', 'Actor1Geo_CountryCode', 'Actor1Geo_ADM1Code', 'Actor1Geo_ADM2Code', 'Actor1Geo_Lat', 'Actor1Geo_Long', 'Actor1Geo_FeatureID',
  'Actor2Geo_Type', 'Actor2Geo_FullName', 'Actor2Geo_CountryCode', 'Actor2Geo_ADM1Code', 'Actor2Geo_ADM2Code', 'Actor2Geo_Lat', 'Actor2Geo_Long', 'Actor2Geo_FeatureID',
  'ActionGeo_Type', 'ActionGeo_FullName', 'ActionGeo_CountryCode', 'ActionGeo_ADM1Code', 'ActionGeo_ADM2Code', 'ActionGeo_Lat', 'ActionGeo_Long', 'ActionGeo_FeatureID',
  'DATEADDED', 'SOURCEURL',
] as const;

/** QuadClass of the PLOVER types without a CAMEO code: 1 verbal cooperation … 4 material conflict. */
const PLOVER_QUAD: Record<string, number> = {
  AGREE: 1, CONSULT: 1, SUPPORT: 1, REQUEST: 1, CONCEDE: 2, COOPERATE: 2, AID: 2, RETREAT: 2,
  ACCUSE: 3, REJECT: 3, THREATEN: 3, PROTEST: 4, SANCTION: 4, MOBILIZE: 4, COERCE: 4, ASSAULT: 4,
};

/** GDELT's QuadClass: from the CAMEO root (01–05, 06–08, 09–13, 14–20), else from the PLOVER type. */
export function quadClass(cameo: string | null, type: string): number | null {
  const root = cameo ? Number(cameo.slice(0, 2)) : NaN;
  if (root >= 1 && root <= 5) return 1;
  if (root >= 6 && root <= 8) return 2;
  if (root >= 9 && root <= 13) return 3;
  if (root >= 14 && root <= 20) return 4;
  return PLOVER_QUAD[type.toUpperCase()] ?? null;
}

/** A stable numeric id for an event key (GDELT's GLOBALEVENTID is an integer): 52 bits of its SHA-1. */
export function numericId(key: string): number {
  return parseInt(crypto.createHash('sha1').update(key).digest('hex').slice(0, 13), 16);
}

function actorCols(a: ActorSide | null): unknown[] {
  if (!a) return ['', '', '', '', '', '', '', '', '', ''];
  const code = a.code ?? '';
  const country = /^[A-Z]{3}$/.test(code) ? code : '';
  const group = code && !country ? code : '';
  return [code + (a.sector ?? ''), a.name.toUpperCase(), country, group, '', '', '', a.sector ?? '', '', ''];
}

/** One event as a GDELT 2.0 event-table row (columns GDELT_COLUMNS). Fields dyad has no value for are empty. */
export function gdeltRow(e: EventRow): unknown[] {
  const date = (e.date ?? e.published ?? '').slice(0, 10);
  const full = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const ymd = full ? date.replace(/-/g, '') : '';
  let fraction: string | number = '';
  if (full) {
    const d = new Date(`${date}T00:00:00Z`);
    const startOfYear = Date.UTC(d.getUTCFullYear(), 0, 1);
    fraction = (d.getUTCFullYear() + (d.getTime() - startOfYear) / 86_400_000 / 365).toFixed(4);
  }
  const cameo = e.cameo ?? '';
  const geo = e.location ? ['', e.location, '', '', '', '', '', ''] : ['', '', '', '', '', '', '', ''];
  const added = (e.published ?? '').replace(/[-:T]/g, '').replace(/[.+Z].*$/, '').slice(0, 14);
  return [
    numericId(e.key), ymd, ymd.slice(0, 6), ymd.slice(0, 4), fraction,
    ...actorCols(e.source), ...actorCols(e.target),
    '', cameo, cameo.slice(0, 3), cameo.slice(0, 2), quadClass(e.cameo, e.type) ?? '', e.intensity ?? '', 1, 1, 1, '',
    '', '', '', '', '', '', '', '',
    '', '', '', '', '', '', '', '',
    ...geo,
    added.length >= 8 ? added.padEnd(14, '0') : '', e.url ?? '',
  ];
}

/** PETRARCH-style tab line: date, source code, target code, CAMEO code, article id, event id (as `dyad extract --format petrarch`). */
export function petrarchLine(e: EventRow): string {
  const date = (e.date ?? '').replace(/-/g, '').slice(0, 8);
  return [date, e.source?.code ?? '---', e.target?.code ?? '---', e.cameo ?? '---', e.articleId, e.eventId].join('\t') + '\n';
}

interface ExportCliOptions {
  db: string;
  format: string;
  what: string;
  output?: string;
  source?: string;
  target?: string;
  actor?: string;
  type?: string;
  since?: string;
  until?: string;
  negated?: boolean;
  duplicates?: boolean;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write the database out: events (default), quotes, articles or full records')
    .option('--db <file>', 'the database file', DEFAULT_DB)
    .option('-f, --format <format>', `${EXPORT_FORMATS.join(' | ')} (gdelt and petrarch: events only)`, 'jsonl')
    .option('--what <kind>', EXPORT_KINDS.join(' | '), 'events')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .option('-s, --source <actor>', 'events: source actor (code or name)')
    .option('-t, --target <actor>', 'events: target actor')
    .option('-a, --actor <actor>', 'events: either side')
    .option('--type <types>', 'events: PLOVER type(s), comma-separated')
    .option('--since <date>', 'from this date on')
    .option('--until <date>', 'up to this date')
    .option('--negated', 'events: include negated events')
    .option('--duplicates', 'include near-duplicate copies')
    .addHelpText('after', `
Formats:
  jsonl     one JSON object per line (events, quotes, articles as rows; records: the full record of each article)
  csv       a header line, then one row per event / quote / article
  gdelt     CSV with the GDELT 2.0 event table's 61 column names; fields dyad does not produce are empty
  petrarch  tab lines: date, source, target, CAMEO code, article id, event id

Examples:
  $ dyad export --format csv > events.csv
  $ dyad export --format gdelt --source USA --since 2017 -o usa.gdelt.csv
  $ dyad export --what records > records.jsonl`)
    .action(async (o: ExportCliOptions) => {
      process.exitCode = await runExport(o);
    });
}

export async function runExport(o: ExportCliOptions): Promise<number> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(o.format)) throw new UserError(`unknown format "${o.format}" (known: ${EXPORT_FORMATS.join(', ')})`);
  if (!(EXPORT_KINDS as readonly string[]).includes(o.what)) throw new UserError(`unknown kind "${o.what}" (known: ${EXPORT_KINDS.join(', ')})`);
  if ((o.format === 'gdelt' || o.format === 'petrarch') && o.what !== 'events') throw new UserError(`--format ${o.format} exports events only`);
  if (o.what === 'records' && o.format !== 'jsonl') throw new UserError('--what records is exported as jsonl only');
  const since = dateOpt(o.since, '--since'), until = dateOpt(o.until, '--until');
  const out: NodeJS.WritableStream = o.output ? fs.createWriteStream(o.output) : process.stdout;
  const write = async (s: string) => { if (!out.write(s)) await new Promise((r) => out.once('drain', r)); };
  let n = 0;
  await withStore(o.db, async (store) => {
    if (o.what === 'events') {
      const f: EventFilters = { source: o.source, target: o.target, actor: o.actor, type: o.type, since, until, includeNegated: !!o.negated, includeDuplicates: !!o.duplicates };
      let header = true;
      for await (const e of store.exportRows('events', f)) {
        n++;
        if (o.format === 'jsonl') await write(JSON.stringify(e) + '\n');
        else if (o.format === 'petrarch') await write(petrarchLine(e));
        else if (o.format === 'gdelt') {
          if (header) { await write(csvLine([...GDELT_COLUMNS])); header = false; }
          await write(csvLine(gdeltRow(e)));
        } else {
          const flat = flatEvent(e);
          if (header) { await write(csvLine(Object.keys(flat))); header = false; }
          await write(csvLine(Object.values(flat)));
        }
      }
      if (header && o.format === 'gdelt') await write(csvLine([...GDELT_COLUMNS]));
    } else if (o.what === 'quotes') {
      let header = true;
      for await (const q of store.exportRows('quotes', { since, until, includeDuplicates: !!o.duplicates })) {
        n++;
        if (o.format === 'jsonl') { await write(JSON.stringify(q) + '\n'); continue; }
        const flat = flatQuote(q);
        if (header) { await write(csvLine(Object.keys(flat))); header = false; }
        await write(csvLine(Object.values(flat)));
      }
    } else {
      let header = true;
      const dup = o.duplicates ? undefined : false;
      for await (const a of store.exportRows('articles', { since, until, duplicates: dup })) {
        n++;
        if (o.what === 'records') {
          const rec = await store.getArticle(a.id);
          if (rec) await write(JSON.stringify(rec) + '\n');
        } else if (o.format === 'jsonl') await write(JSON.stringify(a) + '\n');
        else {
          if (header) { await write(csvLine(Object.keys(a))); header = false; }
          await write(csvLine(Object.values(a)));
        }
      }
    }
  });
  if (o.output) await new Promise<void>((res, rej) => { out.end(() => res()); out.on('error', rej); });
  if (process.stderr.isTTY || o.output) process.stderr.write(`dyad: exported ${n} ${o.what}${o.output ? ` to ${o.output}` : ''}\n`);
  return 0;
}
