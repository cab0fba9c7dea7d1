/**
 * PETRARCH / Phoenix actor dictionaries (the format of Phoenix.Countries.actors.txt), so that users can
 * bring their own actor lists:
 *
 *   AFGHANISTAN_  [AFG]            an entry: words joined by "_", a code in brackets (optional here)
 *   +AFGHAN_                       a synonym of the entry above
 *   HAMID_KARZAI_  # comment
 *   +PRESIDENT_KARZAI_
 *       [AFGELI 750101-000101]     dated codes: YYMMDD or YYYYMMDD, "a-b", ">a" (from a), "<b" (until b)
 *       [AFGGOV >011222]
 *       [AFGELI]                   an undated code: the default outside the dated ranges
 *
 * Codes are CAMEO actor codes: a three-letter country (or IGO/NGO/...) code followed by sector codes
 * (AFGGOV, AFGGOVAGR, USAMED, IGOUNO). YY years 00-30 are 20YY, others 19YY (as KEDS/TABARI/PETRARCH).
 */
import type { EntityKind } from '../record.js';
import type { KB, KbRole } from './kb.js';
import { words } from './text.js';

export interface PhoenixCode {
  /** the full CAMEO code as written ("AFGGOVAGR") */
  raw: string;
  /** YYYY-MM-DD or null */
  start: string | null;
  end: string | null;
}

export interface PhoenixActor {
  /** display name ("Hamid Karzai") */
  name: string;
  synonyms: string[];
  codes: PhoenixCode[];
  line: number;
}

export class PhoenixError extends Error {
  constructor(message: string, public line: number) { super(`line ${line}: ${message}`); }
}

/** "HAMID_KARZAI_" → "Hamid Karzai"; keeps acronyms ("ANSF") and Mc/Mac names readable. */
export function phoenixName(s: string): string {
  const parts = s.replace(/_+$/, '').split(/_+/).filter(Boolean);
  return parts.map((p) => {
    if (p.length <= 4 && !/[AEIOU]/.test(p.replace(/^Y/, ''))) return p; // ANSF, BBC, DPRK
    if (/^(OF|THE|AND|FOR|ON|IN|DE|AL|BIN|VAN|VON|DER|LA|DU|DA|EL|IBN)$/.test(p)) return p.toLowerCase();
    return p.toLowerCase().replace(/(^|[-'.])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase());
  }).join(' ');
}

/** YYMMDD / YYYYMMDD → YYYY-MM-DD (throws on a malformed date). */
export function phoenixDate(s: string, line: number): string {
  const d = s.trim();
  let y: number, rest: string;
  if (/^\d{6}$/.test(d)) { const yy = Number(d.slice(0, 2)); y = yy <= 30 ? 2000 + yy : 1900 + yy; rest = d.slice(2); }
  else if (/^\d{8}/.test(d)) { y = Number(d.slice(0, 4)); rest = d.slice(4, 8); }
  else throw new PhoenixError(`bad date "${s}"`, line);
  const m = Number(rest.slice(0, 2)), day = Number(rest.slice(2, 4));
  if (m < 1 || m > 12 || day < 1 || day > 31) throw new PhoenixError(`bad date "${s}"`, line);
  return `${String(y).padStart(4, '0')}-${rest.slice(0, 2)}-${rest.slice(2, 4)}`;
}

function parseCode(body: string, line: number): PhoenixCode {
  const m = /^\s*([A-Z0-9]{3,})\s*(?:([<>])\s*(\d{6,8})|(\d{6,8})\s*-\s*(\d{6,8}))?\s*$/.exec(body);
  if (!m) throw new PhoenixError(`bad code "[${body}]"`, line);
  const c: PhoenixCode = { raw: m[1]!, start: null, end: null };
  if (m[2] === '>') c.start = phoenixDate(m[3]!, line);
  else if (m[2] === '<') c.end = phoenixDate(m[3]!, line);
  else if (m[4]) { c.start = phoenixDate(m[4], line); c.end = phoenixDate(m[5]!, line); }
  return c;
}

/** Parses a dictionary. Malformed lines throw a PhoenixError naming the line. */
export function parsePhoenix(text: string): PhoenixActor[] {
  const out: PhoenixActor[] = [];
  let cur: PhoenixActor | null = null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i]!;
    if (/^\s*</.test(raw)) continue; // one-line XML comment
    const line = raw.replace(/#.*$/, '');
    if (!line.trim()) continue;
    const indented = /^\s/.test(line);
    const t = line.trim();
    if (t.startsWith('+')) {
      if (!cur) throw new PhoenixError('synonym before any entry', n);
      const { name } = splitCodes(t.slice(1), n, cur);
      if (name) cur.synonyms.push(phoenixName(name));
      continue;
    }
    if (indented && t.startsWith('[')) {
      if (!cur) throw new PhoenixError('code before any entry', n);
      splitCodes(t, n, cur);
      continue;
    }
    if (t.startsWith('{') || t.startsWith('~') || t.startsWith('-')) continue; // composite/agent syntax not used here
    cur = { name: '', synonyms: [], codes: [], line: n };
    const { name } = splitCodes(t, n, cur);
    if (!name) throw new PhoenixError('entry without a name', n);
    cur.name = phoenixName(name);
    out.push(cur);
  }
  return out;
}

function splitCodes(t: string, n: number, cur: PhoenixActor): { name: string } {
  const name = t.replace(/\[[^\]]*\]/g, ' ').trim().split(/\s+/)[0] ?? '';
  for (const m of t.matchAll(/\[([^\]]*)\]/g)) cur.codes.push(parseCode(m[1]!, n));
  if (/\[[^\]]*$/.test(t)) throw new PhoenixError('unclosed "["', n);
  return { name };
}

