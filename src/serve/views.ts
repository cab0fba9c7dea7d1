/**
 * Server-rendered HTML views. Templates go through hono's `html` tag, which escapes every interpolated
 * string; the only raw markup is the annotated article text (built from offsets by annotate.ts, every
 * text character escaped there) and JSON data blocks (with `<` escaped so they cannot close the tag).
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type {
  ActorRow, ActorSide, ArticleRow, DyadBucket, DyadPeriod, EventRow, QuoteRow, SearchHit, StoreStats,
} from '../store/types.js';
import type { ActorRef, DyadEvent, DyadRecord, Quote } from '../record.js';
import { actorHref, actorKey, annotateRecord, paragraphAt, sentencesOf } from './annotate.js';
import { PERIODS, PLOVER_TYPES, periodOf, periodStart, type Query } from './params.js';
import type { Network } from './network.js';

export type H = HtmlEscapedString | Promise<HtmlEscapedString>;

/** JSON for a <script type="application/json"> block: `<` escaped so article text cannot end the block. */
export function jsonBlock(id: string, data: unknown): H {
  const s = JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return html`<script type="application/json" id="${id}">${raw(s)}</script>`;
}

/** Only http(s) links leave the app; anything else (javascript:, data:) is shown as text. */
export function safeUrl(u: string | null | undefined): string | null {
  if (!u) return null;
  try {
    const p = new URL(u);
    return p.protocol === 'http:' || p.protocol === 'https:' ? p.href : null;
  } catch {
    return null;
  }
}

/** The same path with some query parameters replaced (null removes one). */
export function withQuery(path: string, q: Query, changes: Record<string, string | number | null>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '' && !(k in changes)) sp.set(k, v);
  for (const [k, v] of Object.entries(changes)) if (v !== null && v !== '') sp.set(k, String(v));
  const s = sp.toString();
  return s ? `${path}?${s}` : path;
}

