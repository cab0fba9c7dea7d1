/** A document as handed to the pipeline by the input readers (files, stdin, JSONL lines, WARC records, feeds). */
export interface RawDocument {
  id: string;
  /** plain text (with or without scrape debris) */
  text?: string;
  /** an HTML page */
  html?: string;
  url?: string | null;
  /** metadata given beside the text (JSONL `title`, `date`, `authors`, `source`) */
  title?: string | null;
  date?: string | null;
  authors?: string[] | string | null;
  source?: string | null;
  path?: string | null;
  format?: 'text' | 'html' | 'jsonl' | 'warc' | 'feed';
  line?: number;
}

/** An input that could not be read: reported on stderr as one line, the rest goes on. */
export interface InputError {
  error: string;
  /** the input's name: path, path:line, URL */
  input: string;
}

export class UserError extends Error {
  override name = 'UserError';
}
