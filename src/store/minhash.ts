/**
 * Near-duplicate detection (the same wire story re-published by several outlets) with MinHash over
 * word 3-shingles of the body: the share of equal signature slots estimates the Jaccard similarity of
 * two shingle sets. Candidates come from LSH banding (16 bands of 4 slots: a pair with Jaccard 0.8 shares a
 * band with probability > 0.999, a pair at 0.3 with probability 0.12), then the full signatures decide.
 * Signatures are 64 unsigned 32-bit slots, written as 512 hex digits so any backend can store them.
 */

export const SLOTS = 64;
export const BANDS = 16;
export const ROWS = SLOTS / BANDS;
/** Minimum distinct shingles for a signature: shorter texts are never linked as near-duplicates. */
export const MIN_SHINGLES = 25;
/** Default Jaccard estimate at or above which two articles count as the same story. */
export const DEFAULT_THRESHOLD = 0.7;

function fmix32(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function strHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

const SEEDS = Array.from({ length: SLOTS }, (_, i) => fmix32(0x9e3779b9 * (i + 1)));

/** Lower-cased word tokens (letters and digits) of a text. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The MinHash signature of a text (hex), or null when the text is too short to fingerprint. */
export function minhash(text: string, shingle = 3): string | null {
  const w = words(text);
  const seen = new Set<number>();
  for (let i = 0; i + shingle <= w.length; i++) {
    let s = w[i]!;
    for (let k = 1; k < shingle; k++) s += ' ' + w[i + k];
    seen.add(strHash(s));
  }
  if (seen.size < MIN_SHINGLES) return null;
  const sig = new Uint32Array(SLOTS).fill(0xffffffff);
  for (const h of seen) {
    for (let j = 0; j < SLOTS; j++) {
      const v = fmix32(h ^ SEEDS[j]!);
      if (v < sig[j]!) sig[j] = v;
    }
  }
  let out = '';
  for (const v of sig) out += v.toString(16).padStart(8, '0');
  return out;
}

/** Estimated Jaccard similarity of two signatures (share of equal slots). */
export function similarity(a: string, b: string): number {
  let eq = 0;
  for (let j = 0; j < SLOTS; j++) if (a.slice(8 * j, 8 * j + 8) === b.slice(8 * j, 8 * j + 8)) eq++;
  return eq / SLOTS;
}

/** The LSH band keys of a signature: BANDS signed 32-bit integers (one per band of ROWS slots). */
export function bandKeys(sig: string): number[] {
  const out: number[] = [];
  for (let b = 0; b < BANDS; b++) out.push(strHash(sig.slice(8 * ROWS * b, 8 * ROWS * (b + 1))) | 0);
  return out;
}
