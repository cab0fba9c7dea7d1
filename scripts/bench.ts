/**
 * npm run bench [-- --limit N] [--skip-ingest]
 * Throughput of dyad's pipeline over ../shared/corpus/news-intl.jsonl.gz, streamed:
 *  1. read+segment alone (articles/s, MB/s), 2. the full pipeline with time per stage,
 *  3. a bare wink-nlp tokenise+POS pass over the same articles in the same run (the yardstick),
 *  then the ingest benchmark (scripts/bench-ingest.ts) when present. Peak RSS is sampled throughout.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import readline from 'node:readline';
import { spawnSync } from 'node:child_process';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { process as runPipeline, STAGE_NAMES } from '../src/pipeline.js';
import type { RawDocument } from '../src/read/types.js';

const SHARED = path.resolve(process.env.DYAD_SHARED ?? path.join(import.meta.dirname ?? '.', '..', '..', 'shared'));
const CORPUS = path.join(SHARED, 'corpus', 'news-intl.jsonl.gz');

const args = process.argv.slice(2);
const limitArg = args.indexOf('--limit');
const LIMIT = limitArg >= 0 ? Number(args[limitArg + 1]) : Infinity;

let peakRss = 0;
const sample = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };
const timer = setInterval(sample, 50);

async function* corpus(): AsyncIterable<RawDocument> {
  const rl = readline.createInterface({ input: fs.createReadStream(CORPUS).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    if (!line.trim()) continue;
    if (n++ >= LIMIT) break;
    const o = JSON.parse(line) as Record<string, string>;
    yield { id: o.id!, text: o.text!, title: o.title ?? null, date: o.date ?? null, url: o.url ?? null, source: o.source ?? null, authors: o.authors ?? null, format: 'jsonl' };
  }
}

interface Pass { articles: number; bytes: number; ms: number; stages: Record<string, number> }

async function pass(fn: (d: RawDocument) => Record<string, number> | void): Promise<Pass> {
  const r: Pass = { articles: 0, bytes: 0, ms: 0, stages: {} };
  for await (const d of corpus()) {
    const t0 = performance.now();
    const st = fn(d);
    r.ms += performance.now() - t0;
    r.articles++;
    r.bytes += Buffer.byteLength(d.text ?? '');
    if (st) for (const [k, v] of Object.entries(st)) r.stages[k] = (r.stages[k] ?? 0) + v;
    if ((r.articles & 255) === 0) sample();
  }
  return r;
}

const rate = (p: Pass) => `${(p.articles / (p.ms / 1000)).toFixed(0)} articles/s, ${(p.bytes / 1e6 / (p.ms / 1000)).toFixed(2)} MB/s`;

async function main(): Promise<void> {
  if (!fs.existsSync(CORPUS)) { console.error(`bench: corpus not found at ${CORPUS}`); process.exit(2); }
  // warm-up: load models and lexicons outside the timed passes
  runPipeline({ id: 'warm', text: 'The United States said on Monday it was ready for talks with Russia.', format: 'text' });

  const seg = await pass((d) => { runPipeline(d, { until: 'segment' }); });
  const full = await pass((d) => runPipeline(d).meta.timings);
  const nlp = winkNLP(model, ['sbd', 'pos']);
  const its = nlp.its;
  const wink = await pass((d) => { const doc = nlp.readDoc(d.text ?? ''); doc.tokens().out(its.pos); });
  clearInterval(timer);
  sample();

  const base = (full.stages.read ?? 0) + (full.stages.segment ?? 0);
  const lines: string[] = [];
  lines.push(`corpus: ${seg.articles} articles, ${(seg.bytes / 1e6).toFixed(1)} MB (${path.relative(process.cwd(), CORPUS)}), node ${process.version}, one core`);
  lines.push(`read+segment:        ${rate(seg)}`);
  lines.push(`full pipeline:       ${rate(full)}`);
  lines.push(`bare wink tok+POS:   ${rate(wink)}`);
  lines.push(`ratio full/wink:     ${(wink.ms / full.ms).toFixed(2)}x the speed of a bare wink-nlp tokenise+tag pass (read+segment: ${(wink.ms / seg.ms).toFixed(2)}x)`);
  lines.push('per stage (ms total, % of read+segment):');
  for (const s of ['read', ...STAGE_NAMES]) {
    const ms = full.stages[s] ?? 0;
    lines.push(`  ${s.padEnd(8)} ${ms.toFixed(0).padStart(8)} ms  ${s === 'read' || s === 'segment' ? '' : `+${((100 * ms) / base).toFixed(1)}%`}`);
  }
  lines.push(`peak RSS: ${(peakRss / 1048576).toFixed(0)} MB`);
  console.log(lines.join('\n'));

  const ingest = path.join(import.meta.dirname ?? '.', 'bench-ingest.ts');
  if (!args.includes('--skip-ingest') && fs.existsSync(ingest)) {
    console.log('\ningest:');
    const r = spawnSync(process.execPath, ['--import', 'tsx', ingest, ...args], { stdio: 'inherit' });
    if (r.status) process.exitCode = r.status;
  }
}

await main();
