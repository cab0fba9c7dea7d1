/**
 * Renders an article's text as HTML with its annotations: sentences, quotes (highlighted, speaker named),
 * entity mentions (underlined, linked to the actor page) and quote cues. The text comes from the web, so
 * every character of it goes through `esc`; markup is only ever produced here, from offsets.
 *
 * Annotations live in layers (sentence < quote < mention < cue). Inside a layer spans never overlap (the
 * longer of two overlapping spans wins); across layers they nest, so a quote that crosses a sentence
 * boundary is closed and reopened around it — every piece carries the same data-quote id.
 */
import type { DyadRecord, Entity, Quote, Span } from '../record.js';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for HTML element content and quoted attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}

/** The actor-page key of an entity: its code for states, else its canonical name. */
export function actorKey(e: { name: string; code: string | null; kind?: string }): string {
  if (e.code && (e.kind === 'state' || e.kind === 'former-state' || e.kind === undefined) && /^[A-Z]{3}$/.test(e.code)) return e.code;
  return e.name;
}

export function actorHref(key: string): string {
  return `/actors/${encodeURIComponent(key)}`;
}

interface Layered extends Span {
  layer: number;
  open: string;
  close: string;
  /** emitted before the first piece only (outside the element) */
  before?: string;
  /** identity for the stack comparison */
  key: string;
}

/** Keeps, per layer, spans that do not overlap: sorted by start, longer first, later overlaps dropped. */
function dropOverlaps(spans: Layered[]): Layered[] {
  const byLayer = new Map<number, Layered[]>();
  for (const s of spans) {
    if (!(s.end > s.start)) continue;
    (byLayer.get(s.layer) ?? byLayer.set(s.layer, []).get(s.layer)!).push(s);
  }
  const out: Layered[] = [];
  for (const list of byLayer.values()) {
    list.sort((a, b) => a.start - b.start || b.end - a.end);
    let lastEnd = -1;
    for (const s of list) if (s.start >= lastEnd) { out.push(s); lastEnd = s.end; }
  }
  return out;
}

/**
 * Renders text[from, to) with the spans nested by layer. Spans are clipped to the range; a span's
 * `before` is emitted once, at its true start, if that start is inside the range.
 */
export function renderRange(text: string, from: number, to: number, spans: Layered[]): string {
  const inside = spans.filter((s) => s.end > from && s.start < to);
  const points = new Set<number>([from, to]);
  for (const s of inside) { points.add(Math.max(s.start, from)); points.add(Math.min(s.end, to)); }
  const cuts = [...points].sort((a, b) => a - b);
  let out = '';
  let stack: Layered[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!, b = cuts[i + 1]!;
    const want = inside.filter((s) => s.start <= a && s.end >= b).sort((x, y) => x.layer - y.layer);
    let common = 0;
    while (common < stack.length && common < want.length && stack[common]!.key === want[common]!.key) common++;
    for (let k = stack.length - 1; k >= common; k--) out += stack[k]!.close;
    for (let k = common; k < want.length; k++) {
      const s = want[k]!;
      if (s.before && s.start === a) out += s.before;
      out += s.open;
    }
    stack = want;
    out += esc(text.slice(a, b));
  }
  for (let k = stack.length - 1; k >= 0; k--) out += stack[k]!.close;
  return out;
}

export interface AnnotatedParagraph {
  index: number;
  kind: string;
  start: number;
  end: number;
  /** escaped, annotated HTML of the paragraph */
  html: string;
  /** sentence indices that start inside this paragraph */
  sentences: number[];
}

function speakerLabel(q: Quote, entities: Map<string, Entity>): { name: string; key: string | null } | null {
  if (!q.speaker) return null;
  const ent = q.speaker.entity ? entities.get(q.speaker.entity) : undefined;
  if (ent) return { name: ent.name, key: actorKey(ent) };
  return { name: q.speaker.name, key: q.speaker.name || null };
}

/** All annotation spans of a record, in layers, overlaps resolved. */
export function annotationSpans(rec: DyadRecord): Layered[] {
  const len = rec.text.length;
  const ok = (s: Span | null | undefined): s is Span =>
    !!s && Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= len && s.end > s.start;
  const entities = new Map(rec.entities.map((e) => [e.id, e]));
  const spans: Layered[] = [];
  rec.sentences.forEach((s, i) => {
    if (ok(s)) spans.push({ start: s.start, end: s.end, layer: 0, key: `s${i}`, open: `<span class="sent" data-sentence="${i}">`, close: '</span>' });
  });
  for (const q of rec.quotes) {
    if (!ok(q.contentSpan)) continue;
    const who = speakerLabel(q, entities);
    const title = who ? `${who.name} — ${q.kind} quote` : `${q.kind} quote, speaker unknown`;
    const before = who
      ? `<a class="who" href="${esc(actorHref(who.key ?? who.name))}" data-quote="${esc(q.id)}">${esc(who.name)}</a>`
      : `<span class="who who-unknown" data-quote="${esc(q.id)}">?</span>`;
    spans.push({
      start: q.contentSpan.start, end: q.contentSpan.end, layer: 1, key: `q:${q.id}`, before,
      open: `<mark class="quote quote-${esc(q.kind)}" data-quote="${esc(q.id)}" data-speaker="${esc(who?.name ?? '')}" title="${esc(title)}">`,
      close: '</mark>',
    });
  }
  for (const e of rec.entities) {
    const href = esc(actorHref(actorKey(e)));
    const title = esc([e.name, e.kind, e.code, e.roles[0]?.title].filter(Boolean).join(' · '));
    for (const m of e.mentions) {
      if (!ok(m)) continue;
      spans.push({
        start: m.start, end: m.end, layer: 2, key: `m:${e.id}:${m.start}`,
        open: `<a class="mention kind-${esc(e.kind)}" href="${href}" data-entity="${esc(e.id)}" title="${title}">`,
        close: '</a>',
      });
    }
  }
  for (const q of rec.quotes) {
    if (ok(q.cueSpan)) spans.push({ start: q.cueSpan.start, end: q.cueSpan.end, layer: 3, key: `c:${q.id}`, open: `<span class="cue" data-quote="${esc(q.id)}">`, close: '</span>' });
  }
  return dropOverlaps(spans);
}

/** The record's paragraphs rendered with annotations; a record without paragraphs is one block. */
export function annotateRecord(rec: DyadRecord): AnnotatedParagraph[] {
  const spans = annotationSpans(rec);
  const paras = rec.paragraphs.length ? rec.paragraphs : [{ start: 0, end: rec.text.length, kind: 'body' as const }];
  return paras.map((p, index) => ({
    index, kind: p.kind, start: p.start, end: p.end,
    html: renderRange(rec.text, p.start, p.end, spans),
    sentences: rec.sentences.flatMap((s, i) => (s.start >= p.start && s.start < p.end ? [i] : [])),
  }));
}

/** Index of the paragraph holding offset `pos`, or -1. */
export function paragraphAt(paras: Array<Span>, pos: number): number {
  for (let i = 0; i < paras.length; i++) if (pos >= paras[i]!.start && pos < paras[i]!.end) return i;
  return -1;
}

/** Sentence indices overlapping a span. */
export function sentencesOf(rec: DyadRecord, span: Span): number[] {
  return rec.sentences.flatMap((s, i) => (s.end > span.start && s.start < span.end ? [i] : []));
}
