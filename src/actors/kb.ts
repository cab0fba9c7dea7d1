/**
 * The actors knowledge base: every data file of data/actors/ (and of the user's own actor folder) loaded
 * once into one gazetteer of names, plus the role lexicon, organisation head words and a person index.
 *
 * Files (all TSV, `#` comments; see /data/actors/README.md and docs):
 *   countries.tsv (generated), countries-extra.tsv, former-states.tsv, metonyms.tsv, places.tsv, igos.tsv,
 *   roles.tsv, org-heads.tsv — owned by the actors stage;
 *   people.tsv, organizations.tsv — the world-knowledge files (optional: absent files are skipped);
 *   *.people.tsv, *.organizations.tsv, *.actors.txt (PETRARCH/Phoenix) — in $DYAD_ACTORS_DIR
 *   (path-delimited list; default ~/.dyad/actors), where `dyad actors import` writes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityKind } from '../record.js';
import { dataPath } from '../util/data.js';
import { isAllCaps, nameKey, normKey, phraseKey, words } from './text.js';
import { parsePhoenix, phoenixToKb } from './phoenix.js';

export interface KbRole {
  title: string | null;
  code: string | null;
  sector: string | null;
  /** YYYY or YYYY-MM-DD */
  start: string | null;
  end: string | null;
}

export interface KbEntry {
  /** unique: kind + code + name */
  id: string;
  name: string;
  kind: EntityKind;
  code: string | null;
  sector: string | null;
  aliases: string[];
  /** dated roles (people) */
  roles: KbRole[];
  /** organizations.tsv kind (party, military, media...) or the place kind (city, region, area) */
  subkind: string | null;
  source: string;
}

export type MatchType = 'name' | 'alias' | 'acronym' | 'demonym' | 'demonym-plural' | 'metonym' | 'capital' | 'place';

export interface GazHit {
  entry: KbEntry;
  type: MatchType;
  /** the part of the state a metonym or capital stands for */
  sector: string | null;
  /** for each word of the form: must the text word be capitalised? */
  caps: boolean[];
  /** all-caps short forms ("US", "UN", "WHO") match only in exactly that case */
  exact: string[] | null;
  /** lower = preferred */
  rank: number;
}

export type RoleKind = 'title' | 'honorific' | 'body' | 'group' | 'modifier';
export interface RoleLex {
  /** canonical phrase of the lexicon row ("national security adviser") */
  title: string;
  sector: string | null;
  kind: RoleKind;
}

export interface OrgHead { word: string; sector: string | null; kind: string }

export class KB {
  entries: KbEntry[] = [];
  byId = new Map<string, KbEntry>();
  gaz = new Map<string, GazHit[]>();
  gazFirst = new Set<string>();
  /** first keys of entries whose first word may be written in lower case ("the Kremlin") */
  gazFirstLower = new Set<string>();
  /** every word-level prefix of a gazetteer key ("united", "united states") */
  gazPrefixes = new Set<string>();
  gazMax = 1;
  roles = new Map<string, RoleLex>();
  roleFirst = new Set<string>();
  roleMax = 1;
  orgHeads = new Map<string, OrgHead>();
  /** nameKey of full names and aliases of people → entries */
  people = new Map<string, KbEntry[]>();
  /** key of the last word of people's names → entries */
  surnames = new Map<string, KbEntry[]>();
  /** state code → the state entry */
  states = new Map<string, KbEntry>();
  /** (code|title) → people holding that title for that code at some time */
  holders = new Map<string, KbEntry[]>();
  sources: string[] = [];
  titleMemo = new Map<string, string>();

  entry(kind: EntityKind, code: string | null, name: string, source: string, sector: string | null = null, subkind: string | null = null): KbEntry {
    const id = kind === 'state' || kind === 'former-state' ? `${kind}:${code}` : `${kind}:${code ?? ''}:${normKey(name)}`;
    let e = this.byId.get(id);
    if (!e) {
      e = { id, name, kind, code, sector, aliases: [], roles: [], subkind, source };
      this.byId.set(id, e);
      this.entries.push(e);
      if (kind === 'state') this.states.set(code!, e);
    }
    return e;
  }

