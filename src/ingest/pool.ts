/**
 * A pool of extraction workers (worker_threads). Loads ./worker.js from dist/ as is, and ./worker.ts
 * from src/ through tsx's ESM loader (registered inside the worker), so both `npx tsx src/cli/index.ts`
 * and the built bin/dyad.js work. A worker that crashes or overruns the per-document time limit is
 * replaced, and only its document fails. `run` resolves with the result; `idle` tells when a slot is free.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DyadRecord } from '../record.js';
import type { RawDocument } from '../read/types.js';
import type { StageName } from '../pipeline.js';

export interface WorkerRequest {
  seq: number;
  raw: RawDocument;
  until?: StageName;
}

export type WorkerResponse =
  | { seq: number; record: DyadRecord; fingerprint: string | null; error?: undefined }
  | { seq: number; error: string; record?: undefined };

export interface PoolOptions {
  /** worker threads (default: all cores, at least 1) */
  workers?: number;
  /** documents queued per worker beyond the one running (default 2) */
  queuePerWorker?: number;
  /** milliseconds one document may take before its worker is replaced (default 60,000) */
  timeoutMs?: number;
  /** V8 young generation per worker, MB (default 8: a smaller nursery keeps each worker's RSS down at no measurable cost) */
  youngGenerationMb?: number;
  /**
   * V8 old generation per worker, MB (default 192; 0: no limit). Without a limit V8 lets each worker's heap
   * grow far past its live set (about 60 MB with every stage loaded); a document that needs more than the
   * limit fails alone ("out of memory"), its worker is replaced.
   */
  heapMb?: number;
}

export interface ExtractResult {
  record?: DyadRecord;
  fingerprint?: string | null;
  error?: string;
}

interface Job {
  resolve: (r: ExtractResult) => void;
  started: number;
  raw: RawDocument;
  until?: StageName;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  /** seq → pending job, in order of submission */
  jobs: Map<number, Job>;
  timer: NodeJS.Timeout | null;
  started: boolean;
}

export function defaultWorkers(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

let youngMb = 8;
let oldMb = 192;

function spawnWorker(): Worker {
  const resourceLimits = {
    ...(youngMb > 0 ? { maxYoungGenerationSizeMb: youngMb } : {}),
    ...(oldMb > 0 ? { maxOldGenerationSizeMb: oldMb } : {}),
  };
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    // running from source through tsx: register tsx's loader inside the worker, then load worker.ts
    const api = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./worker.ts', self).href;
    const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(code, { eval: true, execArgv: [], resourceLimits });
  }
  return new Worker(new URL('./worker.js', self), { execArgv: [], resourceLimits });
}

export class ExtractPool {
  readonly size: number;
  private readonly perWorker: number;
  private readonly timeoutMs: number;
  private slots: Slot[] = [];
  private seq = 0;
  private waiters: Array<() => void> = [];
  private closed = false;
  /** why workers could not start, when they could not */
  broken: string | null = null;

  constructor(o: PoolOptions = {}) {
    this.size = Math.max(1, Math.floor(o.workers ?? defaultWorkers()));
    this.perWorker = 1 + Math.max(0, Math.floor(o.queuePerWorker ?? 2));
    this.timeoutMs = o.timeoutMs ?? 60_000;
    youngMb = o.youngGenerationMb ?? 8;
    oldMb = o.heapMb ?? 192;
    for (let i = 0; i < this.size; i++) this.slots.push(this.makeSlot());
  }

