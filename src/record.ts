/**
 * The dyad record: one per article. Every stage fills its part of it.
 * Offsets (`start`, `end`) are JavaScript string offsets (UTF-16 code units) into `record.text`,
 * which for plain-text and JSONL inputs is the input text exactly as read, and for HTML inputs is
 * the text dyad extracted from the page (headline, blank line, body paragraphs separated by blank lines).
 * The JSON Schema of this record is docs/record.schema.json (checked against this type in tests).
 */

export interface Span {
  start: number;
  end: number;
}

export interface TextSpan extends Span {
  text: string;
}

/** Where the input came from and how it was read. */
export interface InputInfo {
  /** file path, `-` for stdin, or the JSONL file the line came from */
  path: string | null;
  url: string | null;
  format: 'text' | 'html' | 'jsonl' | 'warc' | 'feed';
  /** 1-based line number inside a JSONL input */
  line?: number;
}

export interface Dateline extends Span {
  place: string | null;
  agency: string | null;
}

export interface Article {
  headline: string | null;
  subheadline: string | null;
  authors: string[];
  /** ISO 8601 with offset, e.g. 2021-12-18T08:55:00+05:30; a bare date (YYYY-MM-DD) when no time is known */
  published: string | null;
  updated: string | null;
  imageCredits: string[];
  /** clean body text, paragraphs separated by blank lines */
  body: string;
  /** ISO 639-1 code */
  language: string | null;
  url: string | null;
  source: string | null;
  dateline: Dateline | null;
  /** lines removed as boilerplate, with the rule that removed them */
  removed: Array<TextSpan & { rule: string }>;
}

export interface Paragraph extends Span {
  kind: 'body' | 'crosshead';
}

export interface Sentence extends Span {
  /** index into record.paragraphs */
  paragraph: number;
}

export type EntityKind = 'person' | 'state' | 'igo' | 'ngo' | 'organization' | 'location' | 'group' | 'former-state';

export interface Role {
  /** "national security adviser" */
  title: string;
  /** "White House", "USA" */
  affiliation: string | null;
  sector: string | null;
}

export interface Mention extends TextSpan {
  /** id of the entity this mention refers to */
  entity: string;
  /** how the mention was found: name | surname | title | pronoun | demonym | metonym | acronym ... */
  type: string;
  rule: string;
}

export interface Entity {
  id: string;
  name: string;
  kind: EntityKind;
  /** ISO 3166 alpha-3 of the state it belongs to, or IGO / NGO codes */
  code: string | null;
  /** PLOVER/CAMEO sector: GOV, MIL, LEG, JUD, PTY, COP, SPY, MED, BUS, CVL, REB, ... */
  sector: string | null;
  roles: Role[];
  aliases: string[];
  mentions: Mention[];
  rule: string;
}

export interface Speaker {
  name: string;
  entity: string | null;
  code: string | null;
  mention: TextSpan | null;
}

export type QuoteKind = 'direct' | 'indirect' | 'partial' | 'mixed';

export interface Quote {
  id: string;
  content: string;
  kind: QuoteKind;
  contentSpan: Span;
  cue: string | null;
  cueSpan: Span | null;
  speaker: Speaker | null;
  rule: string;
}

export interface ActorRef {
  name: string;
  entity: string | null;
  code: string | null;
  sector: string | null;
  mention: TextSpan | null;
}

export interface DyadEvent {
  id: string;
  /** one of the 16 PLOVER types */
  type: string;
  mode: string | null;
  cameo: string | null;
  source: ActorRef | null;
  target: ActorRef | null;
  /** ISO 8601 date (YYYY-MM-DD) */
  date: string | null;
  location: string | null;
  negated: boolean;
  /** Goldstein-like scale, -10 (conflict) .. +10 (cooperation) */
  intensity: number | null;
  evidence: Span;
  /** the quote whose content reports this event, when it does */
  quote: string | null;
  pattern: string;
}

export interface DyadRecord {
  id: string;
  input: InputInfo;
  /** the text all offsets point into */
  text: string;
  article: Article;
  paragraphs: Paragraph[];
  sentences: Sentence[];
  entities: Entity[];
  quotes: Quote[];
  events: DyadEvent[];
  meta: {
    dyad: string;
    /** milliseconds per stage */
    timings: Record<string, number>;
  };
}
