import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { read } from '../read/index.js';
import { segment } from '../segment/index.js';
import type { Doc } from '../doc.js';
import type { Entity, Quote } from '../record.js';
import { events } from './index.js';
import { lexicon, compilePattern, cameoRow } from './lexicon.js';
import { verbForms, nounForms } from './morph.js';
import { sentenceDates } from './dates.js';
import { petrarchLines } from '../cli/formats.js';
import { toRecord } from '../doc.js';

/**
 * A hand-made Doc: the text is read and segmented for real; the actors are given as [surface, code, kind?]
 * and every occurrence of each surface becomes a mention (the actors stage's job, done by hand here so the
 * events stage is tested alone).
 */
function docOf(text: string, actors: Array<[string, string, Entity['kind']?]>, opts: { date?: string; quotes?: Quote[] } = {}): Doc {
  const doc = read({ id: 't', text, format: 'jsonl', date: opts.date ?? '2021-12-18' });
  segment(doc);
  doc.entities = actors.map(([surface, code, kind], i) => {
    const mentions = [];
    for (let at = text.indexOf(surface); at >= 0; at = text.indexOf(surface, at + surface.length)) {
      mentions.push({ start: at, end: at + surface.length, text: surface, entity: `e${i}`, type: 'name', rule: 'test' });
    }
    return { id: `e${i}`, name: surface, kind: kind ?? 'state', code, sector: null, roles: [], aliases: [], mentions, rule: 'test' };
  });
  doc.quotes = opts.quotes ?? [];
  events(doc);
  return doc;
}

const triples = (doc: Doc) => doc.events.map((e) => `${e.source?.code ?? '-'}>${e.target?.code ?? '-'} ${e.type}`).sort();

test('verb forms and noun plurals, irregulars from the data file', () => {
  assert.ok(verbForms('agree').includes('agreed') && verbForms('agree').includes('agreeing'));
  assert.ok(verbForms('ban').includes('banned'));
  assert.ok(verbForms('meet').includes('met'));
  assert.ok(verbForms('deny').includes('denied') && verbForms('deny').includes('denies'));
  assert.ok(nounForms('sanction').includes('sanctions'));
  assert.ok(nounForms('embassy').includes('embassies'));
});

test('every lexicon row compiles to a PLOVER type and a known CAMEO code', () => {
  const lex = lexicon();
  assert.ok(lex.patterns.length > 150);
  const types = new Set(['AGREE', 'CONSULT', 'SUPPORT', 'COOPERATE', 'AID', 'CONCEDE', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'MOBILIZE', 'SANCTION', 'COERCE', 'ASSAULT']);
  for (const p of lex.patterns) {
    assert.ok(types.has(p.type), `${p.id}: ${p.type}`);
    assert.ok(cameoRow(lex, p.cameo), `${p.id}: unknown CAMEO ${p.cameo}`);
  }
  // the published table: intent to meet = AGREE, talks = CONSULT, demands = REQUEST, 18x-20x = ASSAULT
  assert.equal(cameoRow(lex, '036')!.type, 'AGREE');
  assert.equal(cameoRow(lex, '046')!.type, 'CONSULT');
  assert.equal(cameoRow(lex, '1031')!.type, 'REQUEST');
  assert.equal(cameoRow(lex, '195')!.type, 'ASSAULT');
  assert.ok(cameoRow(lex, '057')!.goldstein > 0 && cameoRow(lex, '190')!.goldstein < 0);
  assert.throws(() => compilePattern('bad', '* talks', 'CONSULT', '040', '', ''));
});

test('subject and object around a verb, coordinated targets', () => {
  const d = docOf('The US Congress agreed to lift embargoes on Iran, Libya and Sudan.', [['US Congress', 'USA'], ['Iran', 'IRN'], ['Libya', 'LBY'], ['Sudan', 'SDN']]);
  assert.deepEqual(triples(d), ['USA>IRN AGREE', 'USA>LBY AGREE', 'USA>SDN AGREE']);
  assert.equal(d.events[0]!.pattern, 'agree');
  assert.equal(d.events[0]!.cameo, '030');
});

