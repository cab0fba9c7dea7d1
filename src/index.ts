/**
 * dyad's library API: `extract` turns an article (plain text, HTML, or a RawDocument) into a record.
 *   import { extract } from 'dyad';
 *   const record = extract({ id: 'a1', text: '...' });
 */
import type { DyadRecord } from './record.js';
import type { RawDocument } from './read/types.js';
import { extractDocument, type ExtractOptions } from './pipeline.js';

export type * from './record.js';
export type { RawDocument } from './read/types.js';
export { extractDocument, process as processDocument, STAGE_NAMES, type ExtractOptions, type StageName } from './pipeline.js';
export { readInputs, isInputError, type InputItem } from './read/inputs.js';

/** Extracts one article. A string is read as HTML when it looks like a page, else as plain text. */
export function extract(input: string | RawDocument, opts: ExtractOptions = {}): DyadRecord {
  if (typeof input === 'string') {
    const isHtml = /^\s*(<!doctype html|<html|<head|<body)/i.test(input);
    return extractDocument(isHtml ? { id: 'document', html: input, format: 'html' } : { id: 'document', text: input, format: 'text' }, opts);
  }
  return extractDocument(input, opts);
}
