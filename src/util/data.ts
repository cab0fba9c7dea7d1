/** Access to the knowledge files in data/ (lexicons, gazetteers, weights), from src/ and dist/ alike. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function dataPath(rel: string): string {
  return path.join(ROOT, 'data', rel);
}

export function readData(rel: string): string {
  return fs.readFileSync(dataPath(rel), 'utf8');
}

export function readJsonData<T>(rel: string): T {
  return JSON.parse(readData(rel)) as T;
}

/** Rows of a TSV data file: `#` starts a comment line, blank lines are skipped, cells are trimmed. */
export function readTsv(rel: string): string[][] {
  const rows: string[][] = [];
  for (const line of readData(rel).split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    rows.push(line.split('\t').map((c) => c.trim()));
  }
  return rows;
}