export function layout(title: string, body: H, opts: { q?: string; scripts?: string[]; styles?: string[] } = {}): H {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · dyad</title>
<link rel="stylesheet" href="/static/app.css">
${(opts.styles ?? []).map((s) => html`<link rel="stylesheet" href="/static/${s}">`)}
</head>
<body>
<header class="top">
  <a class="brand" href="/">dyad</a>
  <nav><a href="/">Articles</a><a href="/events">Events</a><a href="/quotes">Quotes</a><a href="/actors">Actors</a><a href="/dyads/USA/RUS">Dyads</a><a href="/network">Network</a><a href="/openapi.json">API</a></nav>
  <form action="/search" method="get" role="search"><input type="search" name="q" value="${opts.q ?? ''}" placeholder="Search articles and quotes" aria-label="search"><button>Search</button></form>
</header>
<main>
${body}
</main>
${(opts.scripts ?? []).map((s) => html`<script src="/static/${s}"></script>`)}
<script src="/static/app.js"></script>
</body>
</html>`;
}

export function errorPage(status: number, message: string): H {
  return layout(`Error ${status}`, html`<h1>Error ${status}</h1><p class="error">${message}</p><p><a href="/">Back to the articles</a></p>`);
}

const fmtDate = (s: string | null | undefined): string => (s ? s.replace('T', ' ').replace(/:00(\+|-|Z)/, '$1').slice(0, 22) : '—');
const fmtNum = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : (n > 0 ? '+' : '') + n.toFixed(1));
const tone = (n: number | null | undefined): string => (n === null || n === undefined ? '' : n >= 1 ? 'pos' : n <= -1 ? 'neg' : '');

function pager(path: string, q: Query, limit: number, offset: number, shown: number): H {
  return html`<div class="pager">
    ${offset > 0 ? html`<a href="${withQuery(path, q, { offset: Math.max(0, offset - limit) || null })}">← newer</a>` : ''}
    <span class="muted">rows ${shown ? offset + 1 : 0}–${offset + shown}</span>
    ${shown >= limit ? html`<a href="${withQuery(path, q, { offset: offset + limit })}">older →</a>` : ''}
  </div>`;
}

function field(label: string, name: string, value: string | undefined, attrs = ''): H {
  return html`<label>${label}<input name="${name}" value="${value ?? ''}" ${raw(attrs)}></label>`;
}

function typeSelect(value: string | undefined): H {
  return html`<label>Type<select name="type"><option value="">any</option>${PLOVER_TYPES.map((t) => html`<option ${value === t ? 'selected' : ''}>${t}</option>`)}</select></label>`;
}

/** A link to an actor side of an event row (store form). */
function sideLink(a: ActorSide | null): H {
  if (!a) return html`<span class="muted">?</span>`;
  const key = a.code && /^[A-Z]{3}$/.test(a.code) && (a.name === a.code || !a.name) ? a.code : a.name || a.code || '?';
  const label = a.name && a.code && a.name !== a.code ? `${a.name} (${a.code})` : (a.name || a.code || '?');
  return html`<a href="${actorHref(key)}">${label}</a>`;
}

/** A link to an actor of a record event (record form, entities known). */
function refLink(a: ActorRef | null, rec: DyadRecord): H {
  if (!a) return html`<span class="muted">?</span>`;
  const ent = a.entity ? rec.entities.find((e) => e.id === a.entity) : undefined;
  const key = ent ? actorKey(ent) : a.code && /^[A-Z]{3}$/.test(a.code) ? a.code : a.name;
  const label = a.code && a.name !== a.code ? `${a.name} (${a.code})` : a.name;
  return html`<a href="${actorHref(key)}">${label}</a>`;
}

// ---------------------------------------------------------------- home: article list

export function homeView(rows: ArticleRow[], stats: StoreStats, top: ActorRow[], q: Query, limit: number, offset: number): H {
  return layout('Articles', html`
  <h1>Articles</h1>
  <div class="cards">
    <div class="card"><b>${stats.articles}</b>articles</div>
    <div class="card"><b>${stats.entities}</b>actors</div>
    <div class="card"><b>${stats.quotes}</b>quotes</div>
    <div class="card"><b>${stats.events}</b>events</div>
    <div class="card"><b>${stats.firstDate ?? '—'}</b>first event</div>
    <div class="card"><b>${stats.lastDate ?? '—'}</b>last event</div>
  </div>
  <div class="grid2">
  <section>
    <form class="filters" method="get" action="/">
      ${field('Text', 'q', q.q, 'type="search"')}${field('Outlet', 'source', q.source)}
      ${field('Since', 'since', q.since, 'placeholder="YYYY-MM-DD"')}${field('Until', 'until', q.until, 'placeholder="YYYY-MM-DD"')}
      <button>Filter</button>
    </form>
    ${rows.length ? html`<table class="articles">
      <thead><tr><th>Published</th><th>Headline</th><th>Outlet</th><th title="actors / quotes / events">A/Q/E</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr>
        <td class="muted">${fmtDate(r.published)}</td>
        <td><a href="/articles/${encodeURIComponent(r.id)}">${r.headline || r.id}</a>${r.duplicateOf ? html` <span class="pill" title="near-duplicate of ${r.duplicateOf}">copy</span>` : ''}</td>
        <td>${r.source ?? ''}</td>
        <td class="muted">${r.entities}/${r.quotes}/${r.events}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">No articles${Object.keys(q).length ? ' match these filters' : html` yet: run <code>dyad ingest &lt;inputs&gt;</code> first`}.</p>`}
    ${pager('/', q, limit, offset, rows.length)}
  </section>
  <aside>
    <h2>Top actors</h2>
    <table><tbody>${top.map((a) => html`<tr><td><a href="${actorHref(actorKey(a))}">${a.name}</a> <span class="muted">${a.code ?? ''}</span></td><td class="muted">${a.mentions}</td></tr>`)}</tbody></table>
    <p><a href="/actors">All actors →</a></p>
    <h2>Follow a relation</h2>
    <form class="filters" method="get" action="/dyads">
      ${field('Actor A', 'a', 'USA')}${field('Actor B', 'b', 'RUS')}<button>Show</button>
    </form>
  </aside>
  </div>`);
}

// ---------------------------------------------------------------- article view

function eventCard(ev: DyadEvent, rec: DyadRecord): H {
  const sents = sentencesOf(rec, ev.evidence);
  const cls = ev.intensity === null ? '' : ev.intensity >= 1 ? 'coop' : ev.intensity <= -1 ? 'conf' : '';
  return html`<div class="event ${cls}" id="e-${ev.id}" data-event="${ev.id}" data-sentences="${sents.join(' ')}">
    <span class="type">${ev.negated ? 'NOT ' : ''}${ev.type}</span>${ev.mode ? html` <span class="muted">${ev.mode}</span>` : ''}
    <span class="who-did">${refLink(ev.source, rec)} → ${refLink(ev.target, rec)}</span>
    <span class="muted">${ev.date ?? 'undated'}${ev.cameo ? ` · CAMEO ${ev.cameo}` : ''} · <span class="${tone(ev.intensity)}">${fmtNum(ev.intensity)}</span>${sents.length ? ` · sentence ${sents.map((s) => s + 1).join(', ')}` : ''}</span>
  </div>`;
}

function quoteItem(qt: Quote, rec: DyadRecord): H {
  const ent = qt.speaker?.entity ? rec.entities.find((e) => e.id === qt.speaker!.entity) : undefined;
  const name = ent?.name ?? qt.speaker?.name ?? null;
  return html`<li data-quote="${qt.id}" data-sentences="${sentencesOf(rec, qt.contentSpan).join(' ')}">
    ${name ? html`<a href="${actorHref(ent ? actorKey(ent) : name)}"><b>${name}</b></a>` : html`<b class="muted">unknown speaker</b>`}
    <span class="pill">${qt.kind}</span>${qt.cue ? html` <span class="muted">${qt.cue}</span>` : ''}: “${qt.content}”</li>`;
}

export function articleView(rec: DyadRecord, row: ArticleRow | null): H {
  const a = rec.article;
  const paras = annotateRecord(rec);
  const byPara = new Map<number, DyadEvent[]>();
  const loose: DyadEvent[] = [];
  for (const ev of rec.events) {
    const i = paragraphAt(paras, ev.evidence.start);
    if (i < 0) loose.push(ev);
    else (byPara.get(i) ?? byPara.set(i, []).get(i)!).push(ev);
  }
  const url = safeUrl(a.url);
  const headline = a.headline || rec.id;
  const people = [...rec.entities].sort((x, y) => y.mentions.length - x.mentions.length);
  return layout(headline, html`
  <article class="article" data-article="${rec.id}">
    <h1>${headline}</h1>
    ${a.subheadline ? html`<p class="muted">${a.subheadline}</p>` : ''}
    <div class="meta">
      ${a.source ?? ''}${a.source ? ' · ' : ''}${fmtDate(a.published ?? row?.published)}${a.authors.length ? ` · by ${a.authors.join(', ')}` : ''}
      ${a.dateline?.place ? ` · ${a.dateline.place}` : ''}
      ${url ? html` · <a href="${url}" rel="noopener noreferrer nofollow" target="_blank">original</a>` : a.url ? html` · <span>${a.url}</span>` : ''}
      · <a href="/api/articles/${encodeURIComponent(rec.id)}">JSON</a>
      ${row?.duplicateOf ? html` · near-duplicate of <a href="/articles/${encodeURIComponent(row.duplicateOf)}">an earlier copy</a>` : ''}
    </div>
    <p class="legend muted"><span><mark class="quote">quote</mark> with its <a class="who" href="#quotes">speaker</a></span>
      <span><a class="mention kind-person" href="#actors">person</a></span><span><a class="mention kind-state" href="#actors">state</a></span>
      <span><a class="mention kind-organization" href="#actors">organisation</a></span><span>events beside their sentence (hover to see it)</span></p>
    <div class="body">
    ${paras.map((p) => html`<div class="row" id="p-${p.index}">
      <div class="text"><p class="${p.kind}">${raw(p.html)}</p></div>
      <aside class="side">${(byPara.get(p.index) ?? []).map((ev) => eventCard(ev, rec))}</aside>
    </div>`)}
    </div>
    ${loose.length ? html`<h2>Other events</h2>${loose.map((ev) => eventCard(ev, rec))}` : ''}
    <div class="grid2">
    <section>
      <h2 id="quotes">Quotes (${rec.quotes.length})</h2>
      ${rec.quotes.length ? html`<ul class="quotes">${rec.quotes.map((qt) => quoteItem(qt, rec))}</ul>` : html`<p class="muted">No quotes found.</p>`}
    </section>
    <section>
      <h2 id="actors">Actors (${rec.entities.length})</h2>
      <table><tbody>${people.map((e) => html`<tr><td><a href="${actorHref(actorKey(e))}">${e.name}</a></td><td class="muted">${e.kind}${e.code ? ` · ${e.code}` : ''}${e.roles[0] ? ` · ${e.roles[0].title}` : ''}</td><td class="muted">${e.mentions.length}</td></tr>`)}</tbody></table>
    </section>
    </div>
  </article>`);
}

// ---------------------------------------------------------------- events, quotes, actors lists

function eventRow(e: EventRow): H {
  return html`<tr>
    <td class="muted">${e.date ?? '—'}</td>
    <td><span class="type">${e.negated ? 'NOT ' : ''}${e.type}</span>${e.cameo ? html` <span class="muted">${e.cameo}</span>` : ''}</td>
    <td>${sideLink(e.source)}</td><td>${sideLink(e.target)}</td>
    <td class="${tone(e.intensity)}">${fmtNum(e.intensity)}</td>
    <td>${e.evidence}<br><a class="muted" href="/articles/${encodeURIComponent(e.articleId)}#e-${e.eventId}">${e.headline || e.articleId}</a></td>
  </tr>`;
}

export function eventTable(rows: EventRow[]): H {
  if (!rows.length) return html`<p class="muted">No events.</p>`;
  return html`<table class="events"><thead><tr><th>Date</th><th>Type</th><th>Source</th><th>Target</th><th>Intensity</th><th>Evidence</th></tr></thead>
    <tbody>${rows.map(eventRow)}</tbody></table>`;
}

export function eventsView(rows: EventRow[], q: Query, limit: number, offset: number): H {
  return layout('Events', html`<h1>Events</h1>
    <form class="filters" method="get" action="/events">
      ${field('Actor (either side)', 'actor', q.actor)}${field('Source', 'source', q.source)}${field('Target', 'target', q.target)}
      ${typeSelect(q.type)}${field('Text', 'q', q.q, 'type="search"')}
      ${field('Since', 'since', q.since, 'placeholder="YYYY-MM-DD"')}${field('Until', 'until', q.until, 'placeholder="YYYY-MM-DD"')}
      <button>Filter</button>
    </form>
    ${eventTable(rows)}${pager('/events', q, limit, offset, rows.length)}`);
}

function quoteRows(rows: QuoteRow[]): H {
  if (!rows.length) return html`<p class="muted">No quotes.</p>`;
  return html`<table class="quotes"><thead><tr><th>Published</th><th>Speaker</th><th>Quote</th></tr></thead><tbody>
    ${rows.map((r) => html`<tr><td class="muted">${fmtDate(r.published)}</td><td>${sideLink(r.speaker)}</td>
      <td>“${r.content}” <span class="pill">${r.kind}</span><br><a class="muted" href="/articles/${encodeURIComponent(r.articleId)}">${r.headline || r.articleId}</a></td></tr>`)}
  </tbody></table>`;
}

export function quotesView(rows: QuoteRow[], q: Query, limit: number, offset: number): H {
  return layout('Quotes', html`<h1>Quotes</h1>
    <form class="filters" method="get" action="/quotes">
      ${field('Speaker', 'speaker', q.speaker)}${field('Text', 'q', q.q, 'type="search"')}
      ${field('Since', 'since', q.since, 'placeholder="YYYY-MM-DD"')}${field('Until', 'until', q.until, 'placeholder="YYYY-MM-DD"')}
      <button>Filter</button>
    </form>
    ${quoteRows(rows)}${pager('/quotes', q, limit, offset, rows.length)}`);
}

export function actorsView(rows: ActorRow[], q: Query, limit: number, offset: number): H {
  return layout('Actors', html`<h1>Actors</h1>
    <form class="filters" method="get" action="/actors">
      ${field('Name', 'name', q.name)}${field('Code', 'code', q.code)}
      <label>Kind<select name="kind"><option value="">any</option>${['person', 'state', 'igo', 'ngo', 'organization', 'group', 'location', 'former-state'].map((k) => html`<option ${q.kind === k ? 'selected' : ''}>${k}</option>`)}</select></label>
      ${field('Since', 'since', q.since, 'placeholder="YYYY-MM-DD"')}${field('Until', 'until', q.until, 'placeholder="YYYY-MM-DD"')}
      <button>Filter</button>
    </form>
    ${rows.length ? html`<table><thead><tr><th>Actor</th><th>Kind</th><th>Code</th><th>Mentions</th><th>Articles</th><th>Events</th><th>Quotes</th></tr></thead><tbody>
      ${rows.map((a) => html`<tr><td><a href="${actorHref(actorKey(a))}">${a.name}</a></td><td>${a.kind}</td><td>${a.code ?? ''}</td><td>${a.mentions}</td><td>${a.articles}</td><td>${a.events}</td><td>${a.quotes}</td></tr>`)}
    </tbody></table>` : html`<p class="muted">No actors.</p>`}
    ${pager('/actors', q, limit, offset, rows.length)}`);
}

// ---------------------------------------------------------------- actor page

export interface Partner { key: string; label: string; code: string | null; count: number; mean: number | null }

export function actorView(key: string, info: ActorRow | null, said: QuoteRow[], did: EventRow[], got: EventRow[], partners: Partner[], q: Query): H {
  const title = info?.name ?? key;
  const dyadKey = info?.code && /^[A-Z]{3}$/.test(info.code) ? info.code : key;
  return layout(title, html`<h1>${title}</h1>
    <div class="meta">${info ? `${info.kind}${info.code ? ` · ${info.code}` : ''}${info.sector ? ` · ${info.sector}` : ''} · ${info.mentions} mentions in ${info.articles} articles` : 'not a known entity; showing what matches the name'}</div>
    <form class="filters" method="get" action="${actorHref(key)}">
      ${typeSelect(q.type)}${field('Since', 'since', q.since, 'placeholder="YYYY-MM-DD"')}${field('Until', 'until', q.until, 'placeholder="YYYY-MM-DD"')}<button>Filter</button>
    </form>
    <div class="grid2">
    <section>
      <h2>${info?.kind === 'person' || !info ? `What ${title} said` : `What ${title} (${info.code ?? key}) and its people said`} (${said.length}${said.length >= 50 ? '+' : ''})</h2>${quoteRows(said)}
      <h2>What ${title} did (${did.length}${did.length >= 50 ? '+' : ''})</h2>${eventTable(did)}
      <h2>What was done to ${title} (${got.length}${got.length >= 50 ? '+' : ''})</h2>${eventTable(got)}
    </section>
    <aside>
      <h2>Counterparts</h2>
      ${partners.length ? html`<table><thead><tr><th>Actor</th><th>Events</th><th>Mean</th></tr></thead><tbody>${partners.map((p) => html`<tr>
        <td><a href="${actorHref(p.key)}">${p.label}</a></td>
        <td><a href="/dyads/${encodeURIComponent(dyadKey)}/${encodeURIComponent(p.code && /^[A-Z]{3}$/.test(p.code) ? p.code : p.key)}" title="the relation over time">${p.count} ↗</a></td>
        <td class="${tone(p.mean)}">${fmtNum(p.mean)}</td></tr>`)}</tbody></table>` : html`<p class="muted">None yet.</p>`}
      <p><a href="${withQuery('/network', {}, { actor: key })}">Network around ${title} →</a></p>
    </aside>
    </div>`);
}

// ---------------------------------------------------------------- dyad page

export function dyadView(a: string, b: string, by: DyadPeriod, buckets: DyadBucket[], events: EventRow[], q: Query): H {
  const byPeriod = new Map<string, EventRow[]>();
  for (const e of events) {
    if (!e.date) continue;
    const p = periodOf(e.date, by);
    (byPeriod.get(p) ?? byPeriod.set(p, []).get(p)!).push(e);
  }
  const chart = {
    by,
    periods: buckets.map((x) => x.period),
    x: buckets.map((x) => periodStart(x.period)),
    mean: buckets.map((x) => (x.meanIntensity === null ? null : Math.round(x.meanIntensity * 100) / 100)),
    total: buckets.map((x) => x.total),
  };
  const total = buckets.reduce((s, x) => s + x.total, 0);
  return layout(`${a}–${b}`, html`<h1>${a} – ${b}: cooperation and conflict over time</h1>
    <form class="filters" method="get" action="/dyads">
      ${field('Actor A', 'a', a)}${field('Actor B', 'b', b)}
      <label>Per<select name="by">${PERIODS.map((p) => html`<option ${p === by ? 'selected' : ''}>${p}</option>`)}</select></label>
      ${field('Since', 'since', q.since, 'placeholder="YYYY-MM-DD"')}${field('Until', 'until', q.until, 'placeholder="YYYY-MM-DD"')}
      <button>Show</button> <a href="${withQuery(`/dyads/${encodeURIComponent(b)}/${encodeURIComponent(a)}`, q, {})}">swap</a>
    </form>
    <p class="meta">${total} events in ${buckets.length} ${by === 'day' ? 'days' : `${by}s`}, both directions. The line is the mean
      intensity of each ${by} (−10 conflict … +10 cooperation); the dashed line counts events. Click a point to see the articles behind it.</p>
    ${buckets.length ? html`<div id="dyad-chart" data-points="${buckets.length}"></div>${jsonBlock('dyad-data', chart)}`
      : html`<p class="muted" id="dyad-empty">No events between ${a} and ${b}${q.since || q.until ? ' in this period' : ''}.</p>`}
    <h2>Per ${by}</h2>
    ${[...buckets].reverse().map((bk) => {
      const evs = byPeriod.get(bk.period) ?? [];
      const articles = new Map<string, { headline: string; events: EventRow[] }>();
      for (const e of evs) (articles.get(e.articleId) ?? articles.set(e.articleId, { headline: e.headline || e.articleId, events: [] }).get(e.articleId)!).events.push(e);
      return html`<section class="period" id="p-${bk.period}" data-period="${bk.period}">
        <b>${bk.period}</b> · ${bk.total} events (${a}→${b} ${bk.forward}, ${b}→${a} ${bk.backward}) ·
        mean <span class="${tone(bk.meanIntensity)}">${fmtNum(bk.meanIntensity)}</span> ·
        <span class="muted">${Object.entries(bk.byType).sort((x, y) => y[1] - x[1]).map(([t, n]) => `${t} ${n}`).join(', ')}</span>
        <ul>${[...articles].map(([id, art]) => html`<li><a href="/articles/${encodeURIComponent(id)}">${art.headline}</a>
          <ul>${art.events.map((e) => html`<li><span class="type">${e.negated ? 'NOT ' : ''}${e.type}</span> ${sideLink(e.source)} → ${sideLink(e.target)}
            <span class="${tone(e.intensity)}">${fmtNum(e.intensity)}</span>: <span class="muted">${e.evidence}</span>
            <a href="/articles/${encodeURIComponent(id)}#e-${e.eventId}">¶</a></li>`)}</ul></li>`)}</ul>
      </section>`;
    })}`, { scripts: ['uPlot.iife.min.js'], styles: ['uPlot.min.css'] });
}

// ---------------------------------------------------------------- network and search

/** Relations drawn in the network view: the strongest ones, so the graph stays readable. */
export const NETWORK_MAX_EDGES = 120;

export function networkView(all: Network, q: Query): H {
  const edges = all.edges.slice(0, NETWORK_MAX_EDGES);
  const keep = new Set(edges.flatMap((e) => [e.source, e.target]));
  const net: Network = { events: all.events, nodes: all.nodes.filter((n) => keep.has(n.id)), edges };
  return layout('Network', html`<h1>Who acts on whom</h1>
    <form class="filters" method="get" action="/network">
      ${field('Actor (either side)', 'actor', q.actor)}${typeSelect(q.type)}
      ${field('Since', 'since', q.since, 'placeholder="YYYY-MM-DD"')}${field('Until', 'until', q.until, 'placeholder="YYYY-MM-DD"')}
      <label>Nodes<select name="level"><option value="code" ${q.level !== 'name' ? 'selected' : ''}>countries (codes)</option><option value="name" ${q.level === 'name' ? 'selected' : ''}>actors (names)</option></select></label>
      <button>Show</button>
    </form>
    <p class="meta">${all.events} events, ${all.nodes.length} actors, ${all.edges.length} directed relations${all.edges.length > edges.length ? ` (the ${edges.length} strongest drawn)` : ''}. Edge width: events;
      colour: mean intensity (<span class="pos">cooperation</span>, <span class="neg">conflict</span>). Click an actor to open it.</p>
    ${net.nodes.length ? html`<div id="network" data-nodes="${net.nodes.length}"></div>${jsonBlock('network-data', net)}` : html`<p class="muted">No events with both a source and a target.</p>`}
    <h2>Strongest relations</h2>
    <table><thead><tr><th>Source</th><th>Target</th><th>Events</th><th>Mean</th><th>Types</th></tr></thead><tbody>
    ${net.edges.slice(0, 30).map((e) => html`<tr><td><a href="${actorHref(e.source)}">${e.source}</a></td><td><a href="${actorHref(e.target)}">${e.target}</a></td>
      <td><a href="/dyads/${encodeURIComponent(e.source)}/${encodeURIComponent(e.target)}">${e.count}</a></td><td class="${tone(e.mean)}">${fmtNum(e.mean)}</td>
      <td class="muted">${Object.entries(e.types).sort((x, y) => y[1] - x[1]).map(([t, n]) => `${t} ${n}`).join(', ')}</td></tr>`)}
    </tbody></table>`, { scripts: ['cytoscape.min.js'] });
}

/** A search snippet: the matched words come wrapped in [ ] from the store; shown bold, the rest escaped. */
export function snippet(s: string): H {
  const parts = s.split(/\[([^\][]*)\]/);
  return html`${parts.map((p, i) => (i % 2 ? html`<b>${p}</b>` : p))}`;
}

export function searchView(text: string, hits: SearchHit[], q: Query, limit: number, offset: number): H {
  return layout(`Search: ${text}`, html`<h1>Search</h1>
    <form class="filters" method="get" action="/search">
      ${field('Words', 'q', text, 'type="search"')}
      <label>In<select name="in">${(['all', 'articles', 'quotes'] as const).map((k) => html`<option ${(q.in ?? 'all') === k ? 'selected' : ''}>${k}</option>`)}</select></label>
      <button>Search</button>
    </form>
    ${text ? (hits.length ? html`<ol class="hits" start="${offset + 1}">${hits.map((h) => html`<li>
        <span class="pill">${h.kind}</span> <a href="/articles/${encodeURIComponent(h.articleId)}">${h.headline || h.articleId}</a>
        <span class="muted">${fmtDate(h.published)}</span><div class="snippet">${snippet(h.snippet)}</div></li>`)}</ol>${pager('/search', q, limit, offset, hits.length)}`
      : html`<p class="muted">Nothing found for “${text}”.</p>`) : ''}`, { q: text });
}