  /** Adds a surface form of an entry to the gazetteer. */
  add(form: string, entry: KbEntry, type: MatchType, sector: string | null = null, rank = 5): void {
    form = form.trim();
    if (!form) return;
    const ws = words(form);
    if (!ws.length) return;
    const key = ws.map((w) => w.key).join(' ');
    const bare = form.replace(/[.\s]/g, '');
    const exact = isAllCaps(form) && bare.length <= 3 ? ws.map((w) => w.text) : null;
    const caps = ws.map((w) => /^\p{Lu}/u.test(w.text));
    const list = this.gaz.get(key) ?? [];
    const same = list.find((h) => h.entry === entry);
    if (same) { if (rank < same.rank) { same.rank = rank; list.sort((a, b) => a.rank - b.rank); } return; }
    list.push({ entry, type, sector, caps, exact, rank });
    list.sort((a, b) => a.rank - b.rank);
    this.gaz.set(key, list);
    this.gazFirst.add(ws[0]!.key);
    if (!exact && !caps[0]) this.gazFirstLower.add(ws[0]!.key);
    let pre = '';
    for (const w of ws) { pre = pre ? `${pre} ${w.key}` : w.key; this.gazPrefixes.add(pre); }
    if (ws.length > this.gazMax) this.gazMax = ws.length;
    if (type !== 'demonym' && type !== 'demonym-plural' && !entry.aliases.includes(form) && form !== entry.name) entry.aliases.push(form);
  }

  addPerson(name: string, aliases: string[], role: KbRole, source: string): KbEntry {
    const e = this.entry('person', null, name, source);
    e.roles.push(role);
    if (!e.code) { e.code = role.code; e.sector = role.sector; }
    for (const f of [name, ...aliases]) {
      if (!f) continue;
      this.add(f, e, f === name ? 'name' : 'alias', null, 3);
      const k = nameKey(f);
      const l = this.people.get(k) ?? [];
      if (!l.includes(e)) l.push(e);
      this.people.set(k, l);
      const last = words(f).at(-1)?.key;
      if (last && f.includes(' ')) {
        const s = this.surnames.get(last) ?? [];
        if (!s.includes(e)) s.push(e);
        this.surnames.set(last, s);
      }
    }
    if (role.title && role.code) {
      const hk = `${role.code}|${canonicalTitle(this, role.title)}`;
      const l = this.holders.get(hk) ?? [];
      if (!l.includes(e)) l.push(e);
      this.holders.set(hk, l);
    }
    return e;
  }

  /** The role lexicon entry for a phrase key. */
  role(key: string): RoleLex | undefined {
    return this.roles.get(key);
  }
}

/** The lexicon's canonical title for any title string ("Foreign Minister" → "foreign minister", "Sen." → "senator"). */
export function canonicalTitle(kb: KB, title: string): string {
  let c = kb.titleMemo.get(title);
  if (c === undefined) { c = canonicalTitleRaw(kb, title); kb.titleMemo.set(title, c); }
  return c;
}
function canonicalTitleRaw(kb: KB, title: string): string {
  const k = phraseKey(title);
  const r = kb.roles.get(k);
  if (r) return r.title;
  // strip modifiers ("deputy foreign minister" keeps "deputy": it is a different office)
  return k;
}

function tsv(file: string): string[][] {
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch { return []; }
  const rows: string[][] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    rows.push(line.split('\t').map((c) => c.trim()));
  }
  return rows;
}
const list = (c: string | undefined) => (c ?? '').split('|').map((s) => s.trim()).filter(Boolean);
const orNull = (c: string | undefined) => (c && c !== '-' ? c : null);

