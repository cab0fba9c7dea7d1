import { readTsv } from '../util/data.js';

export type AbbrevKind = 'title' | 'month' | 'acronym' | 'other';

/** data/segment/abbreviations.tsv: abbreviation (with its dot) → kind. */
export const ABBREVIATIONS: Map<string, AbbrevKind> = new Map(
  readTsv('segment/abbreviations.tsv').map(([a, k]) => [a!.toLowerCase(), (k ?? 'other') as AbbrevKind]),
);
