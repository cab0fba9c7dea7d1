/**
 * A small LRU of serialized article records. Stored records never change (the store only inserts), so
 * a cached JSON body stays right; the cache only saves the decompress + parse + stringify of a record
 * (about 2 ms of CPU for a 30 KB record), bounded by the characters it holds.
 */
export class RecordCache {
  private map = new Map<string, string>();
  private size = 0;

  constructor(readonly maxChars: number) {}

  get(id: string): string | undefined {
    const v = this.map.get(id);
    if (v === undefined) return undefined;
    this.map.delete(id);
    this.map.set(id, v);
    return v;
  }

  set(id: string, json: string): void {
    if (json.length > this.maxChars / 4) return;
    const old = this.map.get(id);
    if (old !== undefined) { this.size -= old.length; this.map.delete(id); }
    this.map.set(id, json);
    this.size += json.length;
    for (const [k, v] of this.map) {
      if (this.size <= this.maxChars) break;
      this.map.delete(k);
      this.size -= v.length;
    }
  }

  get chars(): number { return this.size; }
  get entries(): number { return this.map.size; }
}