/** No plural for demonyms ending like "British", "Chinese", "Swiss", "Dutch". */
function pluralOf(d: string): string | null {
  if (/(sh|ch|ese|ss|x|i?an's)$/i.test(d) || /\./.test(d) || /^[A-Z]{2,}$/.test(d)) return null;
  if (/man$/.test(d)) return d.replace(/man$/, 'men');
  return d + 's';
}

/** Capitals that are also common words or names, never taken as metonyms. */
const CAPITAL_STOP = new Set(['victoria', 'kingston', 'hamilton', 'male', 'georgetown', 'jamestown', 'adamstown', 'praia', 'vaduz',
  'saint helier', 'st. helier', 'saint peter port', 'douglas', 'avarua', 'alofi', 'palikir', 'basseterre', 'castries', 'valletta',
  'washington d.c.', 'city of victoria', 'san josé', 'san jose', 'kingstown', 'road town', 'the valley', 'plymouth', 'papeete',
  'nouméa', 'noumea', 'saipan', 'hagåtña', 'charlotte amalie', 'cockburn town', 'marigot', 'gustavia', 'philipsburg', 'willemstad',
  'oranjestad', 'kralendijk', 'nuuk', 'tórshavn', 'longyearbyen', 'flying fish cove', 'west island', 'kingston', 'stanley',
  'king edward point', 'port-aux-français', 'mata-utu', 'fakaofo', 'pago pago', 'sri jayawardenepura kotte', 'bern', 'ngerulmud',
  'diego garcia', 'el aaiún', 'yaren', 'funafuti', 'south tarawa', 'honiara', 'port vila', 'apia', "nuku'alofa", 'majuro']);

export function userActorDirs(): string[] {
  const env = process.env.DYAD_ACTORS_DIR;
  if (env !== undefined) return env.split(path.delimiter).filter(Boolean);
  return [path.join(os.homedir(), '.dyad', 'actors')];
}

let cached: KB | null = null;
let cachedSig = '';

/** The knowledge base (loaded once per set of user actor folders). */
export function loadKb(): KB {
  const sig = userActorDirs().join(path.delimiter);
  if (cached && sig === cachedSig) return cached;
  cached = buildKb(dataPath('actors'), userActorDirs());
  cachedSig = sig;
  return cached;
}

export function buildKb(dir: string, userDirs: string[] = []): KB {
  const kb = new KB();
  const f = (name: string) => path.join(dir, name);

  // role lexicon first: people's titles are canonicalised through it
  for (const [phrase, sector, kind, variants] of tsv(f('roles.tsv'))) {
    if (!phrase || !kind) continue;
    const lex: RoleLex = { title: normKey(phrase), sector: orNull(sector), kind: kind as RoleKind };
    for (const v of [phrase, ...list(variants)]) {
      const k = phraseKey(v);
      if (!k || kb.roles.has(k)) continue;
      kb.roles.set(k, lex);
      kb.roleFirst.add(k.split(' ')[0]!);
      kb.roleMax = Math.max(kb.roleMax, k.split(' ').length);
    }
  }
  for (const [word, sector, kind] of tsv(f('org-heads.tsv'))) if (word) kb.orgHeads.set(normKey(word), { word, sector: orNull(sector), kind: kind ?? 'organization' });

  // states
  const capitals: Array<[string, string]> = [];
  for (const [code, name, aliases, demonyms, caps, independent] of tsv(f('countries.tsv'))) {
    if (!code || !name) continue;
    const e = kb.entry('state', code, name, 'countries.tsv');
    kb.add(name, e, 'name', null, 1);
    for (const a of list(aliases)) kb.add(a, e, 'alias', null, 2);
    for (const d of list(demonyms)) addDemonym(kb, d, e, independent === 'yes' ? 3 : 4);
    if (independent === 'yes') for (const c of list(caps)) capitals.push([c, code]);
  }
  for (const [code, aliases, demonyms] of tsv(f('countries-extra.tsv'))) {
    const e = code ? kb.states.get(code) : undefined;
    if (!e) continue;
    for (const a of list(aliases)) kb.add(a, e, 'alias', null, 2);
    for (const d of list(demonyms)) addDemonym(kb, d, e, 2);
  }
  for (const [code, name, aliases, demonyms] of tsv(f('former-states.tsv'))) {
    if (!code || !name) continue;
    const e = kb.entry('former-state', code, name, 'former-states.tsv');
    kb.add(name, e, 'name', null, 1);
    for (const a of list(aliases)) kb.add(a, e, 'alias', null, 2);
    for (const d of list(demonyms)) addDemonym(kb, d, e);
  }
  // metonyms (seats of government) and capitals: mentions of the state
  for (const [name, aliases, code, sector] of tsv(f('metonyms.tsv'))) {
    if (!name || !code) continue;
    const e = code.startsWith('IGO') ? igoEntry(kb, code) : kb.states.get(code);
    if (!e) continue;
    for (const a of [name, ...list(aliases)]) kb.add(a, e, 'metonym', orNull(sector), 4);
  }
  for (const [c, code] of capitals) {
    if (CAPITAL_STOP.has(normKey(c))) continue;
    const e = kb.states.get(code);
    if (e && !kb.gaz.has(phraseKey(c))) kb.add(c, e, 'capital', 'GOV', 4);
  }
  // places and regions
  for (const [name, aliases, code, kind] of tsv(f('places.tsv'))) {
    if (!name) continue;
    const isArea = kind === 'area';
    const e = kb.entry('location', orNull(code), name, 'places.tsv', null, kind ?? null);
    for (const a of [name, ...list(aliases)]) kb.add(a, e, 'place', null, isArea ? 9 : 6);
  }
  // intergovernmental organisations
  for (const [name, aliases, code, sector] of tsv(f('igos.tsv'))) {
    if (!name || !code) continue;
    const kind: EntityKind = code.startsWith('NGO') ? 'ngo' : 'igo';
    const e = kb.entry(kind, code, name, 'igos.tsv', orNull(sector) ?? (kind === 'igo' ? 'IGO' : 'NGO'));
    kb.add(name, e, 'name', null, 1);
    for (const a of list(aliases)) kb.add(a, e, isAllCaps(a.replace(/[.\s]/g, '')) ? 'acronym' : 'alias', null, 2);
  }
  // world knowledge: organisations and people (optional files)
  loadOrganizations(kb, f('organizations.tsv'), 'organizations.tsv');
  loadPeople(kb, f('people.tsv'), 'people.tsv');
  for (const d of [dir, ...userDirs]) {
    let names: string[] = [];
    try { names = fs.readdirSync(d).sort(); } catch { continue; }
    for (const n of names) {
      const p = path.join(d, n);
      if (n.endsWith('.organizations.tsv')) loadOrganizations(kb, p, n);
      else if (n.endsWith('.people.tsv')) loadPeople(kb, p, n);
      else if (d !== dir && /\.actors\.txt$/i.test(n)) {
        try { phoenixToKb(kb, parsePhoenix(fs.readFileSync(p, 'utf8')), n); } catch { /* unreadable dictionary: skipped */ }
      }
    }
  }
  return kb;
}

function igoEntry(kb: KB, code: string): KbEntry | undefined {
  return kb.entries.find((e) => e.code === code && (e.kind === 'igo' || e.kind === 'ngo'));
}

function addDemonym(kb: KB, d: string, e: KbEntry, rank = 3): void {
  kb.add(d, e, 'demonym', null, rank);
  const p = pluralOf(d);
  if (p) kb.add(p, e, 'demonym-plural', 'CVL', rank);
}

const ORG_KINDS: Record<string, EntityKind> = { igo: 'igo', ngo: 'ngo', group: 'group' };

export function loadOrganizations(kb: KB, file: string, source: string): void {
  for (const [name, aliases, kind, code, sector] of tsv(file)) {
    if (!name || name === 'name') continue;
    const ek: EntityKind = ORG_KINDS[kind ?? ''] ?? 'organization';
    const e = kb.entry(ek, orNull(code), name, source, orNull(sector), orNull(kind));
    if (!e.sector && sector) e.sector = orNull(sector);
    kb.add(name, e, 'name', null, 2);
    for (const a of list(aliases)) kb.add(a, e, isAllCaps(a.replace(/[.\s-]/g, '')) ? 'acronym' : 'alias', null, 2);
  }
}

export function loadPeople(kb: KB, file: string, source: string): void {
  for (const [name, aliases, code, sector, role, start, end] of tsv(file)) {
    if (!name || name === 'name') continue;
    kb.addPerson(name, list(aliases), { title: orNull(role), code: orNull(code), sector: orNull(sector), start: orNull(start), end: orNull(end) }, source);
  }
}

const startOf = (s: string) => (s.length === 4 ? `${s}-01-01` : s.length === 7 ? `${s}-01` : s);
const endOf = (s: string) => (s.length === 4 ? `${s}-12-31` : s.length === 7 ? `${s}-31` : s);

/** Is `date` (a Date or null = today) within [start, end]? Bare years cover the whole year. */
export function roleActive(r: KbRole, date: Date | null): boolean {
  const d = (date ?? new Date()).toISOString().slice(0, 10);
  if (r.start && d < startOf(r.start)) return false;
  if (r.end && d > endOf(r.end)) return false;
  return true;
}

/** The role a person holds on `date`; with no role active then, the most recent one before it (or the latest known). */
export function roleAt(e: KbEntry, date: Date | null): KbRole | null {
  if (!e.roles.length) return null;
  const active = e.roles.filter((r) => roleActive(r, date));
  if (active.length) return active.sort((a, b) => (b.start ?? '').localeCompare(a.start ?? ''))[0]!;
  const d = (date ?? new Date()).toISOString().slice(0, 10);
  const before = e.roles.filter((r) => (r.start ?? '') <= d).sort((a, b) => (b.end ?? '9999').localeCompare(a.end ?? '9999'));
  return before[0] ?? e.roles[0]!;
}
