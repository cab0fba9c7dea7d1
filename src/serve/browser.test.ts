/**
 * Browser tests of the web UI: Debian's Chromium driven by playwright-core, over a real SQLite store built
 * from the seed article and dyad's fixtures. Skipped (with the reason) when Chromium is not installed.
 * DYAD_SCREENSHOTS=1 also writes the README screenshots to docs/screenshots/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { buildTestStore, seedAvailable, type TestStore } from './testkit.js';
import { startServer, type RunningServer } from './index.js';
import type { DyadRecord } from '../record.js';

const CHROMIUM = process.env.DYAD_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const skip = fs.existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set DYAD_CHROMIUM)`;
if (skip) process.stderr.write(`browser tests skipped: ${skip}\n`);

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shotDir = process.env.DYAD_SCREENSHOTS === '1' ? path.join(repo, 'docs/screenshots') : fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-shots-'));

let ts: TestStore;
let server: RunningServer;
let ctx: BrowserContext;
let profile: string;
/** errors the pages threw, dialogs they opened: both fail the tests */
const incidents: string[] = [];

async function open(p: string): Promise<Page> {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => incidents.push(`${p}: page error ${e.message}`));
  page.on('dialog', (d) => { incidents.push(`${p}: dialog "${d.message()}"`); void d.dismiss(); });
  const res = await page.goto(server.url + p, { waitUntil: 'load' });
  assert.equal(res?.status(), 200, `GET ${p}`);
  return page;
}

before(async () => {
  if (skip) return;
  const { chromium } = await import('playwright-core');
  ts = await buildTestStore();
  server = await startServer(ts.store, { port: 0, host: '127.0.0.1' });
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-chromium-'));
  ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 }, timeout: 60_000,
  });
  fs.mkdirSync(shotDir, { recursive: true });
});

after(async () => {
  if (skip) return;
  await ctx?.close();
  await server?.close();
  await ts?.cleanup();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

test('seed article: Sullivan\'s quotes are highlighted with his name, actors linked, events beside their sentence', { skip: skip || (!seedAvailable() && 'seed not found in ../shared') }, async () => {
  const id = ts.ids.seed!;
  const rec = (await ts.store.getArticle(id)) as DyadRecord;
  const sullivan = rec.quotes.filter((q) => /Sullivan/.test(q.speaker?.name ?? ''));
  assert.ok(sullivan.length >= 2, `the pipeline finds Sullivan's quotes in the seed (found ${sullivan.length})`);

  const page = await open(`/articles/${encodeURIComponent(id)}`);
  for (const q of sullivan) {
    const marks = page.locator(`mark.quote[data-quote="${q.id}"]`);
    assert.ok(await marks.count() >= 1, `quote ${q.id} is highlighted`);
    // the highlighted text is exactly the quote's span of the article text
    const shown = (await marks.allTextContents()).join('');
    assert.equal(shown.replace(/\s+/g, ' ').trim(), rec.text.slice(q.contentSpan.start, q.contentSpan.end).replace(/\s+/g, ' ').trim());
    // and it is visibly highlighted, its speaker named beside it
    const bg = await marks.first().evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(bg, 'rgba(0, 0, 0, 0)', 'the quote has a highlight colour');
    assert.match(await marks.first().getAttribute('data-speaker') ?? '', /Sullivan/);
    const badge = page.locator(`a.who[data-quote="${q.id}"]`);
    assert.equal(await badge.count(), 1, `quote ${q.id} carries one speaker label`);
    assert.match(await badge.innerText(), /Sullivan/);
    assert.ok(await badge.isVisible(), 'await badge.isVisible()');
  }
  // actors are underlined and link to their page
  const mention = page.locator('a.mention[href="/actors/Jake%20Sullivan"]').first();
  if (rec.entities.some((e) => e.name === 'Jake Sullivan')) {
    assert.ok(await mention.count() === 1 && await mention.isVisible(), 'a Sullivan mention links to his actor page');
    assert.match(await mention.evaluate((el) => getComputedStyle(el).textDecorationLine), /underline/);
  }
  // every event is listed in the row of the paragraph its evidence comes from; hovering it marks its sentence
  for (const ev of rec.events) {
    const card = page.locator(`#e-${ev.id}`);
    assert.equal(await card.count(), 1, `event ${ev.id} is listed`);
    const sents = (await card.getAttribute('data-sentences'))!.split(' ').filter(Boolean);
    if (!sents.length) continue;
    const rowOfCard = await card.evaluate((el) => el.closest('.row')?.id);
    const rowOfSentence = await page.locator(`.sent[data-sentence="${sents[0]}"]`).first().evaluate((el) => el.closest('.row')?.id);
    assert.equal(rowOfCard, rowOfSentence, `event ${ev.id} sits beside its sentence`);
  }
  const firstEvent = rec.events.find((e) => e.evidence.end > e.evidence.start);
  if (firstEvent) {
    await page.locator(`#e-${firstEvent.id}`).hover();
    assert.ok(await page.locator('.sent.hl').count() >= 1, 'hovering an event highlights its sentence');
  }
  await page.locator(`mark.quote[data-quote="${sullivan[0]!.id}"]`).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shotDir, 'article.png') });
  // the actor page shows what he said
  const actor = await open('/actors/Jake%20Sullivan');
  assert.ok(await actor.locator('table.quotes tbody tr').count() >= sullivan.length, 'the actor page lists his quotes');
  await page.close();
  await actor.close();
});

