/**
 * Property tests of the actors, quotes and events stages through the pipeline (issue 7): on hostile text no
 * exception escapes, every offset points inside record.text and every span that carries its text matches it,
 * and time is linear in input size (n vs 4n, generous bound). Bounded runs for CI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { extractDocument } from '../src/pipeline.js';
import type { DyadRecord, Span, TextSpan } from '../src/record.js';

/** a list of problems with the record's offsets (empty when all is well) */
export function offsetProblems(r: DyadRecord): string[] {
  const n = r.text.length;
  const out: string[] = [];
  const inside = (s: Span | null | undefined, what: string) => {
    if (!s) return;
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= n)) out.push(`${what} ${s.start}-${s.end} outside 0-${n}`);
  };
  const matches = (s: TextSpan | null | undefined, what: string) => {
    if (!s) return;
    inside(s, what);
    if (r.text.slice(s.start, s.end) !== s.text) out.push(`${what} ${s.start}-${s.end} claims ${JSON.stringify(s.text)} but the text there is ${JSON.stringify(r.text.slice(s.start, s.end))}`);
  };
  r.paragraphs.forEach((p, i) => inside(p, `paragraph ${i}`));
  r.sentences.forEach((s, i) => inside(s, `sentence ${i}`));
  for (const e of r.entities) e.mentions.forEach((m, i) => matches(m, `entity ${e.id} mention ${i}`));
  for (const q of r.quotes) {
    inside(q.contentSpan, `quote ${q.id} content`);
    inside(q.cueSpan, `quote ${q.id} cue`);
    matches(q.speaker?.mention, `quote ${q.id} speaker`);
  }
  for (const e of r.events) {
    inside(e.evidence, `event ${e.id} evidence`);
    matches(e.source?.mention, `event ${e.id} source`);
    matches(e.target?.mention, `event ${e.id} target`);
  }
  return out;
}

const names = ['Sergei Lavrov', 'Antony Blinken', 'Russia', 'the United States', 'NATO', 'the UN', 'Kyiv', 'Moscow', 'Washington', 'the Kremlin', 'President Joe Biden',
  'he', 'she', 'they', 'The minister', 'Hamas', 'Israel', 'the European Union', 'China', 'Xi Jinping'];
const verbs = ['said', 'told reporters', 'accused', 'met', 'threatened', 'condemned', 'signed a deal with', 'attacked', 'urged', 'warned', 'rejected', 'praised', 'added', 'according to'];
const marks = ['“', '”', '"', '‘', '’', "'", '«', '»', '—', ',', '.', ':', ';', '(', ')', '\n\n', '\n', ' ', '...', '?', '!'];
const hostile = fc.array(fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...names) },
  { weight: 3, arbitrary: fc.constantFrom(...verbs) },
  { weight: 5, arbitrary: fc.constantFrom(...marks) },
  { weight: 1, arbitrary: fc.constantFrom('on Monday', 'last week', 'in 2022', 'Jan. 5', 'KYIV, Ukraine (AP) —', 'U.S.', 'Mr.', 'x'.repeat(120), '😀', 'é') },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
), { maxLength: 90 }).map((xs) => xs.join(' ').replace(/ {2,}/g, ' '));

test('pipeline on hostile text: no exception, every offset inside the text and matching it', () => {
  fc.assert(fc.property(hostile, (text) => {
    if (!text.trim()) return;
    const r = extractDocument({ id: 'fuzz', text });
    assert.deepEqual(offsetProblems(r), []);
  }), { numRuns: 150 });
});

test('pipeline on hostile HTML: no exception, offsets inside the extracted text', () => {
  fc.assert(fc.property(fc.array(hostile, { minLength: 1, maxLength: 6 }), (paras) => {
    const html = `<html><head><title>${paras[0]!.slice(0, 60)}</title></head><body><article>${paras.map((p) => `<p>${p.replace(/</g, '&lt;')}</p>`).join('')}</article></body></html>`;
    const r = extractDocument({ id: 'fuzz', html });
    assert.deepEqual(offsetProblems(r), []);
  }), { numRuns: 40 });
});

function time(fn: () => void): number {
  const ts = [0, 1, 2].map(() => { const t = performance.now(); fn(); return performance.now() - t; });
  return ts.sort((a, b) => a - b)[1]!;
}

test('pipeline: time is linear in input size (4× the input, well under 16× the time)', () => {
  const shapes: Array<[string, (k: number) => string]> = [
    ['news', (k) => 'Russia accused the United States on Monday of stoking tension, Sergei Lavrov told reporters. “We will not accept this,” he said.\n\n'.repeat(k)],
    ['one sentence, no punctuation', (k) => 'the minister said Russia met China and they warned NATO '.repeat(k)],
    ['unbalanced quotes', (k) => 'Lavrov said “ talks ” " would " resume « now '.repeat(k)],
    ['said said said', (k) => 'he said she said they said '.repeat(k)],
  ];
  for (const [name, mk] of shapes) {
    extractDocument({ id: 'w', text: mk(10) });
    const a = time(() => extractDocument({ id: 'a', text: mk(30) }));
    const b = time(() => extractDocument({ id: 'b', text: mk(120) }));
    assert.ok(b < Math.max(16 * a, 400), `${name}: n ${a.toFixed(0)} ms, 4n ${b.toFixed(0)} ms`);
  }
});

// TODO(quotes): /work/notes/bugs-quotes.md — in a long sentence without punctuation every "said" opens an indirect
// quote running to the end of the sentence, so the record grows with n² (50 KB of text: 279 quotes, 7 MB of JSON;
// the 134 KB hostile input stored a 10 MB record). Kept `todo` until the quotes stage bounds its quotes.
test('record size is linear in input size (quotes in a sentence with no punctuation)', { todo: 'quotes: indirect quotes overlap to the end of an unpunctuated sentence (bugs-quotes.md)' }, () => {
  const mk = (k: number) => 'the minister said talks would resume and officials said Russia met China '.repeat(k);
  const a = JSON.stringify(extractDocument({ id: 'a', text: mk(40) })).length;
  const b = JSON.stringify(extractDocument({ id: 'b', text: mk(160) })).length;
  assert.ok(b < 8 * a, `JSON of n: ${a} chars, of 4n: ${b} chars`);
});
