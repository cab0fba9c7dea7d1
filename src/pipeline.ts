/**
 * The pipeline: read → segment → actors → quotes → events, each a function over one shared Doc.
 * Every stage can be run alone on a hand-made Doc (see the tests beside each stage).
 */
import { performance } from 'node:perf_hooks';
import type { Doc } from './doc.js';
import { toRecord } from './doc.js';
import type { DyadRecord } from './record.js';
import type { RawDocument } from './read/types.js';
import { read } from './read/index.js';
import { segment } from './segment/index.js';
import { actors } from './actors/index.js';
import { quotes } from './quotes/index.js';
import { events } from './events/index.js';

export type StageName = 'segment' | 'actors' | 'quotes' | 'events';
export const STAGES: Array<[StageName, (doc: Doc) => void]> = [
  ['segment', segment],
  ['actors', actors],
  ['quotes', quotes],
  ['events', events],
];
export const STAGE_NAMES: StageName[] = STAGES.map(([n]) => n);

export interface ExtractOptions {
  /** run the pipeline up to and including this stage (default: all) */
  until?: StageName;
}

/** Runs the pipeline on one document and returns the working Doc (tokens included). */
export function process(raw: RawDocument, opts: ExtractOptions = {}): Doc {
  let t0 = performance.now();
  const doc = read(raw);
  let t1 = performance.now();
  doc.meta.timings.read = t1 - t0;
  for (const [name, stage] of STAGES) {
    t0 = t1;
    stage(doc);
    t1 = performance.now();
    doc.meta.timings[name] = t1 - t0;
    if (name === opts.until) break;
  }
  for (const k of Object.keys(doc.meta.timings)) doc.meta.timings[k] = Math.round(doc.meta.timings[k]! * 1000) / 1000;
  return doc;
}

/** Runs the pipeline on one document and returns its record. */
export function extractDocument(raw: RawDocument, opts: ExtractOptions = {}): DyadRecord {
  return toRecord(process(raw, opts));
}