test('a passive takes the agent as source and the subject as target', () => {
  const d = docOf('A camp of Congolese refugees was attacked by Burundian militiamen on Monday.', [['Congolese refugees', 'COD'], ['Burundian militiamen', 'BDI']]);
  assert.deepEqual(triples(d), ['BDI>COD ASSAULT']);
  assert.match(d.events[0]!.pattern, /passive/);
});

test('"X and Y agreed" codes both directions', () => {
  const d = docOf('Bosnia and Slovenia agreed to a ceasefire after two days of fighting.', [['Bosnia', 'BIH'], ['Slovenia', 'SVN']]);
  assert.deepEqual(triples(d), ['BIH>SVN AGREE', 'SVN>BIH AGREE']);
});

test('negated cooperation is REJECT; intended cooperation AGREE; intended force THREATEN', () => {
  const neg = docOf('Psaki said the United States will not hold talks with Russia.', [['Psaki', 'USA', 'person'], ['United States', 'USA'], ['Russia', 'RUS']]);
  assert.deepEqual(triples(neg), ['USA>RUS REJECT']);
  assert.equal(neg.events[0]!.negated, true);
  const intent = docOf('Trump and Putin will meet on Monday in Helsinki.', [['Trump', 'USA', 'person'], ['Putin', 'RUS', 'person'], ['Helsinki', 'FIN', 'location']]);
  assert.deepEqual(triples(intent), ['RUS>USA AGREE', 'USA>RUS AGREE']);
  assert.equal(intent.events[0]!.cameo, '036');
  assert.equal(intent.events[0]!.location, 'Helsinki');
  const threat = docOf('Iran said it would attack Israel.', [['Iran', 'IRN'], ['Israel', 'ISR']]);
  assert.deepEqual(triples(threat), ['IRN>ISR THREATEN']);
  assert.match(threat.events[0]!.pattern, /pronoun\(it\).*intent/);
});

test('events in a condition are not coded', () => {
  const d = docOf('If Russia attacks Ukraine, the talks will fail.', [['Russia', 'RUS'], ['Ukraine', 'UKR']]);
  assert.deepEqual(triples(d), []);
});

test('the content of an accusation is not an event of its own', () => {
  const d = docOf('Amnesty accused the United States of violating human rights and attacking Iraq.', [['Amnesty', 'NGO', 'ngo'], ['United States', 'USA'], ['Iraq', 'IRQ']]);
  assert.deepEqual(triples(d), ['NGO>USA ACCUSE']);
});

test('event nouns: support verbs and their own phrase', () => {
  const held = docOf('Moroccan diplomats held their first meeting with Obama at a lunch.', [['Moroccan diplomats', 'MAR', 'group'], ['Obama', 'USA', 'person']]);
  assert.deepEqual(triples(held), ['MAR>USA CONSULT']);
  const sanctions = docOf('The United States imposed new sanctions on Iran on Friday.', [['United States', 'USA'], ['Iran', 'IRN']]);
  assert.deepEqual(triples(sanctions), ['USA>IRN SANCTION']);
  assert.equal(sanctions.events[0]!.intensity, -8);
  // a noun that is the object of another event belongs to that event
  const welcomed = docOf('The UN welcomed the talks between Russia and the United States.', [['UN', 'IGOUNO', 'igo'], ['Russia', 'RUS'], ['United States', 'USA']]);
  assert.ok(triples(welcomed).every((t) => t.endsWith('SUPPORT')), triples(welcomed).join());
});

test('a reported obligation is a REQUEST from the speaker', () => {
  const d = docOf('Russia said on Tuesday that Sudan must return the helicopter.', [['Russia', 'RUS'], ['Sudan', 'SDN']]);
  assert.deepEqual(triples(d), ['RUS>SDN REQUEST']);
});

