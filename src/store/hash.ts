/** The identity of an article: sha256 of its raw input (the text or the HTML as read, before extraction). */
import crypto from 'node:crypto';
import type { RawDocument } from '../read/types.js';

export function contentHash(raw: Pick<RawDocument, 'text' | 'html'>): string {
  const h = crypto.createHash('sha256');
  if (raw.text !== undefined) h.update('t\0').update(raw.text);
  else h.update('h\0').update(raw.html ?? '');
  return h.digest('hex');
}
