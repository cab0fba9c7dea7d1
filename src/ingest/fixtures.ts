/**
 * Synthetic news for the ingest tests and benchmarks: short articles generated from templates written
 * for dyad (no corpus text), deterministic for a seed. Each article is distinct (not a near-duplicate of
 * another) unless asked for as a wire copy.
 */

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATES = ['the United States', 'Russia', 'China', 'France', 'Germany', 'Japan', 'India', 'Brazil', 'Turkey', 'Egypt', 'Kenya', 'Mexico', 'Canada', 'Poland', 'Ukraine', 'Iran'];
const PEOPLE = ['the foreign minister', 'the prime minister', 'a government spokeswoman', 'the defence secretary', 'the ambassador', 'the trade envoy'];
const VERBS = [
  'agreed to hold talks with', 'accused', 'signed a trade deal with', 'threatened sanctions against', 'offered aid to',
  'criticised', 'met officials from', 'rejected a proposal from', 'praised', 'expelled diplomats from',
];
const TOPICS = ['grain exports', 'border security', 'energy prices', 'a fishing dispute', 'nuclear talks', 'a pipeline project', 'refugee flows', 'air traffic rights', 'vaccine supplies', 'river water sharing'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const FILLER = [
  'Officials said further meetings were planned for the coming weeks.',
  'Analysts said the move reflected growing pressure at home.',
  'The statement gave no further details about the timetable.',
  'Opposition lawmakers called for a parliamentary debate on the matter.',
  'Markets reacted calmly to the announcement.',
  'Diplomats described the atmosphere as tense but businesslike.',
  'A spokesman declined to comment on the reports.',
  'The issue has strained relations between the two capitals for years.',
  'Local newspapers carried the story on their front pages the next morning.',
  'A second round of consultations could take place before the end of the year.',
  'Business groups warned that uncertainty was hurting investment.',
  'The foreign ministry summoned a senior envoy to explain the remarks.',
  'Human rights organisations urged both sides to show restraint.',
  'Neither government published the text of the draft document.',
  'Shipping companies said they were monitoring the situation closely.',
  'Several regional leaders offered to mediate between the parties.',
];

export interface SynthArticle {
  id: string;
  title: string;
  text: string;
  date: string;
  url: string;
  source: string;
}

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** Article `i` of a synthetic stream (same i and seed, same article). */
export function synthArticle(i: number, seed = 1): SynthArticle {
  const r = rng(seed * 1_000_003 + i);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const a = pick(STATES);
  let b = pick(STATES);
  while (b === a) b = pick(STATES);
  const verb = pick(VERBS), topic = pick(TOPICS), day = pick(DAYS), who = pick(PEOPLE);
  const n = 1000 + Math.floor(r() * 90000);
  const month = 1 + (i % 12), dom = 1 + (i % 28);
  const date = `${2015 + (i % 8)}-${String(month).padStart(2, '0')}-${String(dom).padStart(2, '0')}`;
  const paras = [
    `${cap(a)} ${verb} ${b} on ${day} over ${topic}, ${who} said, in a dispute involving about ${n} people.`,
    `"We will not accept any delay on ${topic}," ${who} of ${a} told reporters in a statement issued late on ${day} (report ${i}).`,
    `${pick(FILLER)} ${pick(FILLER)} ${pick(FILLER)}`,
    `The talks on ${topic} between ${a} and ${b} are expected to resume after ${n % 97} days, according to a schedule seen by reporters, item ${i}-${n}.`,
  ];
  return {
    id: `synth-${seed}-${i}`,
    title: `${cap(a)} ${verb.split(' ')[0]} ${b} over ${topic}`,
    text: paras.join('\n\n'),
    date,
    url: `https://synthetic.example/${seed}/${i}`,
    source: 'Synthetic Wire',
  };
}

/** A JSONL line for article i. */
export function synthLine(i: number, seed = 1): string {
  return JSON.stringify(synthArticle(i, seed));
}

/** A wire copy of article i: same body under another outlet's headline, URL and footer. */
export function wireCopy(i: number, seed = 1): SynthArticle {
  const a = synthArticle(i, seed);
  return { ...a, id: `${a.id}-copy`, title: `WIRE: ${a.title}`, url: `https://reprint.example/${seed}/${i}`, source: 'Reprint Daily', text: `${a.text}\n\n(Reporting by the wire staff.)` };
}
