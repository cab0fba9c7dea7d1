/**
 * Recognition and within-document resolution of actors. One pass over the document's words:
 *
 *  1. gazetteer  — longest matches of knowledge-base names (states, demonyms, capitals and seats of
 *                  government, places, IGOs, organisations, people), with case rules ("US" ≠ "us");
 *  2. orgs       — capitalised sequences that end in (or are headed by) an organisation word
 *                  ("Council on Foreign Relations", "Korean Central News Agency");
 *  3. roles      — title phrases from the role lexicon, with modifiers ("Deputy Foreign Minister",
 *                  "presidential aide", "former"), and bodies/groups ("police", "troops", "officials");
 *  4. names      — runs of capitalised words left over: two words or more make a person; one word is a
 *                  surname linked to a person of the document or, failing that, of the knowledge base;
 *  5. titles     — a title with no name ("the national security adviser", "Somalia's prime minister")
 *                  refers to the document's person holding it, else to the knowledge base's holder on
 *                  the document's date, else to an unnamed group with the affiliation's code;
 *  6. groups     — affiliation + body/group noun ("Kyiv police", "Ukrainian farmers") is a group.
 *
 * Each mention records the rule that made it (`rule`), so that a wrong fact can be traced.
 */
import type { Doc } from '../doc.js';
import type { Entity, EntityKind, Mention, Role } from '../record.js';
import type { GazHit, KB, KbEntry, RoleLex } from './kb.js';
import { canonicalTitle, roleAt } from './kb.js';
import { isCap, nameKey, normKey, words, type Word } from './text.js';

/** Lower-case words allowed inside a name or an organisation name. */
const NAME_CONNECTORS = new Set(['bin', 'bint', 'ibn', 'al', 'el', 'de', 'del', 'della', 'der', 'van', 'von', 'da', 'dos', 'das', 'du', 'la', 'le', 'abu', 'ul', 'ben', 'y', 'di', 'ter', 'zu']);
const ORG_CONNECTORS = new Set(['of', 'for', 'on', 'and', 'the', '&', 'de', 'du', 'des', 'la', 'to', 'in', 'against']);
/** Capitalised words that are not names (sentence starts, calendar words, pronouns). */
const NOT_NAMES = new Set(('the a an he she it we they i you this that these those there here his her its our their my your ' +
  'but and or so yet if when while as at in on of for from by with to after before since until during under over about ' +
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september ' +
  'october november december today yesterday tomorrow mr mrs ms dr sir no not also however meanwhile still even then now ' +
  'earlier later last next new more most some many several all both each every one two three four five six seven eight nine ten ' +
  'first second third what who whom whose which where why how image photo video file reuters ap afp updated published advertisement ' +
  'read watch related editor note copyright said says told asked according').split(' '));
const DETERMINERS = new Set(['the', 'a', 'an', 'its', 'their', 'his', 'her', 'our', 'this', 'that', 'these', 'those', 'some', 'two', 'three', 'several', 'many', 'ordinary', 'other', 'local', 'top', 'senior', 'ruling']);
const INDEFINITE = new Set(['a', 'an', 'one', 'another', 'some', 'two', 'three', 'several', 'many']);

const KIND_ORDER: Record<string, number> = { person: 0, organization: 1, igo: 1, ngo: 1, group: 1, state: 2, 'former-state': 2, location: 3 };

type Target =
  | { t: 'kb'; entry: KbEntry }
  | { t: 'person'; key: string }
  | { t: 'org'; key: string }
  | { t: 'group'; key: string };

interface Cand {
  start: number;
  end: number;
  type: string;
  rule: string;
  target: Target;
  /** the sector this mention stands for (metonyms, plural demonyms) */
  sector?: string | null;
}

interface PersonInfo { key: string; name: string; kb: KbEntry | null; roles: Role[]; code: string | null; sector: string | null; words: string[]; first: number;
  /** nameKey of the full name, normKey of the words, nameKey of the last word */
  nk: string; wk: string[]; lastNk: string }
interface OrgInfo { key: string; name: string; kind: EntityKind; code: string | null; sector: string | null; first: number }
interface GroupInfo { key: string; name: string; kind: EntityKind; code: string | null; sector: string | null; roles: Role[]; first: number; kb?: KbEntry | null }

interface Span { i: number; j: number } // word indices [i, j)
interface GSpan extends Span { hit: GazHit }
interface RSpan extends Span { lex: RoleLex; former: boolean; text: string }

export class Recognizer {
  ws: Word[] = [];
  cands: Cand[] = [];
  /** what covers each word: 'g' gazetteer, 'o' organisation, 'r' role, 'n' name */
  cover: string[] = [];
  g = new Map<number, GSpan>(); // by start
  gAt: Array<GSpan | null> = [];
  r = new Map<number, RSpan>();
  rAt: Array<RSpan | null> = [];
  persons = new Map<string, PersonInfo>();
  orgs = new Map<string, OrgInfo>();
  groups = new Map<string, GroupInfo>();
  /** word index → the person key of a name mention starting there */
  personAt = new Map<number, string>();

