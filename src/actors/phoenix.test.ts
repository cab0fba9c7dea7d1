import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePhoenix, phoenixDate, splitCameo, PhoenixError } from './phoenix.js';
import { runImport } from '../cli/actors.js';
import { process as runPipeline } from '../pipeline.js';

// a made-up dictionary in the PETRARCH/Phoenix format
const DICT = `# test dictionary
FREEDONIA_  [FRA]
+FREEDONIAN_
RUFUS_T_FIREFLY_  # leader
+CHANCELLOR_FIREFLY_
	[FRAELI 19200101-19330101]
	[FRAGOV >19330101]
	[FRAELI]
HOLLANDIA_NATIONAL_ARMY  [NLDMIL]
AMBASSADOR_TRENTINO_
	[SYLGOV <991231]
WORLD_PEACE_LEAGUE_ [IGOWPL]
`;

test('parsePhoenix: entries, synonyms, dated codes', () => {
  const a = parsePhoenix(DICT);
  assert.deepEqual(a.map((x) => x.name), ['Freedonia', 'Rufus T Firefly', 'Hollandia National Army', 'Ambassador Trentino', 'World Peace League']);
  assert.deepEqual(a[1]!.synonyms, ['Chancellor Firefly']);
  assert.deepEqual(a[1]!.codes, [
    { raw: 'FRAELI', start: '1920-01-01', end: '1933-01-01' },
    { raw: 'FRAGOV', start: '1933-01-01', end: null },
    { raw: 'FRAELI', start: null, end: null },
  ]);
  assert.deepEqual(a[3]!.codes[0], { raw: 'SYLGOV', start: null, end: '1999-12-31' });
  assert.equal(phoenixDate('011222', 1), '2001-12-22');
  assert.equal(phoenixDate('320101', 1), '1932-01-01');
  assert.deepEqual(splitCameo('AFGGOVAGR'), { code: 'AFG', sector: 'GOV' });
  assert.deepEqual(splitCameo('IGOUNO'), { code: 'IGOUNO', sector: 'IGO' });
  assert.throws(() => parsePhoenix('X_\n\t[USAGOV 991399]\n'), PhoenixError);
  assert.throws(() => parsePhoenix('+ORPHAN_\n'), /line 1/);
});

test('dyad actors import: the imported dictionary is used, date-aware', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-actors-'));
  const src = path.join(dir, 'mine.actors.txt');
  fs.writeFileSync(src, DICT);
  const out = path.join(dir, 'kb');
  const prev = process.env.DYAD_ACTORS_DIR;
  process.env.DYAD_ACTORS_DIR = out;
  try {
    const msg = runImport(src, {});
    assert.match(msg, /5 entries/);
    assert.ok(fs.existsSync(path.join(out, 'mine.actors.txt')));
    const at = (date: string) => runPipeline({ id: 't', text: 'Rufus T Firefly said on Monday that the talks failed.', date, format: 'text' } as Parameters<typeof runPipeline>[0], { until: 'actors' })
      .entities.find((e) => e.name === 'Rufus T Firefly');
    assert.equal(at('1925-06-01')?.sector, 'ELI');
    assert.equal(at('1935-06-01')?.sector, 'GOV');
    assert.equal(at('1935-06-01')?.code, 'FRA');
    // --tsv writes the world-knowledge format
    runImport(src, { tsv: true, dir: path.join(dir, 'tsv') });
    const ppl = fs.readFileSync(path.join(dir, 'tsv', 'mine.people.tsv'), 'utf8');
    assert.match(ppl, /^Rufus T Firefly\tChancellor Firefly\tFRA\tGOV\t\t1933-01-01\t/m);
    assert.match(fs.readFileSync(path.join(dir, 'tsv', 'mine.organizations.tsv'), 'utf8'), /^Hollandia National Army\t\torganization\tNLD\tMIL/m);
  } finally {
    if (prev === undefined) delete process.env.DYAD_ACTORS_DIR; else process.env.DYAD_ACTORS_DIR = prev;
  }
});