test('dyad page USA–RUS: the chart renders one point per month, a click opens the articles behind it', { skip }, async () => {
  const page = await open('/dyads/USA/RUS?by=month');
  await page.waitForSelector('#dyad-chart canvas');
  const points = await page.evaluate(() => {
    const u = (window as unknown as { dyadChart?: { data: Array<Array<number | null>> } }).dyadChart;
    return u ? u.data[0]!.length : 0;
  });
  const periods = await page.locator('section.period').count();
  assert.ok(points >= 3, `at least the three hand-written months are plotted (got ${points})`);
  assert.equal(points, periods, 'one point per listed period');
  // the canvas really shows the line's colour (#0969da), not an empty frame
  const painted = await page.evaluate(() => {
    const c = document.querySelector('#dyad-chart canvas') as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - 9) < 30 && Math.abs(d[i + 1]! - 105) < 30 && Math.abs(d[i + 2]! - 218) < 30 && d[i + 3]! > 200) n++;
    return n;
  });
  assert.ok(painted > 100, `the intensity line and its points are drawn (${painted} pixels)`);
  // the March 2022 point: hover it, click, and the page jumps to that month's articles
  const xy = await page.evaluate(() => {
    const u = (window as unknown as { dyadChart: { data: number[][]; valToPos(v: number, s: string): number; over: HTMLElement } }).dyadChart;
    const d = JSON.parse(document.getElementById('dyad-data')!.textContent!) as { periods: string[]; mean: number[] };
    const i = d.periods.indexOf('2022-03');
    const r = u.over.getBoundingClientRect();
    return { x: r.left + u.valToPos(u.data[0]![i]!, 'x'), y: r.top + u.valToPos(d.mean[i]!, 'y') };
  });
  await page.mouse.move(xy.x, xy.y);
  await page.mouse.click(xy.x, xy.y);
  await page.waitForFunction(() => location.hash === '#p-2022-03');
  const march = page.locator('#p-2022-03');
  assert.match(await march.innerText(), /sanctions on Russian banks/i, 'the March point lists the sanctions article');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shotDir, 'dyad.png') });
  await page.close();
});

test('article text with <script> and <img onerror> renders as text, nothing runs', { skip }, async () => {
  for (const [name, literal] of [['injection', '<script>window.__pwned = 1</script>'], ['injectionHtml', '<img src=x onerror=alert(4)>']] as const) {
    const page = await open(`/articles/${encodeURIComponent(ts.ids[name]!)}`);
    // the article's text as shown, without the speaker labels put before quotes
    const text = await page.evaluate(() => {
      const copy = document.querySelector('article')!.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.who').forEach((e) => e.remove());
      return copy.textContent ?? '';
    });
    assert.ok(text.includes(literal), `${name}: "${literal}" is shown as text`);
    assert.equal(await page.locator('article script, article img, article iframe').count(), 0, `${name}: no element made from the article text`);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, `${name}: no script ran`);
    if (name === 'injection') {
      assert.ok(text.includes('<img src="x" onerror="window.__pwned = 2">'), 'text.includes(\'<img src="x" onerror="window.__pwned = 2">\')');
      assert.match(await page.title(), /<script>window.__pwned = 1<\/script>/);
      await page.screenshot({ path: path.join(shotDir, 'injection.png') });
    }
    await page.close();
  }
  assert.deepEqual(incidents, []);
});

test('network view draws who acts on whom', { skip }, async () => {
  const page = await open('/network');
  await page.waitForFunction(() => !!(window as unknown as { dyadNetwork?: unknown }).dyadNetwork);
  const graph = await page.evaluate(() => {
    const cy = (window as unknown as { dyadNetwork: { nodes(): { map(f: (n: { id(): string }) => string): string[] }; edges(): { length: number } } }).dyadNetwork;
    return { nodes: cy.nodes().map((n) => n.id()), edges: cy.edges().length };
  });
  assert.ok(graph.nodes.includes('USA') && graph.nodes.includes('RUS'), `USA and RUS are nodes (${graph.nodes.join(', ')})`);
  assert.ok(graph.edges >= 2, 'both directions of the relation are edges');
  await page.screenshot({ path: path.join(shotDir, 'network.png') });
  await page.close();
  assert.deepEqual(incidents, []);
});