  constructor(public doc: Doc, public kb: KB) {}

  run(): Entity[] {
    const { doc } = this;
    doc.sentences.forEach((s, si) => {
      const ws = words(doc.text.slice(s.start, s.end), s.start, si);
      for (const w of ws) this.ws.push(w);
    });
    // headline/sentence-less text (hand-made docs): fall back to paragraphs
    if (!doc.sentences.length && doc.text) this.ws = words(doc.text, 0, 0);
    const n = this.ws.length, text = doc.text;
    this.glue = new Uint8Array(n);
    for (let k = 0; k + 1 < n; k++) {
      const a = this.ws[k]!, b = this.ws[k + 1]!;
      if (a.sentence !== b.sentence || b.start - a.end > 3) continue;
      let ok = 1;
      for (let c = a.end; c < b.start; c++) { const ch = text.charCodeAt(c); if (ch !== 32 && ch !== 10 && ch !== 9 && ch !== 13 && ch !== 160) { ok = 0; break; } }
      this.glue[k] = ok;
    }
    this.cover = new Array(this.ws.length).fill('');
    this.gAt = new Array(this.ws.length).fill(null);
    this.rAt = new Array(this.ws.length).fill(null);
    this.gazetteer();
    this.organisations();
    this.roles();
    this.names();
    this.titles();
    return this.build();
  }

