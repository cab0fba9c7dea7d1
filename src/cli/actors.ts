/**
 * `dyad actors import <file>`: bring your own actor dictionary in the PETRARCH/Phoenix format
 * (Phoenix.Countries.actors.txt: names joined by "_", "+" synonyms, dated "[CODE start-end]" roles).
 * The file is checked, then copied into the user's actor folder ($DYAD_ACTORS_DIR, default ~/.dyad/actors),
 * which the actors stage reads on every run; with --tsv it is converted to people/organisations TSV files
 * (the format of data/actors/people.tsv and organizations.tsv) that can be read and edited.
 * `dyad actors lookup <name> [--date D]`: what the knowledge base knows about a name on a date.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../read/types.js';
import { buildKb, loadKb, roleAt, userActorDirs } from '../actors/kb.js';
import { dataPath } from '../util/data.js';
import { parsePhoenix, phoenixToKb, PhoenixError, splitCameo, type PhoenixActor } from '../actors/phoenix.js';
import { phraseKey } from '../actors/text.js';

interface ImportOptions { dir?: string; tsv?: boolean; dryRun?: boolean; name?: string }

export function registerActors(program: Command): void {
  const actors = program.command('actors').description('the actor knowledge base: import dictionaries, look names up');
  actors
    .command('import')
    .description('import a PETRARCH/Phoenix actor dictionary (e.g. Phoenix.Countries.actors.txt) for the actors stage')
    .argument('<file>', 'the dictionary file')
    .option('--dir <dir>', 'actor folder to write to (default: $DYAD_ACTORS_DIR or ~/.dyad/actors)')
    .option('--name <name>', 'base name of the imported files (default: the file name)')
    .option('--tsv', 'convert to <name>.people.tsv and <name>.organizations.tsv instead of copying the dictionary')
    .option('--dry-run', 'check and count, write nothing')
    .addHelpText('after', `
The actors stage reads every *.actors.txt, *.people.tsv and *.organizations.tsv in the actor folder
($DYAD_ACTORS_DIR, a ${path.delimiter}-separated list, default ~/.dyad/actors). Roles are date-aware: a document
dated 2005 resolves "Hamid Karzai" to the code valid then.

Examples:
  $ dyad actors import Phoenix.Countries.actors.txt
  $ dyad actors import my-actors.txt --tsv --dir ./actors && DYAD_ACTORS_DIR=./actors dyad extract story.txt`)
    .action((file: string, o: ImportOptions) => { process.stdout.write(runImport(file, o) + '\n'); });
  actors
    .command('lookup')
    .description('show what the knowledge base knows about a name')
    .argument('<name...>', 'a name, alias, demonym or acronym')
    .option('--date <date>', 'the date roles are resolved for (YYYY-MM-DD; default today)')
    .action((name: string[], o: { date?: string }) => { process.stdout.write(runLookup(name.join(' '), o.date) + '\n'); });
}

export function runImport(file: string, o: ImportOptions): string {
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e) { throw new UserError(`${file}: ${(e as Error).message}`); }
  let actors: PhoenixActor[];
  try { actors = parsePhoenix(text); } catch (e) {
    if (e instanceof PhoenixError) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
  if (!actors.length) throw new UserError(`${file}: no actor entries found (is it a PETRARCH/Phoenix .actors file?)`);
  // what it adds, counted by loading it into an empty knowledge base with the states
  const probe = buildKb(dataPath('actors'), []);
  const before = probe.entries.length;
  const counts = phoenixToKb(probe, actors, path.basename(file));
  const summary = `${actors.length} entries: ${counts.people} people, ${counts.organizations} organisations, ${counts.states} state name lists (${probe.entries.length - before} new entities)`;
  if (o.dryRun) return `${file}: ${summary} (dry run: nothing written)`;
  const dir = o.dir ?? userActorDirs()[0];
  if (!dir) throw new UserError('no actor folder: set --dir or DYAD_ACTORS_DIR');
  fs.mkdirSync(dir, { recursive: true });
  const base = (o.name ?? path.basename(file)).replace(/\.(actors\.)?txt$/i, '').replace(/[^\w.-]+/g, '_');
  if (!o.tsv) {
    const out = path.join(dir, `${base}.actors.txt`);
    fs.writeFileSync(out, text);
    return `${file}: ${summary}; copied to ${out}`;
  }
  const { people, organizations, skipped } = phoenixToTsv(actors, probe.states);
  const pf = path.join(dir, `${base}.people.tsv`), of = path.join(dir, `${base}.organizations.tsv`);
  fs.writeFileSync(pf, people);
  fs.writeFileSync(of, organizations);
  return `${file}: ${summary}; wrote ${pf} and ${of}${skipped ? ` (${skipped} state name lists left out: TSV has no place for them)` : ''}`;
}

const ORG_WORD = /\b(forces|army|navy|ministry|party|front|movement|agency|council|committee|group|news|times|bank|company|organi[sz]ation|union|league|brigades?|police|guard|corps|court|parliament|assembly|government|media|radio|television|tv|network|university|institute|alliance)\b/i;

/** Phoenix entries as people.tsv / organizations.tsv rows (the world-knowledge format). */
export function phoenixToTsv(actors: PhoenixActor[], states: Map<string, unknown>): { people: string; organizations: string; skipped: number } {
  const ppl = ['# imported by `dyad actors import`', '# name\taliases\tcode\tsector\trole\tstart\tend\tnote'];
  const org = ['# imported by `dyad actors import`', '# name\taliases\tkind\tcode\tsector\tnote'];
  let skipped = 0;
  for (const a of actors) {
    const codes = a.codes.map((c) => ({ ...splitCameo(c.raw), start: c.start, end: c.end }));
    if (!codes.length) continue;
    if (codes.every((c) => !c.sector && c.code.length === 3) && states.has(codes[0]!.code)) { skipped++; continue; }
    const aliases = a.synonyms.filter((s) => s !== a.name).join('|');
    const dated = codes.some((c) => c.start || c.end);
    const n = phraseKey(a.name).split(' ').length;
    const isOrg = /^(IGO|NGO)/.test(codes[0]!.code) || ORG_WORD.test(a.name) || (!dated && (n < 2 || n > 5));
    if (isOrg) {
      const c = codes[0]!;
      const kind = c.code.startsWith('IGO') ? 'igo' : c.code.startsWith('NGO') ? 'ngo' : 'organization';
      org.push([a.name, aliases, kind, c.code, c.sector ?? '', `line ${a.line}`].join('\t'));
    } else {
      for (const c of codes) ppl.push([a.name, aliases, c.code, c.sector ?? '', '', c.start ?? '', c.end ?? '', `line ${a.line}`].join('\t'));
    }
  }
  return { people: ppl.join('\n') + '\n', organizations: org.join('\n') + '\n', skipped };
}

export function runLookup(name: string, date?: string): string {
  const kb = loadKb();
  const d = date ? new Date(date) : null;
  if (date && Number.isNaN(d!.getTime())) throw new UserError(`bad --date "${date}" (use YYYY-MM-DD)`);
  const hits = kb.gaz.get(phraseKey(name)) ?? [];
  if (!hits.length) return `${name}: not in the knowledge base`;
  return hits.map((h) => {
    const e = h.entry;
    const r = e.kind === 'person' ? roleAt(e, d) : null;
    const code = r?.code ?? e.code, sector = r?.sector ?? h.sector ?? e.sector;
    return `${name}: ${e.name} (${e.kind}, ${h.type}) code ${code ?? '-'} sector ${sector ?? '-'}${r?.title ? `, ${r.title}` : ''}${r ? ` [${r.start ?? ''}..${r.end ?? ''}]` : ''} — ${e.source}`;
  }).join('\n');
}
