import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { process as run } from '../pipeline.js';
import type { Doc } from '../doc.js';
import { scanQuotes } from './marks.js';

const extract = (text: string): Doc => run({ id: 't', text, format: 'text' });
const qs = (text: string) => extract(text).quotes;

test('marks: mixed and unbalanced styles pair up', () => {
  const text = 'He wanted talks "in the appropriate format.” "We are clear, "said Smith. They call it ‘a chance’ today.';
  const spans = scanQuotes(text, [{ start: 0, end: text.length, kind: 'body' }]).map((s) => text.slice(s.start, s.end));
  assert.deepEqual(spans, ['in the appropriate format.', 'We are clear, ', 'a chance']);
});

test('marks: apostrophes are not quotes, a quote continued over a paragraph break is one quote', () => {
  const text = '“We’re here. It’s Russia’s turn.\n\n“And we will stay,” he said.';
  const paras = [{ start: 0, end: 32, kind: 'body' as const }, { start: 34, end: text.length, kind: 'body' as const }];
  const spans = scanQuotes(text, paras);
  assert.equal(spans.length, 1);
  assert.equal(spans[0]!.parts.length, 2);
  assert.equal(text.slice(spans[0]!.parts[1]!.start, spans[0]!.parts[1]!.end), 'And we will stay,');
});

test('direct quotes: postposed, inverted, preposed with colon, split by attribution', () => {
  const q = qs('Officials met in Geneva on Monday.\n\n"We are ready," Foreign Minister Anna Berg said, "but not alone."\n\n“The talks were useful,” said Pavel Orlov, a deputy minister.\n\nThe spokesman told reporters: "Nothing is agreed yet."');
  const direct = q.filter((x) => x.kind === 'direct');
  assert.equal(direct.length, 3);
  assert.equal(direct[0]!.content, 'We are ready, but not alone.');
  assert.equal(direct[0]!.speaker?.name, 'Anna Berg');
  assert.equal(direct[0]!.cue, 'said');
  assert.equal(direct[1]!.speaker?.mention?.text, 'Pavel Orlov');
  assert.equal(direct[2]!.speaker?.mention?.text, 'The spokesman');
  assert.equal(direct[2]!.content, 'Nothing is agreed yet.');
});

test('indirect speech: preposed with and without "that", postposed, according to, participle', () => {
  const q = qs('Prime Minister Lena Vos told reporters that the border would stay open. The army will withdraw by June, officials said. According to the ministry, ten people were hurt in the clashes. Vos said the decision was final, adding that talks would resume next week.');
  const by = (s: string) => q.find((x) => x.content.startsWith(s));
  assert.equal(by('the border would stay open')?.speaker?.name, 'Lena Vos');
  assert.equal(by('the border would stay open')?.cue, 'told');
  assert.equal(by('The army will withdraw by June')?.speaker?.mention?.text, 'officials');
  assert.equal(by('ten people were hurt')?.speaker?.mention?.text, 'the ministry');
  assert.match(by('the decision was final')?.speaker?.name ?? '', /\bVos$/);
  assert.equal(by('talks would resume next week')?.cue, 'adding');
  for (const x of q) assert.equal(x.kind, 'indirect');
});

test('a quote with no source continues the previous speaker only where convention says so', () => {
  const q = qs('“We will rebuild,” Mayor Tom Reyes said. “It will take years.”\n\n“Nobody expected this.”\n\nThe storm hit at night.\n\n“Prices will rise.”');
  // the same-paragraph continuation is joined to its quote; the next paragraph's quote keeps the speaker;
  // after a paragraph of the writer's own, an unattributed quote has no speaker
  assert.equal(q.length, 3);
  assert.equal(q[0]!.content, 'We will rebuild, It will take years.');
  assert.match(q[0]!.speaker?.name ?? '', /Tom Reyes/);
  assert.match(q[1]!.speaker?.name ?? '', /Tom Reyes/);
  assert.equal(q[1]!.rule, 'direct:continuation');
  assert.equal(q[2]!.speaker, null);
});

test('mixed: a reported clause ending in a quotation', () => {
  const q = qs('The senator said the plan was “a disaster for farmers.”');
  assert.equal(q.length, 1);
  assert.equal(q[0]!.kind, 'mixed');
  assert.equal(q[0]!.speaker?.mention?.text, 'The senator');
});

const SEED = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'seed', 'us-russia-dialogue-2021-12-18.txt');
test('seed: the nine quotes with their speakers', { skip: !fs.existsSync(SEED) }, () => {
  const q = qs(fs.readFileSync(SEED, 'utf8'));
  const find = (s: string) => q.find((x) => x.content.replace(/\s+/g, ' ').includes(s));
  const expect: Array<[string, string]> = [
    ['We have been clear as the United States', 'Sullivan'],
    ['We had it with the Soviet Union', 'Sullivan'],
    ['our concern with Russian,', 'Sullivan'],
    ['That\'s the basis of reciprocity', 'Sullivan'],
    ['Russia has now put on the table', 'Sullivan'],
    ['the US will not hold dialogue', 'Psaki'],
    ['Russia has given the US and NATO', 'Ryabkov'],
    ['Russia has asked the US National Security Advisor', 'Ushakov'],
    ['the US has seen Russia', 'Psaki'],
  ];
  for (const [content, who] of expect) {
    const x = find(content);
    assert.ok(x, `missing quote: ${content}`);
    assert.match(x.speaker?.name ?? '', new RegExp(who), `speaker of "${content}": ${x.speaker?.name}`);
  }
  // the embedded partial quote stays inside Psaki's reported clause
  assert.ok(!q.some((x) => x.content.startsWith('no talks on European security')));
});

test('hostile text finishes in linear time', () => {
  const words = Array.from({ length: 2000 }, (_, i) => `word${i}`);
  const inputs = [
    `${words.join(' ')} said that ${words.join(' ')}.`, // a very long sentence
    `He said ${'" '.repeat(500)}and left.`, // 500 unmatched marks
    words.map((w, i) => (i % 3 === 0 ? `"${w}` : i % 3 === 1 ? `${w}'` : `‘${w}”`)).join(' '), // a mark in every word
  ];
  for (const text of inputs) {
    const t0 = performance.now();
    const small = extract(text.slice(0, text.length >> 2));
    const t1 = performance.now();
    const big = extract(text);
    const t2 = performance.now();
    assert.ok(Array.isArray(small.quotes) && Array.isArray(big.quotes));
    // 4x the text must not cost much more than ~4x the time (quadratic would be 16x)
    assert.ok(t2 - t1 < Math.max(50, 8 * (t1 - t0)), `time ${(t2 - t1).toFixed(0)} ms vs ${(t1 - t0).toFixed(0)} ms`);
    assert.ok(t2 - t1 < 3000);
  }
});
