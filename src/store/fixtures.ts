/**
 * Hand-written records for the store tests (texts written for dyad, not taken from any corpus).
 * `buildRecord` places entities, quotes and events by the text they cover, so offsets stay right.
 */
import type { DyadEvent, DyadRecord, Entity, EntityKind, Quote } from '../record.js';
import { contentHash } from './hash.js';
import type { PutItem } from './types.js';

export interface EntitySpec {
  id: string;
  name: string;
  kind: EntityKind;
  code: string | null;
  sector?: string | null;
  /** surface forms; every occurrence in the text becomes a mention */
  forms: string[];
}

export interface QuoteSpec {
  id: string;
  content: string;
  speaker: string | null;
  kind?: Quote['kind'];
}

export interface EventSpec {
  id: string;
  type: string;
  source: string | null;
  target: string | null;
  /** text of the evidence span (must occur in the text) */
  evidence: string;
  date?: string | null;
  intensity?: number | null;
  negated?: boolean;
  cameo?: string | null;
}

export interface RecordSpec {
  id: string;
  headline: string;
  body: string;
  published?: string | null;
  url?: string | null;
  source?: string | null;
  entities?: EntitySpec[];
  quotes?: QuoteSpec[];
  events?: EventSpec[];
}

function at(text: string, needle: string): number {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`fixture: "${needle}" not in text`);
  return i;
}

export function buildRecord(s: RecordSpec): DyadRecord {
  const text = `${s.headline}\n\n${s.body}`;
  const entities: Entity[] = (s.entities ?? []).map((e) => {
    const mentions = [];
    for (const f of e.forms) {
      let i = text.indexOf(f);
      while (i >= 0) {
        mentions.push({ start: i, end: i + f.length, text: f, entity: e.id, type: 'name', rule: 'fixture' });
        i = text.indexOf(f, i + f.length);
      }
    }
    return { id: e.id, name: e.name, kind: e.kind, code: e.code, sector: e.sector ?? null, roles: [], aliases: [], mentions, rule: 'fixture' };
  });
  const ent = (id: string | null) => (id ? entities.find((e) => e.id === id) ?? null : null);
  const quotes: Quote[] = (s.quotes ?? []).map((q) => {
    const start = at(text, q.content);
    const sp = ent(q.speaker);
    return {
      id: q.id, content: q.content, kind: q.kind ?? 'direct', contentSpan: { start, end: start + q.content.length }, cue: 'said', cueSpan: null,
      speaker: sp ? { name: sp.name, entity: sp.id, code: sp.code, mention: null } : null, rule: 'fixture',
    };
  });
  const events: DyadEvent[] = (s.events ?? []).map((e) => {
    const start = at(text, e.evidence);
    const actor = (id: string | null) => {
      const x = ent(id);
      return x ? { name: x.name, entity: x.id, code: x.code, sector: x.sector, mention: null } : null;
    };
    return {
      id: e.id, type: e.type, mode: null, cameo: e.cameo ?? null, source: actor(e.source), target: actor(e.target),
      date: e.date === undefined ? (s.published ?? null)?.slice(0, 10) ?? null : e.date, location: null, negated: !!e.negated,
      intensity: e.intensity ?? null, evidence: { start, end: start + e.evidence.length }, quote: null, pattern: 'fixture',
    };
  });
  return {
    id: s.id,
    input: { path: `fixtures/${s.id}.txt`, url: s.url ?? null, format: 'text' },
    text,
    article: {
      headline: s.headline, subheadline: null, authors: [], published: s.published ?? null, updated: null, imageCredits: [],
      body: s.body, language: 'en', url: s.url ?? null, source: s.source ?? null, dateline: null, removed: [],
    },
    paragraphs: [{ start: 0, end: s.headline.length, kind: 'body' }, { start: s.headline.length + 2, end: text.length, kind: 'body' }],
    sentences: [],
    entities,
    quotes,
    events,
    meta: { dyad: 'test', timings: {} },
  };
}

export function putItem(s: RecordSpec): PutItem {
  const record = buildRecord(s);
  return { record, hash: contentHash({ text: record.text }) };
}

const USA: EntitySpec = { id: 'e1', name: 'United States', kind: 'state', code: 'USA', sector: null, forms: ['United States', 'Washington'] };
const RUS: EntitySpec = { id: 'e2', name: 'Russia', kind: 'state', code: 'RUS', sector: null, forms: ['Russia', 'Moscow'] };
const PUTIN: EntitySpec = { id: 'e3', name: 'Vladimir Putin', kind: 'person', code: 'RUS', sector: 'GOV', forms: ['Vladimir Putin', 'Putin'] };
const BLINKEN: EntitySpec = { id: 'e4', name: 'Antony Blinken', kind: 'person', code: 'USA', sector: 'GOV', forms: ['Antony Blinken', 'Blinken'] };
const UKR: EntitySpec = { id: 'e5', name: 'Ukraine', kind: 'state', code: 'UKR', sector: null, forms: ['Ukraine', 'Kyiv'] };