test('first person in a quote is its speaker; the event points at the quote', () => {
  const text = '"We are prepared for dialogue with Russia," Sullivan said.';
  const quote: Quote = { id: 'q1', content: 'We are prepared for dialogue with Russia,', kind: 'direct', contentSpan: { start: 1, end: 42 }, cue: 'said', cueSpan: null, speaker: { name: 'Sullivan', entity: 'e0', code: 'USA', mention: null }, rule: 'test' };
  const d = docOf(text, [['Sullivan', 'USA', 'person'], ['Russia', 'RUS']], { quotes: [quote] });
  assert.deepEqual(triples(d), ['USA>RUS AGREE']);
  assert.equal(d.events[0]!.quote, 'q1');
  assert.equal(d.events[0]!.cameo, '036');
  assert.equal(d.events[0]!.pattern, 'prepared-for-talks+pronoun(we)');
});

test('attribution tails are not targets', () => {
  const d = docOf('Switzerland expelled two Russian diplomats, the Foreign Ministry of Austria said.', [['Switzerland', 'CHE'], ['Russian diplomats', 'RUS', 'group'], ['Austria', 'AUT']]);
  assert.deepEqual(triples(d), ['CHE>RUS SANCTION']);
});

test('event dates follow the sentence: yesterday, weekdays, explicit dates', () => {
  const ref = new Date('2021-12-18T08:55:00+05:30');
  assert.equal(sentenceDates('Psaki told reporters yesterday that talks would start.', ref)[0]!.date, '2021-12-17');
  assert.equal(sentenceDates('The ministers met on Tuesday in Geneva.', ref)[0]!.date, '2021-12-14');
  assert.equal(sentenceDates('They met on Dec. 3 in Geneva.', ref)[0]!.date, '2021-12-03');
  assert.deepEqual(sentenceDates('They have talked for the last 20 years.', ref), []);
  const d = docOf('Russia attacked Ukraine on Tuesday.', [['Russia', 'RUS'], ['Ukraine', 'UKR']], { date: '2022-03-04' });
  assert.equal(d.events[0]!.date, '2022-03-01');
});

test('PETRARCH lines: date, source, target, CAMEO, ids', () => {
  const d = docOf('Russia attacked Ukraine on Tuesday.', [['Russia', 'RUS'], ['Ukraine', 'UKR']], { date: '2022-03-04' });
  assert.equal(petrarchLines(toRecord(d)), '20220301\tRUS\tUKR\t190\tt\tev1\n');
});

// the seed article, read from ../shared at run time (the actors and quotes stages run for real)
const SEED = path.resolve(import.meta.dirname ?? '.', '..', '..', '..', 'shared', 'seed', 'us-russia-dialogue-2021-12-18.txt');
test('seed article: the intent to talk, the requests and the welcome are coded, nothing contrary', { skip: !fs.existsSync(SEED) }, async () => {
  const { extractDocument } = await import('../pipeline.js');
  const rec = extractDocument({ id: 'seed', text: fs.readFileSync(SEED, 'utf8'), path: SEED, format: 'text' });
  const got = new Set(rec.events.map((e) => `${e.source?.code?.slice(0, 3)}>${e.target?.code?.slice(0, 3)} ${e.type}`));
  for (const want of ['USA>RUS AGREE', 'RUS>USA REQUEST', 'RUS>IGO REQUEST', 'IGO>RUS SUPPORT']) assert.ok(got.has(want), `${want} in ${[...got].join(', ')}`);
  // nothing contrary to the article: no conflict events between the parties
  for (const e of rec.events) assert.ok(!['ASSAULT', 'THREATEN', 'SANCTION', 'COERCE'].includes(e.type), `${e.type} ${e.pattern}`);
  for (const e of rec.events) {
    assert.ok(e.evidence.end > e.evidence.start && rec.text.slice(e.evidence.start, e.evidence.end).length > 0);
    assert.ok(e.date && /^\d{4}-\d{2}-\d{2}$/.test(e.date));
    assert.equal(typeof e.intensity, 'number');
  }
});