  // ---------- helpers
  private byEnd = new Map<number, Cand[]>();
  private byStart = new Map<number, Cand[]>();
  private push(c: Cand): void {
    this.cands.push(c);
    const a = this.byEnd.get(c.end); if (a) a.push(c); else this.byEnd.set(c.end, [c]);
    const b = this.byStart.get(c.start); if (b) b.push(c); else this.byStart.set(c.start, [c]);
  }
  private candEnding(end: number, t: Target['t']): Cand | undefined {
    return this.byEnd.get(end)?.find((c) => c.target.t === t);
  }
  private candStarting(start: number, t: Target['t']): Cand | undefined {
    return this.byStart.get(start)?.find((c) => c.target.t === t);
  }
  /** glue[k]: words k and k+1 are in one sentence with only white space (at most 3 characters) between them */
  private glue: Uint8Array = new Uint8Array(0);
  private joined(i: number, j: number): boolean {
    for (let k = i; k < j - 1; k++) if (!this.glue[k]) return false;
    return true;
  }
  /** words a < b adjacent: same sentence, white space only between them */
  private adj(a: number, b: number): boolean {
    return a >= 0 && b < this.ws.length && b === a + 1 && this.joined(a, b + 1);
  }
  /** "US’ national security adviser": a bare possessive apostrophe between two words */
  private possessiveGap(a: number, b: number): boolean {
    if (a < 0 || b !== a + 1 || b >= this.ws.length || this.ws[a]!.sentence !== this.ws[b]!.sentence) return false;
    return /^['’]\s+$/.test(this.doc.text.slice(this.ws[a]!.end, this.ws[b]!.start));
  }
  private text(i: number, j: number): string {
    return this.doc.text.slice(this.ws[i]!.start, this.ws[j - 1]!.end);
  }
  private cap(k: number): boolean {
    const w = this.ws[k];
    if (!w) return false;
    const c = w.text.charCodeAt(0);
    if (c >= 65 && c <= 90) return true;
    if (c >= 97 && c <= 122) return false;
    return isCap(w.text);
  }
  private refDate(): Date | null {
    return this.doc.refDate ?? null;
  }

  // ---------- 1. gazetteer
  private gazetteer(): void {
    const { ws, kb } = this;
    for (let i = 0; i < ws.length; i++) {
      const k0 = ws[i]!.key;
      if (!(this.cap(i) ? kb.gazFirst.has(k0) : kb.gazFirstLower.has(k0))) continue;
      let key = '';
      let best: GSpan | null = null;
      for (let L = 1; L <= kb.gazMax && i + L <= ws.length; L++) {
        if (L > 1 && !this.glue[i + L - 2]) break;
        key = L === 1 ? ws[i]!.key : `${key} ${ws[i + L - 1]!.key}`;
        if (!kb.gazPrefixes.has(key)) break;
        const hits = kb.gaz.get(key);
        if (!hits) continue;
        for (const h of hits) if (this.caseOk(h, i, L)) { best = { i, j: i + L, hit: h }; break; }
      }
      if (!best) {
        // hyphenated compounds: "US-led", "Russian-US", "Kurdish-led", "Somalia-based"
        const w = ws[i]!;
        if (w.text.includes('-') && isCap(w.text)) this.compound(i);
        continue;
      }
      // a person or organisation name of the knowledge base beats a shorter state reading ("Georgia Meloni")
      for (let k = best.i; k < best.j; k++) { this.gAt[k] = best; this.cover[k] = 'g'; }
      this.g.set(i, best);
      i = best.j - 1;
    }
  }

  private caseOk(h: GazHit, i: number, L: number): boolean {
    for (let k = 0; k < L; k++) {
      const w = this.ws[i + k]!;
      if (h.exact) { if (w.text.replace(/’/g, "'") !== h.exact[k]) return false; continue; }
      if (h.caps[k] && !isCap(w.text)) return false;
    }
    // a single all-lower-case text word never matches a capitalised entry (checked above); a sentence-initial
    // demonym/country is fine.
    return true;
  }

  private compound(i: number): void {
    const w = this.ws[i]!;
    let off = 0;
    for (const part of w.text.split('-')) {
      const hits = this.kb.gaz.get(normKey(part));
      const h = hits?.find((x) => (x.exact ? part === x.exact[0] : isCap(part)) && (x.entry.kind === 'state' || x.entry.kind === 'igo' || x.entry.kind === 'former-state'));
      if (h && part.length > 1) {
        const start = w.start + off;
        this.push({ start, end: start + part.length, type: 'compound', rule: 'gazetteer-compound', target: { t: 'kb', entry: h.entry }, sector: null });
      }
      off += part.length + 1;
    }
    this.cover[i] = 'g';
  }

  // ---------- 2. organisations from capitalised sequences with a head word
  private organisations(): void {
    const { ws, kb } = this;
    let i = 0;
    while (i < ws.length) {
      if (!this.cap(i)) { i++; continue; }
      // maximal capitalised chunk with organisation connectors inside
      let j = i + 1;
      while (j < ws.length && this.joined(j - 1, j + 1)) {
        if (this.cap(j)) { j++; continue; }
        if (ORG_CONNECTORS.has(ws[j]!.key) && this.cap(j + 1) && this.joined(j, j + 2)) { j++; continue; }
        break;
      }
      // find the last head word
      let head = -1;
      for (let k = j - 1; k >= i; k--) {
        if (!kb.orgHeads.has(ws[k]!.key) || !isCap(ws[k]!.text)) continue;
        const t = this.lexAt(k);
        if (t && t.j > k + 1) continue; // "Press Secretary", "Army Chief" are titles
        head = k; break;
      }
      if (head < 0) { i = j; continue; }
      // start: skip a leading "The", leading titles ("President of the ...") and the connectors after them
      let s = i;
      while (s < head && (ws[s]!.key === 'the' || (this.roleAtStart(s) && !kb.orgHeads.has(ws[s]!.key)))) {
        const r = this.roleAtStart(s);
        s = r ? r.j : s + 1;
        while (s < head && ORG_CONNECTORS.has(ws[s]!.key)) s++;
      }
      // a trailing name after the head belongs to a person: "NetBlocks Director Alp Toker" has no head
      let e = j;
      if (head < j - 1 && !ORG_CONNECTORS.has(ws[head + 1]!.key)) e = head + 1;
      // the whole span known to the gazetteer: nothing to do
      const g0 = this.gAt[s];
      if (g0 && g0.i === s && g0.j >= e) { i = j; continue; }
      if (e - s < 2 && !(e - s === 1 && ws[s]!.text.length > 2 && /\p{Lu}.*\p{Lu}/u.test(ws[s]!.text) === false && false)) { i = j; continue; }
      this.addOrg(s, e, head);
      i = j;
    }
  }

  private roleAtStart(k: number): Span | null {
    const m = this.matchRole(k);
    return m ? { i: k, j: m.j } : null;
  }

  private addOrg(s: number, e: number, head: number): void {
    const { ws, kb } = this;
    const name = this.text(s, e).replace(/^the\s+/i, '');
    const h = kb.orgHeads.get(ws[head]!.key)!;
    // code: a state/demonym inside the name, else an affiliation just before it ("China's Commerce Ministry")
    let code: string | null = null;
    for (let k = s; k < e; k++) {
      const g = this.gAt[k];
      if (g && (g.hit.entry.kind === 'state' || g.hit.entry.kind === 'location' || g.hit.entry.kind === 'igo')) { code = g.hit.entry.code; break; }
    }
    if (!code) code = this.affiliationBefore(s)?.code ?? null;
    const key = normKey(name);
    let o = this.orgs.get(key);
    if (!o) {
      const kind: EntityKind = h.kind === 'ngo' ? 'ngo' : h.kind === 'group' ? 'group' : 'organization';
      o = { key, name, kind, code, sector: h.sector, first: ws[s]!.start };
      this.orgs.set(key, o);
    } else if (!o.code && code) o.code = code;
    for (let k = s; k < e; k++) this.cover[k] = 'o';
    this.push({ start: ws[s]!.start, end: ws[e - 1]!.end, type: 'name', rule: 'org-head', target: { t: 'org', key } });
  }

  // ---------- 3. role phrases
  private matchRole(i: number): { j: number; lex: RoleLex; former: boolean } | null {
    const { ws, kb } = this;
    let k = i;
    let former = false;
    // modifiers
    for (;;) {
      const m = this.lexAt(k, 'modifier');
      if (!m) break;
      if (m.lex.sector === 'ELI') former = true;
      k = m.j;
    }
    const t = this.lexAt(k);
    if (!t || t.lex.kind === 'modifier') return null;
    // "Chief of Staff", "President of Russia": a title followed by "of" is handled by the caller
    return { j: t.j, lex: t.lex, former };
    void ws; void kb;
  }

  private lexAt(i: number, only?: string): { j: number; lex: RoleLex } | null {
    const { ws, kb } = this;
    if (i >= ws.length || !kb.roleFirst.has(ws[i]!.key)) return null;
    let best: { j: number; lex: RoleLex } | null = null;
    const parts: string[] = [];
    for (let L = 1; L <= kb.roleMax && i + L <= ws.length; L++) {
      parts.push(ws[i + L - 1]!.key);
      if (L > 1 && !this.joined(i + L - 2, i + L)) break;
      if (this.cover[i + L - 1] === 'g' || this.cover[i + L - 1] === 'o') break;
      const lex = kb.role(parts.join(' '));
      if (lex && (!only || lex.kind === only) && (only || lex.kind !== 'modifier')) best = { j: i + L, lex };
    }
    return best;
  }

  private roles(): void {
    const { ws } = this;
    for (let i = 0; i < ws.length; i++) {
      if (this.cover[i] || !this.kb.roleFirst.has(ws[i]!.key)) continue;
      const m = this.matchRole(i);
      if (!m) continue;
      // honorifics and titles written in capitals before a name, or lower-case titles: all the same here
      const rs: RSpan = { i, j: m.j, lex: m.lex, former: m.former, text: this.text(i, m.j) };
      this.r.set(i, rs);
      for (let k = i; k < m.j; k++) { this.rAt[k] = rs; this.cover[k] = 'r'; }
      i = m.j - 1;
    }
  }

  // ---------- affiliation: what a title or a body belongs to
  /** The affiliation just before word `i` ("Russia's", "White House", "Chinese", "Putin's"). */
  private affiliationBefore(i: number): { code: string | null; sector: string | null; name: string; entity: Target; start: number } | null {
    let k = i - 1;
    if (!this.adj(k, i) && !this.possessiveGap(k, i)) return null;
    while (k >= 0 && DETERMINERS.has(this.ws[k]!.key) && !this.cover[k] && this.adj(k - 1, k)) k--;
    if (k < 0) return null;
    if (this.ws[k]!.key === "'s") { if (!this.adj(k - 1, k)) return null; k--; }
    if (k < 0) return null;
    const g = this.gAt[k];
    if (g) {
      const e = g.hit.entry;
      if (e.kind === 'location' && !e.code) return null;
      const code = e.kind === 'person' ? (roleAt(e, this.refDate())?.code ?? e.code) : e.code;
      const sector = g.hit.sector ?? (e.kind === 'state' ? null : e.sector);
      return { code, sector, name: e.name, entity: { t: 'kb', entry: e }, start: this.ws[g.i]!.start };
    }
    const pk = this.personEndingAt(k);
    if (pk) { const p = this.persons.get(pk)!; return { code: p.code, sector: p.sector, name: p.name, entity: { t: 'person', key: pk }, start: this.ws[k]!.start }; }
    if (this.cover[k] === 'o') {
      const c = this.candEnding(this.ws[k]!.end, 'org');
      if (c) { const o = this.orgs.get((c.target as { key: string }).key)!; return { code: o.code, sector: o.sector, name: o.name, entity: c.target, start: c.start }; }
    }
    return null;
  }

  private personEndingAt(k: number): string | null {
    const end = this.ws[k]!.end;
    const c = this.candEnding(end, 'person');
    return c ? (c.target as { key: string }).key : null;
  }

  /** "of Russia", "to Poland", "at the Council on Foreign Relations" after a title ending at word j. */
  private affiliationAfter(j: number, preps = ['of', 'at', 'for']): { code: string | null; sector: string | null; name: string; end: number } | null {
    const { ws } = this;
    if (j >= ws.length || !preps.includes(ws[j]!.key) || !this.joined(j - 1, j + 1)) return null;
    let k = j + 1;
    if (ws[k]?.key === 'the' && this.joined(k - 1, k + 1)) k++;
    const g = this.gAt[k];
    if (g && g.i === k && g.hit.entry.code) return { code: g.hit.entry.code, sector: g.hit.entry.kind === 'state' ? null : g.hit.entry.sector, name: g.hit.entry.name, end: ws[g.j - 1]!.end };
    if (this.cover[k] === 'o') {
      const c = this.candStarting(ws[k]!.start, 'org');
      if (c) { const o = this.orgs.get((c.target as { key: string }).key)!; return { code: o.code, sector: o.sector, name: o.name, end: c.end }; }
    }
    return null;
  }

  // ---------- 4. names
  private names(): void {
    const { ws } = this;
    const singles: number[] = [];
    let i = 0;
    while (i < ws.length) {
      if (this.cover[i] || !this.cap(i) || !this.nameWord(i)) { i++; continue; }
      let j = i + 1;
      while (j < ws.length && this.joined(j - 1, j + 1) && !this.cover[j]) {
        if (this.cap(j) && this.nameWord(j)) { j++; continue; }
        if (NAME_CONNECTORS.has(ws[j]!.key) && this.cap(j + 1) && !this.cover[j + 1] && this.joined(j, j + 2)) { j++; continue; }
        break;
      }
      // a sentence-initial common word is not part of a name ("Sullivan" is, "The" is not)
      if (ws[i]!.first && NOT_NAMES.has(ws[i]!.key)) { i++; continue; }
      const n = j - i;
      if (n >= 2 && n <= 6) this.addPerson(i, j, 'name-run');
      else if (n === 1) singles.push(i);
      i = j;
    }
    // people of the knowledge base matched by the gazetteer
    for (const g of this.g.values()) if (g.hit.entry.kind === 'person') this.addPerson(g.i, g.j, 'gazetteer', g.hit.entry);
    // single capitalised words: surnames of people named in the document, then of the knowledge base
    for (const k of singles) this.single(k);
    // titles and affiliations, once every name is known ("Putin's press secretary Dmitry Peskov")
    for (const [p, i, j] of this.pending) this.titleFor(p, i, j);
  }

  private pending: Array<[PersonInfo, number, number]> = [];

  private nameWord(k: number): boolean {
    const w = this.ws[k]!;
    // calendar words and function words are never part of a name ("May" is: "Theresa May")
    if (NOT_NAMES.has(w.key) && (w.first || w.key !== 'may')) return false;
    if (/^\p{Lu}{2,}$/u.test(w.text) && w.text.length <= 5 && !this.ws[k]!.first) return false; // acronyms are not names
    if (/\d/.test(w.text)) return false;
    return true;
  }

  private newPerson(key: string, name: string, kb: KbEntry | null, first: number): PersonInfo {
    const w = name.split(/\s+/);
    return { key, name, kb, roles: [], code: null, sector: null, words: w, first, nk: nameKey(name), wk: w.map(normKey), lastNk: nameKey(w.at(-1)!) };
  }

  private addPerson(i: number, j: number, rule: string, kbEntry: KbEntry | null = null): void {
    const { ws } = this;
    // "Yuri Ushakov Ushakov": a repeated last word is a typo
    let nameEnd = j;
    if (j - i >= 3 && ws[j - 1]!.key === ws[j - 2]!.key) nameEnd = j - 1;
    let name = this.text(i, nameEnd);
    // known to the knowledge base under a variant spelling?
    let kb = kbEntry;
    if (!kb) {
      const l = this.kb.people.get(nameKey(name));
      if (l && l.length) kb = l[0]!;
    }
    if (kb) name = kb.name;
    if (!kb) {
      // "Aldunate Varela" after "Rodrigo Aldunate Varela": the end of a longer name of the document
      const nk = name.split(/\s+/).map(normKey);
      const nkj = nk.join(' ');
      let longer: PersonInfo | undefined;
      for (const x of this.persons.values()) if (x.wk.length > nk.length && x.wk.slice(-nk.length).join(' ') === nkj) { longer = x; break; }
      if (longer) {
        for (let k = i; k < j; k++) this.cover[k] = 'n';
        this.push({ start: ws[i]!.start, end: ws[j - 1]!.end, type: 'surname', rule: 'partial-name', target: { t: 'person', key: longer.key } });
        return;
      }
    }
    const nkName = nameKey(name);
    const key = kb ? `kb:${kb.id}` : `n:${nkName}`;
    // the same person under a spelling variant already in the document
    let p = this.persons.get(key);
    if (!p) for (const x of this.persons.values()) if (x.nk === nkName) { p = x; break; }
    if (!p) {
      p = this.newPerson(key, name, kb, ws[i]!.start);
      if (kb) {
        const r = roleAt(kb, this.refDate());
        if (r) { p.code = r.code; p.sector = r.sector; if (r.title) p.roles.push({ title: r.title, affiliation: r.code, sector: r.sector }); }
      }
      this.persons.set(key, p);
    }
    for (let k = i; k < j; k++) this.cover[k] = 'n';
    this.personAt.set(i, p.key);
    this.push({ start: ws[i]!.start, end: ws[j - 1]!.end, type: 'name', rule, target: { t: 'person', key: p.key } });
    this.pending.push([p, i, j]);
  }

  /** A title before the name ("Russia's Deputy Foreign Minister") or in apposition after it (", Taiwan's deputy foreign minister"). */
  private titleFor(p: PersonInfo, i: number, j: number): void {
    const { ws } = this;
    let r: RSpan | null = i > 0 ? this.rAt[i - 1] : null;
    if (r && !this.adj(i - 1, i)) r = null;
    // honorifics carry no role
    if (r && r.lex.kind === 'honorific') {
      const before = r.i > 0 ? this.rAt[r.i - 1] : null;
      r = before && this.adj(r.i - 1, r.i) ? before : null;
    }
    let aff: { code: string | null; sector: string | null; name: string } | null = r ? this.affiliationBefore(r.i) : this.affiliationBefore(i);
    let title = r;
    let after: ReturnType<Recognizer['affiliationAfter']> = null;
    if (!title && j < ws.length && this.doc.text.slice(ws[j - 1]!.end, ws[j]!.start).trim() === ',') {
      // apposition: "Harry Tseng, Taiwan's deputy foreign minister" / "Donald Tusk, president of the European Council"
      let k = j;
      while (k < ws.length && DETERMINERS.has(ws[k]!.key) && !this.cover[k]) k++;
      const a2 = this.affAt(k);
      const tpos = a2 ? a2.next : k;
      const rr = this.rAt[tpos];
      if (rr && rr.i === tpos && rr.lex.kind === 'title') {
        title = rr; aff = a2 ? a2.aff : null;
        after = this.affiliationAfter(rr.j);
      }
    }
    if (title && title.lex.kind === 'title') {
      const code = aff?.code ?? after?.code ?? null;
      let sector = title.lex.sector ?? aff?.sector ?? null;
      if (sector === '-') sector = null;
      if (title.former && sector && ['GOV', 'MIL', 'LEG', 'JUD'].includes(sector)) sector = 'ELI';
      const t = normKey(title.text);
      const ct = canonicalTitle(this.kb, t);
      const same = p.roles.find((x) => canonicalTitle(this.kb, x.title) === ct);
      if (!same) p.roles.unshift({ title: t, affiliation: aff?.name ?? after?.name ?? null, sector });
      else if (!same.affiliation) same.affiliation = aff?.name ?? after?.name ?? null;
      // context decides when the knowledge base is silent
      if (!p.kb || !p.code) { p.code ??= code; p.sector ??= sector; }
      if (p.kb && !p.sector) p.sector = sector;
      // the document's own title for the person beats the knowledge base's role on the date when they
      // disagree ("US Senator Marco Rubio" in an old story; "former President ...")
      if (p.kb && sector && sector !== p.sector && (!code || code === p.code)) {
        const kbTitles = p.kb.roles.map((x) => canonicalTitle(this.kb, x.title ?? ''));
        if (title.former || !kbTitles.includes(ct) || sector === 'ELI') p.sector = sector;
      }
    } else if (aff && aff.code && !p.code && !r) {
      // "Russia's Vladimir Putin", "Russian Vladimir Putin"
      p.code = aff.code;
    }
  }

  /** An affiliation starting at word k ("Taiwan 's", "Russian"): returns it and the next word index. */
  private affAt(k: number): { aff: { code: string | null; sector: string | null; name: string }; next: number } | null {
    const g = this.gAt[k];
    if (!g || g.i !== k) return null;
    let next = g.j;
    if (this.ws[next]?.key === "'s") next++;
    const e = g.hit.entry;
    return { aff: { code: e.code, sector: g.hit.sector ?? (e.kind === 'state' ? null : e.sector), name: e.name }, next };
  }

  private single(k: number): void {
    const { ws } = this;
    const w = ws[k]!;
    const key = w.key;
    // a person of the document whose last (or, for short East Asian family names, first) word this is
    const wnk = nameKey(w.text);
    const mine: PersonInfo[] = [];
    for (const p of this.persons.values()) {
      if (p.wk.length < 2) continue;
      if (p.wk[p.wk.length - 1] === key || p.lastNk === wnk || (p.wk[0]!.length <= 4 && p.wk[0] === key && p.wk.length <= 3)) mine.push(p);
    }
    const r = k > 0 ? this.rAt[k - 1] : null;
    const titled = !!r && this.adj(k - 1, k);
    if (mine.length) {
      const p = mine.sort((a, b) => b.first - a.first).find((x) => x.first <= w.start) ?? mine[0]!;
      // "Yuri Ushakov Ushakov": the repeated word extends the name mention
      const prev = k > 0 ? this.byEnd.get(ws[k - 1]!.end)?.find((c) => c.target.t === 'person' && (c.target as { key: string }).key === p.key) : undefined;
      if (prev && this.adj(k - 1, k) && ws[k - 1]!.key === key) {
        prev.end = w.end;
        const l = this.byEnd.get(w.end); if (l) l.push(prev); else this.byEnd.set(w.end, [prev]);
        this.cover[k] = 'n';
        return;
      }
      this.cover[k] = 'n';
      this.push({ start: w.start, end: w.end, type: 'surname', rule: 'surname-coref', target: { t: 'person', key: p.key } });
      if (titled && r!.lex.kind === 'title') this.pending.push([p, k, k + 1]);
      return;
    }
    if (!titled && NOT_NAMES.has(key)) return;
    // the knowledge base: a unique person with that surname (e.g. "Museveni"), preferring one who holds the title
    const l = this.kb.surnames.get(key);
    if (l && l.length) {
      let cands = l;
      if (titled && r!.lex.kind === 'title') {
        const t = canonicalTitle(this.kb, r!.text);
        const withTitle = l.filter((e) => e.roles.some((x) => x.title && canonicalTitle(this.kb, x.title) === t));
        if (withTitle.length) cands = withTitle;
      }
      if (cands.length === 1) { this.addPerson(k, k + 1, 'kb-surname', cands[0]!); this.cands.at(-1)!.type = 'surname'; return; }
    }
    if (titled && r!.lex.kind !== 'modifier' && (r!.lex.kind === 'honorific' || r!.lex.sector)) {
      // "Deputy Secretary Hicks", "Mr Jubeir" with no full name anywhere: a person known by surname only
      this.addPerson(k, k + 1, 'title-surname');
    }
  }

  // ---------- 5/6. titles without names, bodies and groups
  private titles(): void {
    const { ws } = this;
    for (const rs of this.r.values()) {
      const lex = rs.lex;
      if (lex.kind === 'honorific' || lex.kind === 'modifier') continue;
      // a title right before a name belongs to it
      if (rs.j < ws.length && (this.cover[rs.j] === 'n') && this.adj(rs.j - 1, rs.j)) continue;
      let aff = this.affiliationBefore(rs.i);
      // groups and bodies also take "in": "people in the UK", "trade unions in Denmark"
      const after = this.affiliationAfter(rs.j, lex.kind === 'title' ? undefined : ['of', 'at', 'for', 'in']);
      // the phrase start: affiliation, or the title itself
      let det = rs.i - 1;
      while (det >= 0 && this.ws[det]!.key === "'s") det--;
      const start = aff ? Math.min(aff.start, ws[rs.i]!.start) : ws[rs.i]!.start;
      const end = after && ['of', 'for', 'in'].includes(ws[rs.j]?.key ?? '') ? after.end : ws[rs.j - 1]!.end;
      const code = aff?.code ?? after?.code ?? null;
      let sector = lex.sector ?? aff?.sector ?? after?.sector ?? null;
      // "former" before the title or before its affiliation ("a former CIA official")
      const former = rs.former || (aff ? this.formerBefore(aff.start) : false);
      if (former && sector && ['GOV', 'MIL', 'LEG', 'JUD', 'COP', 'SPY'].includes(sector)) sector = 'ELI';
      const firstWord = this.firstWordBefore(rs.i, aff ? aff.start : ws[rs.i]!.start);
      const indefinite = firstWord ? INDEFINITE.has(firstWord) : false;
      const phrase = this.doc.text.slice(start, end);
      if (lex.kind === 'title') {
        const t = lex.title;
        // the document's own holder of this title
        if (!indefinite) {
          const holder = [...this.persons.values()].filter((p) => p.roles.some((x) => canonicalTitle(this.kb, x.title) === t || normKey(x.title).endsWith(t)) && (!code || !p.code || p.code === code));
          if (holder.length === 1 || (holder.length > 1 && code)) {
            const p = holder.sort((a, b) => b.first - a.first)[0]!;
            this.push({ start, end, type: 'title', rule: 'title-coref', target: { t: 'person', key: p.key } });
            continue;
          }
          // the knowledge base's holder on the document's date ("the Russian president")
          if (code) {
            const kbh = (this.kb.holders.get(`${code}|${t}`) ?? []).filter((e) => e.roles.some((x) => x.code === code && canonicalTitle(this.kb, x.title ?? '') === t && (!this.refDate() || activeOn(x, this.refDate()))));
            if (kbh.length === 1 && !rs.former) {
              const e = kbh[0]!;
              const key = `kb:${e.id}`;
              if (!this.persons.has(key)) {
                const r0 = roleAt(e, this.refDate());
                const np = this.newPerson(key, e.name, e, start);
                np.roles = r0?.title ? [{ title: r0.title, affiliation: r0.code, sector: r0.sector }] : [];
                np.code = r0?.code ?? code; np.sector = r0?.sector ?? sector;
                this.persons.set(key, np);
              }
              this.push({ start, end, type: 'title', rule: 'kb-office-holder', target: { t: 'person', key } });
              continue;
            }
          }
        }
        if (!code) continue;
        this.addGroup(phrase, start, end, code, sector, 'unnamed-role', 'person-role', { title: normKey(rs.text), affiliation: aff?.name ?? after?.name ?? null, sector });
      } else {
        // bodies and groups: "Kyiv police", "Ukrainian farmers", "the Saudi National Guard"
        if (!code) continue;
        this.addGroup(phrase, start, end, code, sector, lex.kind === 'body' ? 'body' : 'group', lex.kind);
      }
    }
    // plural demonyms alone ("ordinary Kazakhs", "Palestinians") stand for the people: CVL
  }

  private formerBefore(start: number): boolean {
    let k = this.ws.findIndex((w) => w.start === start) - 1;
    if (k < 0 || !this.adj(k, k + 1)) return false;
    const m = this.lexAt(k, 'modifier') ?? (k > 0 ? this.lexAt(k - 1, 'modifier') : null);
    return !!m && m.lex.sector === 'ELI';
  }

  private firstWordBefore(i: number, start: number): string | null {
    let k = i - 1;
    while (k >= 0 && this.ws[k]!.start >= start) k--;
    if (k < 0 || !this.adj(k, k + 1)) return null;
    return this.ws[k]!.key;
  }

  private addGroup(phrase: string, start: number, end: number, code: string, sector: string | null, rule: string, type: string, role?: Role): void {
    const name = phrase.replace(/^(the|a|an)\s+/i, '').replace(/['’]s\b/g, "'s");
    const key = normKey(name);
    let g = this.groups.get(key);
    if (!g) { g = { key, name, kind: 'group', code, sector, roles: role ? [role] : [], first: start }; this.groups.set(key, g); }
    this.push({ start, end, type, rule, target: { t: 'group', key } });
  }

  // ---------- entities
  private build(): Entity[] {
    const { doc } = this;
    const ents = new Map<string, Entity>();
    const sectors = new Map<string, Set<string | null>>();
    const entFor = (t: Target): Entity | null => {
      const id = t.t === 'kb' ? `kb:${t.entry.id}` : `${t.t}:${t.key}`;
      let e = ents.get(id);
      if (e) return e;
      if (t.t === 'kb') {
        const x = t.entry;
        if (x.kind === 'location' && !x.code) return null;
        e = { id, name: x.name, kind: x.kind, code: x.code, sector: x.kind === 'state' || x.kind === 'location' || x.kind === 'former-state' ? null : x.sector, roles: [], aliases: [], mentions: [], rule: `kb:${x.source}` };
        if (x.kind === 'person') {
          const r = roleAt(x, this.refDate());
          e.code = r?.code ?? x.code; e.sector = r?.sector ?? x.sector;
          if (r?.title) e.roles.push({ title: r.title, affiliation: r.code, sector: r.sector });
        }
      } else if (t.t === 'person') {
        const p = this.persons.get(t.key)!;
        if (p.kb) {
          const sameKb = ents.get(`kb:${p.kb.id}`);
          if (sameKb) return sameKb;
        }
        e = { id, name: p.name, kind: 'person', code: p.code, sector: p.sector, roles: p.roles, aliases: [], mentions: [], rule: p.kb ? `kb:${p.kb.source}` : 'name' };
      } else if (t.t === 'org') {
        const o = this.orgs.get(t.key)!;
        e = { id, name: o.name, kind: o.kind, code: o.code, sector: o.sector, roles: [], aliases: [], mentions: [], rule: 'org-head' };
      } else {
        const g = this.groups.get(t.key)!;
        e = { id, name: g.name, kind: g.kind, code: g.code, sector: g.sector, roles: g.roles, aliases: [], mentions: [], rule: 'group' };
      }
      ents.set(id, e);
      return e;
    };
    // gazetteer mentions
    for (const g of this.g.values()) {
      const x = g.hit.entry;
      if (x.kind === 'person') continue; // added as names
      this.push({ start: this.ws[g.i]!.start, end: this.ws[g.j - 1]!.end, type: g.hit.type, rule: `gazetteer:${g.hit.type}`, target: { t: 'kb', entry: x }, sector: g.hit.sector });
    }
    this.cands.sort((a, b) => a.start - b.start || b.end - a.end);
    const seen = new Set<string>();
    for (const c of this.cands) {
      const e = entFor(c.target);
      if (!e) continue;
      const k = `${c.start}:${c.end}:${e.id}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const m: Mention = { start: c.start, end: c.end, text: doc.text.slice(c.start, c.end), entity: e.id, type: c.type, rule: c.rule };
      e.mentions.push(m);
      const s = sectors.get(e.id) ?? new Set();
      s.add(c.sector ?? null);
      sectors.set(e.id, s);
    }
    const out = [...ents.values()].filter((e) => e.mentions.length);
    // actors first (people, organisations, groups), then the states and places they belong to; each in
    // order of first mention
    out.sort((a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || a.mentions[0]!.start - b.mentions[0]!.start);
    out.forEach((e, n) => {
      const newId = `e${n + 1}`;
      for (const m of e.mentions) m.entity = newId;
      // a state seen only as its government (or only as its people) takes that sector
      if ((e.kind === 'state' || e.kind === 'igo') && !e.sector) {
        const s = sectors.get(e.id)!;
        if (s.size === 1) { const only = [...s][0]; if (only) e.sector = only; }
      }
      e.id = newId;
      const al = new Set<string>();
      for (const m of e.mentions) if (m.text !== e.name && m.type !== 'title' && m.type !== 'pronoun') al.add(m.text);
      e.aliases = [...al];
    });
    return out;
  }
}

function activeOn(r: { start: string | null; end: string | null }, d: Date | null): boolean {
  if (!d) return !r.end;
  const s = d.toISOString().slice(0, 10);
  if (r.start && s < (r.start.length === 4 ? `${r.start}-01-01` : r.start)) return false;
  if (r.end && s > (r.end.length === 4 ? `${r.end}-12-31` : r.end)) return false;
  return true;
}
