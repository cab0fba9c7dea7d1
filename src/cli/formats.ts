/** Output formats of `dyad extract`. */
import type { DyadRecord } from '../record.js';

export const OUTPUT_FORMATS = ['jsonl', 'json', 'petrarch'];

export interface FormatOptions {
  format: string;
  pretty: boolean;
  eventsOnly: boolean;
}

/** PETRARCH-style tab lines: date, source, target, CAMEO code, document id, event id. */
export function petrarchLines(rec: DyadRecord): string {
  const date = (d: string | null) => (d ?? '').replace(/-/g, '').slice(0, 8);
  return rec.events
    .map((e) => [date(e.date), e.source?.code ?? '---', e.target?.code ?? '---', e.cameo ?? '---', rec.id, e.id].join('\t') + '\n')
    .join('');
}

export function formatRecord(rec: DyadRecord, o: FormatOptions): string {
  if (o.format === 'petrarch') return petrarchLines(rec);
  const value = o.eventsOnly ? { id: rec.id, events: rec.events } : rec;
  return (o.pretty || o.format === 'json' ? JSON.stringify(value, null, 2) : JSON.stringify(value)) + '\n';
}
