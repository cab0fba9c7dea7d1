/** The ingest progress bar (stderr, TTY only): articles done / total, articles per second, ETA. */
export interface Progress {
  /** documents read from the inputs (ingested + duplicates + failed + in flight) */
  read: number;
  ingested: number;
  duplicates: number;
  nearDuplicates: number;
  failed: number;
  /** documents in the inputs, when known */
  total: number | null;
  elapsedMs: number;
}

export const done = (p: Progress) => p.ingested + p.duplicates + p.failed;

function clock(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '--:--';
  s = Math.round(s);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return (h ? `${h}:${String(m).padStart(2, '0')}` : String(m)) + `:${String(sec).padStart(2, '0')}`;
}

/** One line of progress, `width` columns at most. */
export function progressLine(p: Progress, width = 80): string {
  const n = done(p);
  const rate = p.elapsedMs > 0 ? n / (p.elapsedMs / 1000) : 0;
  const tail = [`${Math.round(rate)} articles/s`];
  if (p.total) tail.push(`ETA ${clock(rate > 0 ? (p.total - n) / rate : NaN)}`);
  if (p.duplicates) tail.push(`${p.duplicates} already stored`);
  if (p.failed) tail.push(`${p.failed} failed`);
  const count = p.total ? `${n}/${p.total}` : `${n}`;
  const text = ` ${count} articles  ${tail.join('  ')}`;
  const barWidth = Math.max(10, Math.min(30, width - text.length - 3));
  if (!p.total) return `ingest${text}`.slice(0, width - 1);
  const frac = Math.max(0, Math.min(1, n / p.total));
  const full = Math.round(frac * barWidth);
  return `[${'#'.repeat(full)}${'.'.repeat(barWidth - full)}]${text}`.slice(0, width - 1);
}

export class ProgressBar {
  private last = 0;
  private shown = false;
  constructor(private readonly stream: NodeJS.WriteStream = process.stderr, private readonly everyMs = 100) {}

  get enabled(): boolean {
    return !!this.stream.isTTY;
  }

  update(p: Progress, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < this.everyMs) return;
    this.last = now;
    this.stream.write(`\r${progressLine(p, this.stream.columns || 80)}\x1b[K`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}
