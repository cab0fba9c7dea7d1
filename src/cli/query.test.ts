/**
 * The query and export commands on a database filled with the store fixtures, run as a user would:
 * through the CLI from source (tsx), and from the built bin/dyad.js when dist/ exists (npm ci builds it).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { openSqliteStore } from '../store/sqlite.js';
import { STREAM, putItem } from '../store/fixtures.js';
import { synthArticle } from '../ingest/fixtures.js';
import { GDELT_COLUMNS, quadClass, gdeltRow, numericId } from './export.js';
import { renderTable, csvField, intensityBar } from './query.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-query-'));
const db = path.join(tmp, 'q.db');
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function dyad(args: string[], bin?: string): { out: string; err: string; code: number | null } {
  const argv = bin ? [bin, ...args] : ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'index.ts'), ...args];
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { out: r.stdout, err: r.stderr, code: r.status };
}
const jsonl = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

/** a minimal CSV parser (quoted fields, doubled quotes, newlines in quotes) to check what we write */
function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], f = '', q = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (q) {
      if (c === '"' && s[i + 1] === '"') { f += '"'; i++; } else if (c === '"') q = false; else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(f); f = ''; } else if (c === '\n') { row.push(f); rows.push(row); row = []; f = ''; } else f += c;
  }
  if (f || row.length) { row.push(f); rows.push(row); }
  return rows;
}

before(async () => {
  const s = await openSqliteStore(db);
  await s.putRecords(STREAM.map(putItem));
  await s.close();
});

