/**
 * npm run eval [-- --set article,polnear,...] [--json]
 * Runs the pipeline over every gold set in ../shared/gold, writes predictions to .eval/<set>.jsonl and
 * prints the shared scorer's summary line for each. `--json` also writes .eval/summary.json (read by the
 * quality-floor test).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { extractDocument } from '../src/pipeline.js';
import type { RawDocument } from '../src/read/types.js';
import type { DyadRecord } from '../src/record.js';
import { readRecords, scoreEntities } from './eval-entities.js';

export const SHARED = path.resolve(process.env.DYAD_SHARED ?? path.join(import.meta.dirname ?? '.', '..', '..', 'shared'));
const GOLD = path.join(SHARED, 'gold');
const SCORER = path.join(SHARED, 'tools', 'score.mjs');
const outDir = () => path.resolve(process.env.DYAD_EVAL_OUT ?? '.eval');

const readJsonl = (p: string) => fs.readFileSync(p, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);

interface EvalSet {
  name: string;
  kind: string;
  gold: string;
  docs: () => RawDocument[];
}

export const SETS: EvalSet[] = [
  {
    name: 'article', kind: 'article', gold: path.join(GOLD, 'articles'),
    docs: () => fs.readdirSync(path.join(GOLD, 'articles')).filter((f) => f.endsWith('.gold.json')).map((f) => {
      const g = JSON.parse(fs.readFileSync(path.join(GOLD, 'articles', f), 'utf8')) as { id: string; input?: string };
      const file = g.input ? path.resolve(GOLD, 'articles', g.input) : path.join(GOLD, 'articles', `${g.id}.txt`);
      return { id: g.id, text: fs.readFileSync(file, 'utf8'), path: file, format: 'text' as const };
    }),
  },
  {
    name: 'polnear', kind: 'polnear', gold: path.join(GOLD, 'quotes', 'polnear.dev.jsonl'),
    docs: () => readJsonl(path.join(GOLD, 'quotes', 'polnear.dev.jsonl')).map((o) => ({ id: String(o.id), text: String(o.text), format: 'jsonl' as const })),
  },
  {
    name: 'plover', kind: 'plover', gold: path.join(GOLD, 'events', 'plover-gsr.dev.jsonl'),
    docs: () => readJsonl(path.join(GOLD, 'events', 'plover-gsr.dev.jsonl')).map((o) => ({ id: String(o.id), text: String(o.text), date: String(o.date), format: 'jsonl' as const })),
  },
  {
    name: 'actors', kind: 'actors', gold: path.join(GOLD, 'actors', 'ngec-cases.dev.jsonl'),
    docs: () => readJsonl(path.join(GOLD, 'actors', 'ngec-cases.dev.jsonl')).map((o) => ({ id: String(o.id), text: String(o.text), format: 'jsonl' as const })),
  },
  {
    name: 'body', kind: 'body', gold: path.join(GOLD, 'extraction', 'ground-truth.jsonl'),
    docs: () => {
      const dir = path.join(GOLD, 'extraction', 'html');
      return fs.readdirSync(dir).filter((f) => f.endsWith('.html.gz')).sort().map((f) => ({
        id: f.replace(/\.html\.gz$/, ''), html: zlib.gunzipSync(fs.readFileSync(path.join(dir, f))).toString('utf8'), path: path.join(dir, f), format: 'html' as const,
      }));
    },
  },
];

function score(kind: string, gold: string, pred: string): { line: string; json: Record<string, unknown> } {
  const json = JSON.parse(execFileSync(process.execPath, [SCORER, kind, gold, pred, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<string, unknown>;
  return { line: String(json.summary), json };
}

/** Plain Readability over linkedom: the baseline the body score must not fall below. */
function readabilityBaseline(docs: RawDocument[]): string {
  const file = path.join(outDir(), 'body-readability.jsonl');
  const lines = docs.map((d) => {
    let body = '';
    try {
      const { document } = parseHTML(d.html ?? '');
      body = new Readability(document as unknown as Document).parse()?.textContent ?? '';
    } catch { body = ''; }
    return JSON.stringify({ id: d.id, article: { body } });
  });
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

export function runEval(names: string[]): Record<string, Record<string, unknown>> {
  fs.mkdirSync(outDir(), { recursive: true });
  const results: Record<string, Record<string, unknown>> = {};
  for (const set of SETS.filter((s) => !names.length || names.includes(s.name))) {
    const docs = set.docs();
    const t0 = performance.now();
    const records: DyadRecord[] = [];
    let failed = 0;
    for (const d of docs) {
      try { records.push(extractDocument(d)); } catch (e) { failed++; process.stderr.write(`eval ${set.name}: ${d.id}: ${(e as Error).stack}\n`); }
    }
    const ms = performance.now() - t0;
    const file = path.join(outDir(), `${set.name}.jsonl`);
    fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const s = score(set.kind, set.gold, file);
    results[set.name] = { ...s.json, ms, failed };
    console.log(`${set.name.padEnd(8)} ${s.line}  [${docs.length} docs, ${(ms / 1000).toFixed(1)} s${failed ? `, ${failed} FAILED` : ''}]`);
    if (set.name === 'article') {
      const es = scoreEntities(readRecords(file));
      results.entities = { ...es };
      console.log(`${'entities'.padEnd(8)} ${es.summary}`);
    }
    if (set.name === 'body') {
      const b = score('body', set.gold, readabilityBaseline(docs));
      results['body-readability'] = b.json;
      console.log(`${'(plain Readability)'.padEnd(8)} ${b.line}`);
    }
  }
  return results;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]).replace(/\.[jt]s$/, '') === path.resolve(import.meta.filename ?? '').replace(/\.[jt]s$/, '');
if (isMain) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--set');
  const names = i >= 0 ? (args[i + 1] ?? '').split(',').filter(Boolean) : [];
  const results = runEval(names);
  if (args.includes('--json')) fs.writeFileSync(path.join(outDir(), 'summary.json'), JSON.stringify(results, null, 2));
}
