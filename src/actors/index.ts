/**
 * The actors stage: recognises and resolves the people, states, organisations and groups of a document
 * and fills doc.entities (see src/record.ts). Knowledge comes from data/actors/ (src/actors/kb.ts);
 * recognition and within-document resolution are src/actors/recognize.ts; the API other stages call
 * (entityAt, mentionsIn, resolvePhrase, resolvePronoun) is src/actors/resolve.ts.
 */
import type { Doc } from '../doc.js';
import { loadKb } from './kb.js';
import { Recognizer } from './recognize.js';

export function actors(doc: Doc): void {
  doc.entities = new Recognizer(doc, loadKb()).run();
}