describe('query commands (from source)', () => {
  test('events: filters, JSONL when piped', () => {
    const r = dyad(['events', '--db', db, '--source', 'USA', '--target', 'RUS', '--since', '2022-02-01']);
    assert.equal(r.code, 0, r.err);
    const rows = jsonl(r.out);
    assert.deepEqual(rows.map((x) => x.type), ['SANCTION', 'ACCUSE']);
    assert.equal(rows[0]!.evidence, 'The United States imposed sweeping sanctions on Russia on Wednesday');
  });

  test('events as a table and as CSV', () => {
    const t = dyad(['events', '--db', db, '--type', 'SANCTION', '-f', 'table']);
    const lines = t.out.trimEnd().split('\n');
    assert.match(lines[0]!, /^date\s+source\s+type\s+target\s+int\s+sentence\s+article$/);
    assert.match(lines[2]!, /^2022-03-02\s+United States \(USA\)\s+SANCTION\s+Russia \(RUS\)\s+-6\s+The United States imposed.*sanction-mar$/);
    const c = parseCsv(dyad(['events', '--db', db, '-f', 'csv', '--type', 'CONSULT']).out);
    assert.equal(c[0]![0], 'key');
    assert.ok(c[0]!.includes('source_code') && c[0]!.includes('intensity'));
    assert.equal(c.length, 1 + 2);
    assert.equal(c[1]![c[0]!.indexOf('source_code')], 'USA');
  });

  test('quotes --speaker, actors, dyad --by month, search', () => {
    const q = jsonl(dyad(['quotes', '--db', db, '--speaker', 'Vladimir Putin']).out);
    assert.deepEqual(q.map((x) => x.content), ['We are not going to attack Ukraine', 'a serious proposal that deserves a serious answer']);
    const a = jsonl(dyad(['actors', '--db', db, '-n', '2']).out);
    assert.deepEqual(a.map((x) => x.name), ['Russia', 'Ukraine'], 'ties (6 mentions in 2 articles) by name');
    const d = jsonl(dyad(['dyad', 'USA', 'RUS', '--by', 'month', '--db', db]).out);
    assert.deepEqual(d.map((x) => [x.period, x.total, x.meanIntensity]), [['2022-01', 2, 4], ['2022-02', 1, -2], ['2022-03', 3, -4]]);
    const table = dyad(['dyad', 'USA', 'RUS', '--db', db, '-f', 'table']).out;
    assert.match(table, /2022-03\s+3\s+1\s+2\s+-4\.0\s+█{4}┊ {10}\s+ACCUSE 1, SANCTION 1, THREATEN 1/);
    const s = jsonl(dyad(['search', 'draft', 'treaty', '--db', db]).out);
    assert.equal(s[0]!.articleId, 'talks-jan');
    assert.match(String(s[0]!.snippet), /\[draft\] \[treaty\]/);
  });

  test('an empty answer on a terminal-style table says what the database holds', () => {
    const r = dyad(['events', '--db', db, '--source', 'ZZZ', '-f', 'table']);
    assert.equal(r.code, 0);
    assert.match(r.err, /no events match; .*q\.db holds 5 articles, 5 actors, 3 quotes, 8 events \(2022-01-05 … 2022-03-02\)/);
  });

  test('errors: a missing database, a bad date, a bad format', () => {
    const miss = dyad(['events', '--db', path.join(tmp, 'none.db')]);
    assert.equal(miss.code, 2);
    assert.match(miss.err, /^dyad: no database at .*none\.db \(run "dyad ingest <inputs>" first/);
    assert.ok(!fs.existsSync(path.join(tmp, 'none.db')), 'a query never creates a database');
    assert.match(dyad(['events', '--db', db, '--since', 'last week']).err, /--since takes a date/);
    assert.match(dyad(['events', '--db', db, '-f', 'xml']).err, /unknown format "xml"/);
  });
});

describe('export', () => {
  test('jsonl and csv of events, quotes, articles; records round-trip', () => {
    const ev = jsonl(dyad(['export', '--db', db]).out);
    assert.equal(ev.length, 6, 'copies and negated events left out by default');
    assert.equal(jsonl(dyad(['export', '--db', db, '--duplicates', '--negated']).out).length, 8);
    const qc = parseCsv(dyad(['export', '--db', db, '--what', 'quotes', '-f', 'csv']).out);
    assert.equal(qc.length, 3);
    assert.ok(qc[1]!.includes('a serious proposal that deserves a serious answer'));
    const recs = jsonl(dyad(['export', '--db', db, '--what', 'records']).out);
    assert.equal(recs.length, 4, 'first copies only');
    assert.deepEqual(recs.map((r) => r.id), ['talks-jan', 'accuse-feb', 'sanction-mar', 'grain-mar']);
    const out = path.join(tmp, 'a.csv');
    const r = dyad(['export', '--db', db, '--what', 'articles', '-f', 'csv', '-o', out]);
    assert.match(r.err, /exported 4 articles to/);
    assert.equal(parseCsv(fs.readFileSync(out, 'utf8')).length, 5);
  });

  test('gdelt: the 61 GDELT 2.0 event columns, codes and dates in GDELT form', () => {
    const rows = parseCsv(dyad(['export', '--db', db, '-f', 'gdelt', '--type', 'SANCTION']).out);
    assert.deepEqual(rows[0], [...GDELT_COLUMNS]);
    assert.equal(rows[0]!.length, 61);
    const r = Object.fromEntries(rows[0]!.map((k, i) => [k, rows[1]![i]]));
    assert.equal(r.SQLDATE, '20220302');
    assert.equal(r.MonthYear, '202203');
    assert.equal(r.Year, '2022');
    assert.equal(r.FractionDate, '2022.1644');
    assert.equal(r.Actor1Code, 'USA');
    assert.equal(r.Actor1CountryCode, 'USA');
    assert.equal(r.Actor1Name, 'UNITED STATES');
    assert.equal(r.Actor2Code, 'RUS');
    assert.equal(r.EventCode, '163');
    assert.equal(r.EventBaseCode, '163');
    assert.equal(r.EventRootCode, '16');
    assert.equal(r.QuadClass, '4');
    assert.equal(r.GoldsteinScale, '-6');
    assert.equal(r.DATEADDED, '20220302180000');
    assert.equal(r.SOURCEURL, 'https://news.example/2022/03/sanctions');
    assert.equal(r.GLOBALEVENTID, String(numericId('sanction-mar#v1')));
  });

  test('petrarch: tab lines', () => {
    const lines = dyad(['export', '--db', db, '-f', 'petrarch', '--type', 'ACCUSE']).out.trim().split('\n');
    assert.deepEqual(lines.map((l) => l.split('\t')), [
      ['20220210', 'USA', 'RUS', '112', 'accuse-feb', 'v1'],
      ['20220302', 'RUS', 'USA', '111', 'sanction-mar', 'v3'],
    ]);
    assert.match(dyad(['export', '--db', db, '-f', 'gdelt', '--what', 'quotes']).err, /exports events only/);
  });
});

test('helpers: QuadClass, CSV quoting, table fitting, intensity bar', () => {
  assert.deepEqual(['043', '073', '112', '190'].map((c) => quadClass(c, '')), [1, 2, 3, 4]);
  assert.equal(quadClass(null, 'ASSAULT'), 4);
  assert.equal(quadClass(null, 'AGREE'), 1);
  assert.equal(quadClass(null, 'UNKNOWN'), null);
  assert.equal(csvField('a, "b"\nc'), '"a, ""b""\nc"');
  assert.equal(csvField(null), '');
  const t = renderTable([{ a: 'x', b: 'y'.repeat(50) }], [{ name: 'a', get: (r) => r.a }, { name: 'b', get: (r) => r.b, flex: true }], 30);
  assert.ok(t.split('\n').every((l) => l.length <= 30), t);
  assert.match(t, /y…$/m);
  assert.equal(intensityBar(10, 5), '     ┊█████');
  assert.equal(intensityBar(-4, 5), '   ██┊     ');
  assert.equal(gdeltRow({ key: 'k', articleId: 'a', eventId: 'e', type: 'CONSULT', mode: null, cameo: null, source: null, target: null, date: null, location: 'Geneva', negated: false, intensity: null, evidence: '', sentence: '', quote: null, pattern: '', headline: null, url: null, outlet: null, published: null }).length, 61);
});

test('the built CLI (bin/dyad.js, dist/) ingests on worker threads and queries', { skip: !fs.existsSync(path.join(ROOT, 'dist', 'ingest', 'worker.js')) && 'dist/ not built (npm run build)' }, () => {
  const dir = path.join(tmp, 'in');
  fs.mkdirSync(dir);
  for (let i = 0; i < 3; i++) { const a = synthArticle(i, 11); fs.writeFileSync(path.join(dir, `s${i}.txt`), `${a.title}\n\n${a.text}\n`); }
  const bin = path.join(ROOT, 'bin', 'dyad.js');
  const db2 = path.join(tmp, 'built.db');
  const r = dyad(['ingest', dir, '--db', db2, '--workers', '2'], bin);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /ingested 3 articles, 0 already stored, 0 failed .* 2 workers\)/);
  const again = dyad(['ingest', dir, '--db', db2], bin);
  assert.match(again.err, /ingested 0 articles, 3 already stored/);
  const arts = jsonl(dyad(['export', '--db', db2, '--what', 'articles'], bin).out);
  assert.deepEqual(arts.map((a) => a.id).sort(), ['s0', 's1', 's2']);
});
