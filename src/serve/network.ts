/** Who acts on whom: events folded into a directed graph of actors (the network view and /api/network). */
import type { ActorSide, EventFilters, EventRow, Store } from '../store/types.js';
import { actorHref } from './annotate.js';

export interface NetworkNode {
  id: string;
  label: string;
  /** events with this actor on either side */
  events: number;
  href: string;
}

export interface NetworkEdge {
  source: string;
  target: string;
  count: number;
  /** mean intensity of the edge's events that have one */
  mean: number | null;
  types: Record<string, number>;
}

export interface Network {
  events: number;
  nodes: NetworkNode[];
  edges: NetworkEdge[];
}

export type NetworkLevel = 'code' | 'name';

function nodeOf(a: ActorSide | null, level: NetworkLevel): { id: string; label: string } | null {
  if (!a) return null;
  if (level === 'code' && a.code) return { id: a.code, label: a.code };
  if (!a.name) return null;
  return { id: a.name, label: a.code && level === 'name' ? `${a.name} (${a.code})` : a.name };
}

export function foldNetwork(rows: EventRow[], level: NetworkLevel): Network {
  const nodes = new Map<string, NetworkNode>();
  const edges = new Map<string, NetworkEdge & { sum: number; n: number }>();
  let used = 0;
  for (const r of rows) {
    const s = nodeOf(r.source, level), t = nodeOf(r.target, level);
    if (!s || !t || s.id === t.id) continue;
    used++;
    for (const x of [s, t]) {
      const n = nodes.get(x.id) ?? { id: x.id, label: x.label, events: 0, href: actorHref(x.id) };
      n.events++;
      nodes.set(x.id, n);
    }
    const k = `${s.id}\u0000${t.id}`;
    const e = edges.get(k) ?? { source: s.id, target: t.id, count: 0, mean: null, types: {}, sum: 0, n: 0 };
    e.count++;
    e.types[r.type] = (e.types[r.type] ?? 0) + 1;
    if (r.intensity !== null && Number.isFinite(r.intensity)) { e.sum += r.intensity; e.n++; }
    edges.set(k, e);
  }
  return {
    events: used,
    nodes: [...nodes.values()].sort((a, b) => b.events - a.events || a.id.localeCompare(b.id)),
    edges: [...edges.values()]
      .map(({ sum, n, ...e }) => ({ ...e, mean: n ? Math.round((sum / n) * 100) / 100 : null }))
      .sort((a, b) => b.count - a.count),
  };
}

export async function network(store: Store, filters: EventFilters, level: NetworkLevel): Promise<Network> {
  return foldNetwork(await store.events(filters), level);
}