/** Splits a CAMEO code into the actor's code and sector: AFGGOVAGR → AFG, GOV; IGOUNO → IGOUNO, IGO. */
export function splitCameo(raw: string): { code: string; sector: string | null } {
  if (/^(IGO|NGO|IMG|MNC|NGM)/.test(raw)) {
    const code = raw.slice(0, 6).length === 6 ? raw.slice(0, 6) : raw.slice(0, 3);
    const rest = raw.slice(code.length, code.length + 3);
    return { code, sector: rest || raw.slice(0, 3) };
  }
  return { code: raw.slice(0, 3), sector: raw.slice(3, 6) || null };
}

const ORG_WORD = /\b(forces|army|navy|ministry|party|front|movement|agency|council|committee|group|news|times|bank|company|organization|organisation|union|league|brigades?|police|guard|corps|court|parliament|assembly|government|media|radio|television|tv|network|university|institute|front|alliance|taliban|al qaeda)\b/i;

/** Adds parsed dictionary entries to a knowledge base (used for files in the user's actor folder). */
export function phoenixToKb(kb: KB, actors: PhoenixActor[], source: string): { people: number; organizations: number; states: number } {
  const counts = { people: 0, organizations: 0, states: 0 };
  for (const a of actors) {
    const forms = [a.name, ...a.synonyms];
    const codes = a.codes.map((c) => ({ ...splitCameo(c.raw), start: c.start, end: c.end }));
    if (!codes.length) continue;
    const first = codes[0]!;
    if (codes.every((c) => !c.sector && c.code.length === 3) && kb.states.has(first.code)) {
      const st = kb.states.get(first.code)!;
      for (const f of forms) kb.add(f, st, 'alias', null, 6);
      counts.states++;
      continue;
    }
    if (/^(IGO|NGO)/.test(first.code)) {
      const kind: EntityKind = first.code.startsWith('NGO') ? 'ngo' : 'igo';
      const e = kb.entry(kind, first.code, a.name, source, first.sector);
      for (const f of forms) kb.add(f, e, f === a.name ? 'name' : 'alias', null, 3);
      counts.organizations++;
      continue;
    }
    const dated = codes.some((c) => c.start || c.end);
    const nWords = words(a.name).length;
    const person = !ORG_WORD.test(a.name) && (dated || (nWords >= 2 && nWords <= 5));
    if (person) {
      // undated codes are the default outside dated ranges: give them the lowest priority by leaving dates empty
      for (const c of codes) {
        const role: KbRole = { title: null, code: c.code, sector: c.sector, start: c.start, end: c.end };
        kb.addPerson(a.name, a.synonyms, role, source);
      }
      counts.people++;
    } else {
      const e = kb.entry('organization', first.code, a.name, source, first.sector);
      for (const f of forms) kb.add(f, e, f === a.name ? 'name' : 'alias', null, 3);
      counts.organizations++;
    }
  }
  return counts;
}
