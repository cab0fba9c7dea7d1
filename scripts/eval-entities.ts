/**
 * Entity scores against the `entities` of ../shared/gold/articles:
 *   recall     — share of gold entities found: some predicted entity whose name, alias or mention text equals
 *                the gold name or one of its aliases (case, diacritics and a leading "the" ignored);
 *   code acc.  — share of found entities whose code is right (first three letters; every IGO code counts as IGO);
 *   sector acc — share of found entities with a gold sector whose sector is right;
 *   false persons — predicted persons that match no gold entity (names that are not people, or people
 *                the gold leaves out).
 * usage: npx tsx scripts/eval-entities.ts [predictions.jsonl] [--verbose] [--json]
 *   (without a predictions file the pipeline is run on the gold articles)
 */
import fs from 'node:fs';
import path from 'node:path';
import { extractDocument } from '../src/pipeline.js';
import type { DyadRecord, Entity } from '../src/record.js';

const SHARED = path.resolve(process.env.DYAD_SHARED ?? path.join(import.meta.dirname ?? '.', '..', '..', 'shared'));
const GOLD = path.join(SHARED, 'gold', 'articles');

interface GoldEntity { name: string; kind?: string; code?: string | null; sector?: string | null; aliases?: string[] }
interface Gold { id: string; input?: string; entities?: GoldEntity[] }

const norm = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[‘’‛`´]/g, "'")
  .replace(/\s+/g, ' ').trim().replace(/^the /, '').replace(/'s$/, '');
const code3 = (c: string | null | undefined) => {
  if (!c) return '-';
  const u = c.toUpperCase();
  return u.startsWith('IGO') || ['NATO', 'UN', 'EU', 'UNO', 'EUR', 'NAT'].includes(u) ? 'IGO' : u.slice(0, 3);
};

export interface EntityScore { gold: number; found: number; codeOk: number; sectorN: number; sectorOk: number; falsePersons: number; recall: number; codeAccuracy: number; sectorAccuracy: number; summary: string }

export function scoreEntities(records: Map<string, DyadRecord>, verbose = false): EntityScore {
  let gold = 0, found = 0, codeOk = 0, sectorN = 0, sectorOk = 0, falsePersons = 0;
  for (const f of fs.readdirSync(GOLD).filter((x) => x.endsWith('.gold.json')).sort()) {
    const g = JSON.parse(fs.readFileSync(path.join(GOLD, f), 'utf8')) as Gold;
    const rec = records.get(g.id);
    const ents: Entity[] = rec?.entities ?? [];
    const surf = ents.map((e) => new Set([e.name, ...e.aliases, ...e.mentions.map((m) => m.text)].map(norm)));
    const used = new Set<number>();
    for (const ge of g.entities ?? []) {
      gold++;
      const forms = [ge.name, ...(ge.aliases ?? [])].map(norm);
      let best = -1;
      ents.forEach((e, i) => {
        if (!forms.some((x) => surf[i]!.has(x))) return;
        if (best < 0 || norm(e.name) === norm(ge.name) || (norm(ents[best]!.name) !== norm(ge.name) && e.mentions.length > ents[best]!.mentions.length)) best = i;
      });
      if (best < 0) { if (verbose) console.log(`${g.id}\tMISSED\t${ge.name} (${ge.code})`); continue; }
      used.add(best);
      found++;
      const e = ents[best]!;
      if (code3(e.code) === code3(ge.code)) codeOk++;
      else if (verbose) console.log(`${g.id}\tCODE\t${ge.name}: ${e.code} (gold ${ge.code}) [${e.name}]`);
      if (ge.sector) {
        sectorN++;
        if (e.sector === ge.sector) sectorOk++;
        else if (verbose) console.log(`${g.id}\tSECTOR\t${ge.name}: ${e.sector} (gold ${ge.sector})`);
      }
    }
    ents.forEach((e, i) => {
      if (e.kind !== 'person' || used.has(i)) return;
      const known = (g.entities ?? []).some((ge) => [ge.name, ...(ge.aliases ?? [])].map(norm).some((x) => surf[i]!.has(x)));
      if (!known) { falsePersons++; if (verbose) console.log(`${g.id}\tPERSON?\t${e.name}`); }
    });
  }
  const recall = gold ? found / gold : 0, codeAccuracy = found ? codeOk / found : 0, sectorAccuracy = sectorN ? sectorOk / sectorN : 0;
  const pct = (x: number) => (100 * x).toFixed(1);
  return {
    gold, found, codeOk, sectorN, sectorOk, falsePersons, recall, codeAccuracy, sectorAccuracy,
    summary: `entity recall ${pct(recall)} over ${gold}, code accuracy ${pct(codeAccuracy)}, sector accuracy ${pct(sectorAccuracy)} over ${sectorN}, ${falsePersons} unmatched persons`,
  };
}

function runPipeline(): Map<string, DyadRecord> {
  const out = new Map<string, DyadRecord>();
  for (const f of fs.readdirSync(GOLD).filter((x) => x.endsWith('.gold.json'))) {
    const g = JSON.parse(fs.readFileSync(path.join(GOLD, f), 'utf8')) as Gold;
    const file = g.input ? path.resolve(GOLD, g.input) : path.join(GOLD, `${g.id}.txt`);
    out.set(g.id, extractDocument({ id: g.id, text: fs.readFileSync(file, 'utf8'), path: file, format: 'text' }, { until: 'actors' }));
  }
  return out;
}

export function readRecords(file: string): Map<string, DyadRecord> {
  const m = new Map<string, DyadRecord>();
  for (const l of fs.readFileSync(file, 'utf8').split('\n')) if (l.trim()) { const r = JSON.parse(l) as DyadRecord; m.set(r.id, r); }
  return m;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]).replace(/\.[jt]s$/, '') === path.resolve(import.meta.filename ?? '').replace(/\.[jt]s$/, '');
if (isMain) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const s = scoreEntities(file ? readRecords(file) : runPipeline(), args.includes('--verbose'));
  console.log(args.includes('--json') ? JSON.stringify(s, null, 2) : s.summary);
}
