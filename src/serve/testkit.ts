/**
 * A small real store for the serve tests (API, browser): the seed article and dyad's own fixtures run
 * through the pipeline, plus hand-written US–Russia records over three months (so the dyad timeline has
 * points whatever the events stage finds), written into a SQLite store in a temporary folder.
 * The seed is read from ../shared at run time, never copied into the repo.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractDocument } from '../pipeline.js';
import { openStore, contentHash } from '../store/index.js';
import type { PutItem, Store } from '../store/types.js';
import { buildRecord, type EntitySpec, type RecordSpec } from '../store/fixtures.js';
import type { RawDocument } from '../read/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.join(here, 'fixtures');
export const SEED = path.resolve(here, '../../../shared/seed/us-russia-dialogue-2021-12-18.txt');

const USA: EntitySpec = { id: 'e1', name: 'United States', kind: 'state', code: 'USA', forms: ['United States', 'Washington'] };
const RUS: EntitySpec = { id: 'e2', name: 'Russia', kind: 'state', code: 'RUS', forms: ['Russia', 'Moscow', 'Kremlin'] };
const LAVROV: EntitySpec = { id: 'e3', name: 'Sergei Lavrov', kind: 'person', code: 'RUS', sector: 'GOV', forms: ['Sergei Lavrov', 'Lavrov'] };

/** Hand-written relation over three months: talks (cooperation), then accusations and sanctions (conflict). */
export const RELATION: RecordSpec[] = [
  {
    id: 'serve-talks-2022-01', headline: 'Washington and Moscow open security talks', published: '2022-01-10T09:00:00Z',
    source: 'Dyad Test Wire', url: 'https://wire.example/2022/01/talks',
    body: 'Delegations of the United States and Russia met for security talks on Monday, both sides said. '
      + 'Sergei Lavrov said the talks had been "frank and useful" and that Moscow wanted an answer in writing.',
    entities: [USA, RUS, LAVROV],
    quotes: [{ id: 'q1', content: 'frank and useful', speaker: 'e3' }],
    events: [{ id: 'v1', type: 'CONSULT', source: 'e1', target: 'e2', evidence: 'Delegations of the United States and Russia met for security talks on Monday', intensity: 4, cameo: '043' }],
  },
  {
    id: 'serve-accuse-2022-02', headline: 'Kremlin accuses Washington of stoking tension', published: '2022-02-14',
    source: 'Dyad Test Wire', url: 'https://wire.example/2022/02/accuse',
    body: 'The Kremlin accused the United States on Monday of stoking tension in Europe. '
      + 'Washington rejected the charge and said Russia should pull its troops back.',
    entities: [USA, RUS],
    events: [
      { id: 'v1', type: 'ACCUSE', source: 'e2', target: 'e1', evidence: 'The Kremlin accused the United States on Monday of stoking tension', intensity: -2, cameo: '112' },
      { id: 'v2', type: 'REJECT', source: 'e1', target: 'e2', evidence: 'Washington rejected the charge', intensity: -4, cameo: '120' },
    ],
  },
  {
    id: 'serve-sanction-2022-03', headline: 'United States announces sanctions on Russian banks', published: '2022-03-03T18:00:00Z',
    source: 'Dyad Test Wire', url: 'https://wire.example/2022/03/sanctions',
    body: 'The United States imposed sanctions on three Russian banks on Thursday. Moscow called the move hostile.',
    entities: [USA, RUS],
    events: [
      { id: 'v1', type: 'SANCTION', source: 'e1', target: 'e2', evidence: 'The United States imposed sanctions on three Russian banks on Thursday', intensity: -6, cameo: '163' },
      { id: 'v2', type: 'ACCUSE', source: 'e2', target: 'e1', evidence: 'Moscow called the move hostile', intensity: -2, cameo: '111' },
    ],
  },
];

export interface TestStore {
  store: Store;
  dir: string;
  dbFile: string;
  /** store ids by fixture name: seed, injection, injectionHtml, and the RELATION ids */
  ids: Record<string, string>;
  cleanup(): Promise<void>;
}

function raw(id: string, file: string): RawDocument {
  const body = fs.readFileSync(file, 'utf8');
  return file.endsWith('.html') ? { id, html: body, path: file, format: 'html' } : { id, text: body, path: file, format: 'text' };
}

export const seedAvailable = (): boolean => fs.existsSync(SEED);

/** Builds the store; the seed is left out (and `ids.seed` unset) when ../shared is not there. */
export async function buildTestStore(): Promise<TestStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-serve-'));
  const dbFile = path.join(dir, 'test.db');
  const store = await openStore(dbFile);
  const named: Array<[string, PutItem]> = [];
  const docs: Array<[string, RawDocument]> = [
    ['injection', raw('injection', path.join(FIXTURES, 'injection.txt'))],
    ['injectionHtml', raw('injection-html', path.join(FIXTURES, 'injection.html'))],
  ];
  if (seedAvailable()) docs.unshift(['seed', raw('us-russia-dialogue-2021-12-18', SEED)]);
  for (const [name, d] of docs) named.push([name, { record: extractDocument(d), hash: contentHash(d) }]);
  for (const spec of RELATION) {
    const record = buildRecord(spec);
    named.push([spec.id, { record, hash: contentHash({ text: record.text }) }]);
  }
  const r = await store.putRecords(named.map(([, item]) => item));
  if (r.ids.length !== named.length) throw new Error(`test store: ${r.ids.length} of ${named.length} articles stored`);
  const ids = Object.fromEntries(named.map(([name], i) => [name, r.ids[i]!]));
  return {
    store, dir, dbFile, ids,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
