/**
 * The extraction worker: receives RawDocuments, runs the whole pipeline, returns the record and the
 * body's MinHash signature (so the single writer only writes). One document at a time per worker.
 */
import { parentPort } from 'node:worker_threads';
import { extractDocument } from '../pipeline.js';
import { minhash } from '../store/minhash.js';
import type { WorkerRequest, WorkerResponse } from './pool.js';

if (!parentPort) throw new Error('worker.ts must run in a worker thread');
const port = parentPort;

port.on('message', (m: WorkerRequest) => {
  let res: WorkerResponse;
  try {
    const record = extractDocument(m.raw, m.until ? { until: m.until } : {});
    res = { seq: m.seq, record, fingerprint: minhash(record.article.body || record.text) };
  } catch (e) {
    res = { seq: m.seq, error: (e as Error)?.message ?? String(e) };
  }
  port.postMessage(res);
});
// load models and lexicons before saying ready: a document's time limit counts its extraction only
try { extractDocument({ id: 'warm-up', text: 'Warm-up.\n\nFrance and Germany held talks in Paris on Monday, officials said.' }); } catch { /* the first real document reports it */ }
port.postMessage({ ready: true });
