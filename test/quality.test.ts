/**
 * Quality floors: runs the whole evaluation (every gold set in ../shared/gold, scored by the shared scorer)
 * and fails when a score falls under its floor in test/quality-floors.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runEval, SHARED } from '../scripts/eval.js';

const floors = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'quality-floors.json'), 'utf8')) as Record<string, Record<string, number>>;
const get = (o: unknown, p: string): number => p.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o) as number;

test('quality floors hold on every gold set', { skip: !fs.existsSync(path.join(SHARED, 'gold')) && 'no ../shared/gold', timeout: 600_000 }, () => {
  process.env.DYAD_EVAL_OUT ??= path.resolve('.eval-test');
  const results = runEval(Object.keys(floors).filter((k) => !k.startsWith('_')));
  for (const [set, checks] of Object.entries(floors)) {
    if (set.startsWith('_')) continue;
    assert.ok(results[set], `eval set ${set} ran`);
    assert.equal(results[set]!.failed, 0, `${set}: no document failed`);
    for (const [p, floor] of Object.entries(checks)) {
      const v = get(results[set], p);
      assert.ok(typeof v === 'number' && v >= floor, `${set} ${p} = ${v} is under its floor ${floor}`);
    }
  }
  const ours = get(results.body, 'body.f1'), plain = get(results['body-readability'], 'body.f1');
  assert.ok(ours >= plain, `body F1 ${ours} is not below plain Readability's ${plain}`);
});
