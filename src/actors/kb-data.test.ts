/**
 * Checks every row of the world-knowledge files data/actors/people.tsv and data/actors/organizations.tsv
 * (format: data/actors/README.md): column count, known sector and kind, valid country / IGO / NGO code, dates that
 * parse with start ≤ end, no duplicate (name, role, start) and no alias shared by organisations of different
 * countries. The validators are also run on bad rows, so that they are known to catch what they claim to.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { dataPath, readTsv } from '../util/data.js';

const require = createRequire(import.meta.url);
const worldCountries = require('world-countries/countries.json') as { cca3: string }[];

/** ISO 3166-1 alpha-3 codes, plus the user-assigned codes dyad uses (XKX Kosovo; world-countries calls it UNK). */
const STATES = new Set<string>([...worldCountries.map((c) => c.cca3).filter((c) => c !== 'UNK'), 'XKX']);

/** IGO/NGO codes named in the knowledge-base contract, plus those of the actors engineer's igos.tsv when present. */
const ORG_CODES = new Set<string>([
  'IGOUNO', 'IGONAT', 'IGOEUR', 'IGOAFU', 'IGOOSC', 'IGOASN', 'IGOIAE', 'IGOWHO', 'IGOOPC', 'IGOARL', 'IGOIMF',
  'IGOWTO', 'IGOICC', 'IGOWBK', 'IGOGCC', 'IGOECW', 'IGOSCO', 'IGOBRI', 'IGOCOE', 'IGOOIC',
  'NGOAMN', 'NGOHRW', 'NGOICR', 'NGOMSF',
]);
if (fs.existsSync(dataPath('actors/igos.tsv'))) {
  for (const row of readTsv('actors/igos.tsv')) for (const c of row) if (/^(IGO|NGO)[A-Z]{3}$/.test(c)) ORG_CODES.add(c);
}

const SECTORS = new Set([
  'GOV', 'MIL', 'LEG', 'JUD', 'PTY', 'COP', 'SPY', 'MED', 'BUS', 'CVL', 'REB', 'INS', 'OPP', 'EDU', 'REL', 'LAB', 'HLH',
  'ELI', 'IGO', 'NGO', 'REF', 'CRM', 'AGR', 'ENV', 'HRI',
]);
const KINDS = new Set(['organization', 'group', 'ngo', 'igo', 'party', 'military', 'agency', 'media', 'company', 'court', 'legislature']);

export function codeProblem(code: string): string | null {
  if (!code) return 'empty code';
  if (/^(IGO|NGO)[A-Z]{3}$/.test(code)) return ORG_CODES.has(code) ? null : `unknown organisation code ${code}`;
  return STATES.has(code) ? null : `not an ISO 3166-1 alpha-3 code: ${code}`;
}

/** A date cell: YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date. */
export function dateProblem(s: string): string | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return `bad date ${JSON.stringify(s)}`;
  const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) : 1, m[3] ? Number(m[3]) : 1];
  if (y < 1900 || y > 2100) return `implausible year ${s}`;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return `no such day ${s}`;
  return null;
}

const first = (s: string) => (s.length === 4 ? `${s}-01-01` : s.length === 7 ? `${s}-01` : s);
const last = (s: string) => (s.length === 4 ? `${s}-12-31` : s.length === 7 ? `${s}-31` : s);

const listCell = (c: string | undefined) => (c ?? '').split('|').map((s) => s.trim()).filter(Boolean);

/** Problems of one people.tsv row (empty when the row is good). */
export function peopleRowProblems(row: string[]): string[] {
  const out: string[] = [];
  if (row.length < 5 || row.length > 8) return [`${row.length} columns, want 5 to 8`];
  const [name = '', aliases = '', code = '', sector = '', role = '', start = '', end = ''] = row;
  if (!name) out.push('empty name');
  if (/\s{2,}|^\s|\s$/.test(name)) out.push('stray spaces in name');
  for (const a of listCell(aliases)) {
    // aliases are full names or acronyms ("MBS"), never a bare surname: the recogniser links surnames itself
    const nameWords = name.toLowerCase().split(/[\s-]+/);
    if (!/\s/.test(a) && nameWords.length > 1 && nameWords.at(-1) === a.toLowerCase()) out.push(`alias looks like a bare surname: ${a}`);
    if (a === name) out.push(`alias repeats the name: ${a}`);
  }
  const cp = codeProblem(code);
  if (cp) out.push(cp);
  if (!SECTORS.has(sector)) out.push(`unknown sector ${JSON.stringify(sector)}`);
  if (!role) out.push('empty role');
  for (const d of [start, end]) if (d) { const p = dateProblem(d); if (p) out.push(p); }
  if (start && end && !dateProblem(start) && !dateProblem(end) && first(start) > last(end)) out.push(`start ${start} after end ${end}`);
  return out;
}

