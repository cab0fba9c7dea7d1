import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { process as runPipeline } from '../pipeline.js';
import type { Doc } from '../doc.js';
import type { Entity } from '../record.js';

const SEED = path.resolve(import.meta.dirname ?? '.', '..', '..', '..', 'shared', 'seed', 'us-russia-dialogue-2021-12-18.txt');

function run(text: string, date?: string): Doc {
  return runPipeline({ id: 't', text, format: 'text', ...(date ? { date } : {}) } as Parameters<typeof runPipeline>[0], { until: 'actors' });
}
const byName = (doc: Doc, name: string): Entity | undefined => doc.entities.find((e) => e.name === name);
const mentionTexts = (e: Entity | undefined) => (e ? e.mentions.map((m) => m.text) : []);

test('seed article: every actor found with the right code and sector, one entity each', { skip: !fs.existsSync(SEED) }, () => {
  const doc = run(fs.readFileSync(SEED, 'utf8'));
  const want: Array<[string, string, string | null]> = [
    ['Jake Sullivan', 'USA', 'GOV'], ['Jen Psaki', 'USA', 'GOV'], ['Sergei Ryabkov', 'RUS', 'GOV'], ['Vladimir Putin', 'RUS', 'GOV'],
    ['Dmitry Peskov', 'RUS', 'GOV'], ['Yuri Ushakov', 'RUS', 'GOV'], ['United States', 'USA', null], ['Russia', 'RUS', null],
    ['Ukraine', 'UKR', null], ['Georgia', 'GEO', null], ['Armenia', 'ARM', null], ['Azerbaijan', 'AZE', null],
  ];
  for (const [name, code, sector] of want) {
    const e = byName(doc, name);
    assert.ok(e, `${name} found`);
    assert.equal(e.code, code, `${name} code`);
    if (sector) assert.equal(e.sector, sector, `${name} sector`);
    assert.equal(doc.entities.filter((x) => x.name === name).length, 1, `${name} is one entity`);
  }
  // every spelling of one person links to one entity
  assert.ok(mentionTexts(byName(doc, 'Sergei Ryabkov')).includes('Sergey Ryabkov'));
  assert.ok(mentionTexts(byName(doc, 'Yuri Ushakov')).some((t) => t === 'Yuri Ushakov Ushakov'));
  const us = mentionTexts(byName(doc, 'United States'));
  for (const a of ['US', 'White House', 'Washington', 'American']) assert.ok(us.includes(a), `United States ← ${a}`);
  const ru = mentionTexts(byName(doc, 'Russia'));
  for (const a of ['Moscow', 'Russian']) assert.ok(ru.includes(a), `Russia ← ${a}`);
  const nato = doc.entities.find((e) => e.kind === 'igo' && e.mentions.some((m) => m.text === 'NATO'));
  assert.ok(nato && ['Nato', 'North Atlantic Council'].every((a) => mentionTexts(nato).includes(a)));
  assert.ok(doc.entities.some((e) => e.kind === 'igo' && e.code === 'IGOUNO'));
  // titles alone refer to their holder
  assert.ok(mentionTexts(byName(doc, 'Jake Sullivan')).some((t) => /national security advis[eo]r$/.test(t) && t.startsWith('US')));
  assert.ok(mentionTexts(byName(doc, 'Jake Sullivan')).includes('Sullivan'));
  // no false persons
  const people = doc.entities.filter((e) => e.kind === 'person').map((e) => e.name);
  for (const p of people) assert.ok(!/Press|Secretary|Nato|Council|White House/.test(p), `not a person: ${p}`);
  // mentions point into the text
  for (const e of doc.entities) for (const m of e.mentions) assert.equal(doc.text.slice(m.start, m.end), m.text);
});

test('title + name patterns, possessives and appositions give code and sector', () => {
  const doc = run('Chilean Interior Minister Rodrigo Aldunate Varela met Peru’s Trade Minister Ana Quispe Mamani in Lima. ' +
    'Later, Aldunate Varela said talks went well. Tomasz Wierzbowski, Poland’s deputy foreign minister, did not comment.');
  const a = byName(doc, 'Rodrigo Aldunate Varela');
  assert.equal(a?.code, 'CHL'); assert.equal(a?.sector, 'GOV');
  assert.equal(byName(doc, 'Ana Quispe Mamani')?.code, 'PER');
  const t = byName(doc, 'Tomasz Wierzbowski');
  assert.equal(t?.code, 'POL'); assert.equal(t?.roles[0]?.title, 'deputy foreign minister');
  assert.ok(mentionTexts(a).includes('Varela') || mentionTexts(a).includes('Aldunate Varela'));
});

test('groups: affiliation + sector noun', () => {
  const cases: Array<[string, string, string]> = [
    ['Ukrainian farmers blocked the road.', 'UKR', 'AGR'],
    ['Kyiv police said on Monday.', 'UKR', 'COP'],
    ['Israeli troops entered the town.', 'ISR', 'MIL'],
    ['Hungarian officials denied it.', 'HUN', 'GOV'],
  ];
  for (const [text, code, sector] of cases) {
    const doc = run(text);
    assert.ok(doc.entities.some((e) => e.code === code && e.sector === sector), `${text} → ${code} ${sector}: ${JSON.stringify(doc.entities.map((e) => [e.name, e.code, e.sector]))}`);
    assert.ok(!doc.entities.some((e) => e.kind === 'person'), `no person in "${text}"`);
  }
});

test('capitalised titles and sentence-initial words are not people', () => {
  const doc = run('The Press Secretary spoke on Monday. However, Deputy Prime Minister said nothing. On Tuesday the Foreign Ministry of Japan answered.');
  assert.deepEqual(doc.entities.filter((e) => e.kind === 'person').map((e) => e.name), []);
  assert.ok(doc.entities.some((e) => e.code === 'JPN'));
});