  private makeSlot(): Slot {
    const worker = spawnWorker();
    let readyResolve!: () => void, readyReject!: (e: Error) => void;
    const slot: Slot = { worker, jobs: new Map(), timer: null, started: false, ready: new Promise<void>((res, rej) => { readyResolve = res; readyReject = rej; }) };
    slot.ready.catch(() => undefined);
    worker.on('message', (m: WorkerResponse | { ready: true }) => {
      if ('ready' in m) { slot.started = true; readyResolve(); return; }
      const job = slot.jobs.get(m.seq);
      if (!job) return;
      slot.jobs.delete(m.seq);
      job.resolve(m.error !== undefined ? { error: m.error } : { record: m.record, fingerprint: m.fingerprint });
      this.arm(slot);
      this.wake();
    });
    const fail = (why: string) => {
      readyReject(new Error(why));
      if (!this.slots.includes(slot)) return;
      // fail the document that was running, requeue none: the caller decides; replace the worker
      const jobs = [...slot.jobs.values()];
      slot.jobs.clear();
      if (slot.timer) clearTimeout(slot.timer);
      const i = this.slots.indexOf(slot);
      // a worker that never started will not start next time either: no respawn loop
      if (!slot.started) this.broken ??= why;
      if (!this.closed && slot.started) {
        // only the document that was running fails; the ones queued behind it go to the new worker
        const fresh = this.slots[i] = this.makeSlot();
        jobs[0]?.resolve({ error: why });
        this.requeue(fresh, jobs.slice(1));
      } else {
        this.slots.splice(i, 1);
        jobs.forEach((j, k) => j.resolve({ error: k === 0 ? why : `worker replaced (${why})` }));
      }
      this.wake();
    };
    worker.on('error', (e) => fail((e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? `out of memory (over ${oldMb} MB of heap; raise --worker-heap)` : `worker crashed: ${e.message}`));
    worker.on('exit', (code) => { if (!this.closed) fail(`worker exited (code ${code})`); });
    return slot;
  }

  /** (re)starts the time limit of the slot's oldest job */
  private arm(slot: Slot): void {
    if (slot.timer) { clearTimeout(slot.timer); slot.timer = null; }
    // the time limit counts extraction only: a worker still loading models starts the clock when ready
    if (!slot.started) { slot.ready.then(() => { if (this.slots.includes(slot) && !slot.timer) this.arm(slot); }, () => undefined); return; }
    const first = slot.jobs.values().next();
    if (first.done) return;
    first.value.started = Date.now();
    slot.timer = setTimeout(() => {
      slot.timer = null;
      void slot.worker.terminate();
      // 'exit' handler replaces it; make sure the reason says timeout
      const jobs = [...slot.jobs.values()];
      slot.jobs.clear();
      const i = this.slots.indexOf(slot);
      jobs[0]?.resolve({ error: `timed out after ${this.timeoutMs} ms` });
      if (i >= 0 && !this.closed) this.requeue(this.slots[i] = this.makeSlot(), jobs.slice(1));
      else jobs.slice(1).forEach((j) => j.resolve({ error: 'worker replaced (timeout of another document)' }));
      this.wake();
    }, this.timeoutMs);
    slot.timer.unref();
  }

  /** hands jobs that were queued on a replaced worker to its successor, in their order */
  private requeue(slot: Slot, jobs: Job[]): void {
    for (const j of jobs) {
      const seq = ++this.seq;
      slot.jobs.set(seq, j);
      slot.worker.postMessage({ seq, raw: j.raw, ...(j.until ? { until: j.until } : {}) } satisfies WorkerRequest);
    }
    if (jobs.length) this.arm(slot);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** documents submitted and not yet answered */
  get inFlight(): number {
    return this.slots.reduce((n, s) => n + s.jobs.size, 0);
  }

  /** resolves when a document can be submitted without exceeding the queue bound */
  async idle(): Promise<void> {
    while (this.inFlight >= this.size * this.perWorker) await new Promise<void>((r) => this.waiters.push(r));
  }

  /** waits until every submitted document is answered */
  async drain(): Promise<void> {
    while (this.inFlight > 0) await new Promise<void>((r) => this.waiters.push(r));
  }

  /** waits until all workers have loaded (models, lexicons); rejects when one fails to start */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  /** extracts one document on the least busy worker */
  run(raw: RawDocument, until?: StageName): Promise<ExtractResult> {
    if (this.closed || !this.slots.length) return Promise.resolve({ error: this.broken ?? 'pool closed' });
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.jobs.size < slot.jobs.size) slot = s;
    const seq = ++this.seq;
    return new Promise<ExtractResult>((resolve) => {
      slot.jobs.set(seq, { resolve, started: Date.now(), raw, ...(until ? { until } : {}) });
      if (slot.jobs.size === 1) this.arm(slot);
      slot.worker.postMessage({ seq, raw, ...(until ? { until } : {}) } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.slots) if (s.timer) clearTimeout(s.timer);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
    this.wake();
  }
}