/** Problems of one organizations.tsv row. */
export function orgRowProblems(row: string[]): string[] {
  const out: string[] = [];
  if (row.length < 5 || row.length > 6) return [`${row.length} columns, want 5 or 6`];
  const [name = '', , kind = '', code = '', sector = ''] = row;
  if (!name) out.push('empty name');
  if (!KINDS.has(kind)) out.push(`unknown kind ${JSON.stringify(kind)}`);
  const cp = codeProblem(code);
  if (cp) out.push(cp);
  if (!SECTORS.has(sector)) out.push(`unknown sector ${JSON.stringify(sector)}`);
  return out;
}

function rowsOf(file: string): string[][] {
  assert.ok(fs.existsSync(dataPath(`actors/${file}`)), `data/actors/${file} is missing`);
  return readTsv(`actors/${file}`);
}

test('validators catch bad rows', () => {
  assert.deepEqual(peopleRowProblems(['Sergei Lavrov', 'Sergey Lavrov', 'RUS', 'GOV', 'Foreign Minister', '2004-03-09', '', '']), []);
  assert.match(peopleRowProblems(['X Y', '', 'RUSS', 'GOV', 'President', '2000'])[0]!, /alpha-3/);
  assert.match(peopleRowProblems(['X Y', '', 'UNK', 'GOV', 'President', '2000'])[0]!, /alpha-3/);
  assert.match(peopleRowProblems(['X Y', '', 'IGOXXX', 'IGO', 'Head', '2000'])[0]!, /unknown organisation/);
  assert.match(peopleRowProblems(['X Y', '', 'FRA', 'GOVT', 'President', '2000'])[0]!, /sector/);
  assert.match(peopleRowProblems(['X Y', '', 'FRA', 'GOV', 'President', '2019-02-30'])[0]!, /no such day/);
  assert.match(peopleRowProblems(['X Y', '', 'FRA', 'GOV', 'President', '2019/02/03'])[0]!, /bad date/);
  assert.match(peopleRowProblems(['X Y', '', 'FRA', 'GOV', 'President', '2020', '2019-12'])[0]!, /after end/);
  assert.deepEqual(peopleRowProblems(['X Y', '', 'FRA', 'GOV', 'President', '2019-05', '2019']), []);
  assert.match(peopleRowProblems(['Xavier Yves', 'Yves', 'FRA', 'GOV', 'President', '2019'])[0]!, /bare surname/);
  assert.deepEqual(peopleRowProblems(['Luiz Lula da Silva', 'Lula', 'BRA', 'GOV', 'President', '2023']), []);
  assert.match(peopleRowProblems(['X Y', 'FRA', 'GOV', 'President'])[0]!, /columns/);
  assert.deepEqual(orgRowProblems(['Hamas', '', 'group', 'PSE', 'REB', '']), []);
  assert.match(orgRowProblems(['Hamas', '', 'gang', 'PSE', 'REB'])[0]!, /kind/);
  assert.match(orgRowProblems(['Hamas', '', 'group', 'PAL', 'REB'])[0]!, /alpha-3/);
});

test('people.tsv: every row is well-formed', () => {
  const rows = rowsOf('people.tsv');
  assert.ok(rows.length > 100, `only ${rows.length} rows`);
  const bad: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const p of peopleRowProblems(row)) bad.push(`${row[0]}: ${p}`);
    const key = [row[0], row[4], row[5]].join('\t').toLowerCase();
    if (seen.has(key)) bad.push(`${row[0]}: duplicate (name, role, start) ${row[4]} ${row[5]}`);
    seen.add(key);
  }
  assert.deepEqual(bad, []);
});

test('people.tsv: one person\'s spans in the same role do not overlap', () => {
  const spans = new Map<string, [string, string][]>();
  for (const [name = '', , code = '', , role = '', start = '', end = ''] of rowsOf('people.tsv')) {
    if (!start) continue;
    const k = `${name}|${code}|${role}`.toLowerCase();
    const l = spans.get(k) ?? [];
    l.push([first(start), end ? last(end) : '9999-12-31']);
    spans.set(k, l);
  }
  const bad: string[] = [];
  for (const [k, l] of spans) {
    l.sort((a, b) => a[0].localeCompare(b[0]));
    for (let i = 1; i < l.length; i++) if (l[i]![0] < l[i - 1]![1] && l[i - 1]![1].slice(0, 4) !== l[i]![0].slice(0, 4)) bad.push(k);
  }
  assert.deepEqual(bad, []);
});

test('organizations.tsv: every row is well-formed, no name or alias shared across countries', () => {
  const rows = rowsOf('organizations.tsv');
  assert.ok(rows.length > 100, `only ${rows.length} rows`);
  const bad: string[] = [];
  const owner = new Map<string, string>();
  const names = new Set<string>();
  for (const row of rows) {
    for (const p of orgRowProblems(row)) bad.push(`${row[0]}: ${p}`);
    const [name = '', aliases = '', , code = ''] = row;
    if (names.has(name.toLowerCase())) bad.push(`${name}: duplicate name`);
    names.add(name.toLowerCase());
    for (const f of [name, ...listCell(aliases)]) {
      const k = f.toLowerCase();
      const o = owner.get(k);
      if (o !== undefined && o !== code) bad.push(`${f}: used for ${o} and ${code}`);
      owner.set(k, code);
    }
  }
  assert.deepEqual(bad, []);
});