/** A small news stream: a US–Russia relation over three months, a wire copy, and an unrelated story. */
export const STREAM: RecordSpec[] = [
  {
    id: 'talks-jan', headline: 'Washington and Moscow agree to hold security talks in Geneva', published: '2022-01-05T09:00:00Z',
    url: 'https://news.example/2022/01/talks', source: 'Example Wire',
    body: 'The United States and Russia agreed on Wednesday to hold talks on European security in Geneva next week, officials said. '
      + 'Vladimir Putin said the draft treaty on security guarantees was "a serious proposal that deserves a serious answer". '
      + 'Antony Blinken said Washington was ready for diplomacy but would not negotiate over the heads of its allies. '
      + 'The two delegations will meet for a full day of discussions, the first such meeting in months, according to diplomats in both capitals.',
    entities: [USA, RUS, PUTIN, BLINKEN],
    quotes: [{ id: 'q1', content: 'a serious proposal that deserves a serious answer', speaker: 'e3' }],
    events: [
      { id: 'v1', type: 'CONSULT', source: 'e1', target: 'e2', evidence: 'The United States and Russia agreed on Wednesday to hold talks', intensity: 4, cameo: '043' },
      { id: 'v2', type: 'CONSULT', source: 'e2', target: 'e1', evidence: 'The United States and Russia agreed on Wednesday to hold talks', intensity: 4, cameo: '043' },
    ],
  },
  {
    id: 'talks-jan-copy', headline: 'US, Russia to hold Geneva security talks next week', published: '2022-01-05T11:30:00Z',
    url: 'https://other.example/world/us-russia-geneva', source: 'Other Daily',
    body: 'The United States and Russia agreed on Wednesday to hold talks on European security in Geneva next week, officials said. '
      + 'Vladimir Putin said the draft treaty on security guarantees was "a serious proposal that deserves a serious answer". '
      + 'Antony Blinken said Washington was ready for diplomacy but would not negotiate over the heads of its allies. '
      + 'The two delegations will meet for a full day of discussions, the first such meeting in months, according to diplomats in both capitals. Reporting by staff.',
    entities: [USA, RUS, PUTIN, BLINKEN],
    quotes: [{ id: 'q1', content: 'a serious proposal that deserves a serious answer', speaker: 'e3' }],
    events: [
      { id: 'v1', type: 'CONSULT', source: 'e1', target: 'e2', evidence: 'The United States and Russia agreed on Wednesday to hold talks', intensity: 4, cameo: '043' },
    ],
  },
  {
    id: 'accuse-feb', headline: 'Blinken accuses Moscow of massing troops near Ukraine', published: '2022-02-10',
    url: 'https://news.example/2022/02/accuse', source: 'Example Wire',
    body: 'Antony Blinken accused Russia on Thursday of massing more than 100,000 troops on the border of Ukraine. '
      + 'Putin denied any plan to invade and said Moscow had not threatened anyone. '
      + '"We are not going to attack Ukraine," Putin told reporters in Moscow, adding that NATO expansion was the real danger to peace in Europe.',
    entities: [BLINKEN, RUS, UKR, PUTIN],
    quotes: [{ id: 'q1', content: 'We are not going to attack Ukraine', speaker: 'e3' }],
    events: [
      { id: 'v1', type: 'ACCUSE', source: 'e4', target: 'e2', evidence: 'Antony Blinken accused Russia on Thursday of massing more than 100,000 troops', intensity: -2, cameo: '112' },
      { id: 'v2', type: 'ASSAULT', source: 'e2', target: 'e5', evidence: 'We are not going to attack Ukraine', intensity: -9, negated: true },
    ],
  },
  {
    id: 'sanction-mar', headline: 'United States imposes new sanctions on Russia', published: '2022-03-02T18:00:00Z',
    url: 'https://news.example/2022/03/sanctions', source: 'Example Wire',
    body: 'The United States imposed sweeping sanctions on Russia on Wednesday, freezing the assets of its central bank. '
      + 'Moscow condemned the move and warned Washington of consequences. The measures also target several large banks and their executives.',
    entities: [USA, RUS],
    events: [
      { id: 'v1', type: 'SANCTION', source: 'e1', target: 'e2', evidence: 'The United States imposed sweeping sanctions on Russia on Wednesday', intensity: -6, cameo: '163' },
      { id: 'v2', type: 'THREATEN', source: 'e2', target: 'e1', evidence: 'warned Washington of consequences', intensity: -4, cameo: '130' },
      { id: 'v3', type: 'ACCUSE', source: 'e2', target: 'e1', evidence: 'Moscow condemned the move', intensity: -2, cameo: '111' },
    ],
  },
  {
    id: 'grain-mar', headline: 'Ukraine ships grain from the port of Odesa', published: '2022-03-20',
    url: null, source: 'Harbour Times',
    body: 'Ukraine shipped forty thousand tonnes of grain from the port of Odesa on Sunday, the port authority said. '
      + 'Kyiv hopes to resume regular exports before the summer harvest, when storage space will run short across the country.',
    entities: [UKR],
    events: [],
  },
];
