/**
 * docs/record.schema.json against src/record.ts and against real pipeline output:
 *  - every interface of record.ts has a schema definition with exactly the same property names and the same
 *    required/optional split, and every string-literal union is the schema's enum (read with the TypeScript
 *    compiler API, so a field added to record.ts without the schema fails here);
 *  - a fully populated record validates, broken ones do not;
 *  - records the pipeline writes for texts and pages written for this test validate, and all their offsets
 *    point inside `text`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { DyadRecord } from './record.js';
import { extractDocument } from './pipeline.js';

const ROOT = path.resolve(import.meta.dirname, '..');
type SchemaNode = { properties?: Record<string, SchemaNode>; required?: string[]; enum?: unknown[]; $ref?: string; anyOf?: SchemaNode[]; items?: SchemaNode };
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs', 'record.schema.json'), 'utf8')) as SchemaNode & { $defs: Record<string, SchemaNode> };
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);
const errorsOf = () => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('; ');

// ---------------------------------------------------------------- record.ts, read with the TypeScript compiler

interface Member { optional: boolean; type: ts.TypeNode | undefined }
const source = ts.createSourceFile('record.ts', fs.readFileSync(path.join(ROOT, 'src', 'record.ts'), 'utf8'), ts.ScriptTarget.Latest, true);
const interfaces = new Map<string, { members: Map<string, Member>; bases: string[] }>();
const aliases = new Map<string, ts.TypeNode>();
const membersOf = (elements: ts.NodeArray<ts.TypeElement>): Map<string, Member> => {
  const m = new Map<string, Member>();
  for (const el of elements) if (ts.isPropertySignature(el) && el.name && ts.isIdentifier(el.name)) m.set(el.name.text, { optional: !!el.questionToken, type: el.type });
  return m;
};
ts.forEachChild(source, (node) => {
  if (ts.isInterfaceDeclaration(node)) {
    const bases = (node.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText(source)));
    interfaces.set(node.name.text, { members: membersOf(node.members), bases });
  } else if (ts.isTypeAliasDeclaration(node)) aliases.set(node.name.text, node.type);
});
const allMembers = (name: string): Map<string, Member> => {
  const i = interfaces.get(name)!;
  const out = new Map<string, Member>();
  for (const b of i.bases) for (const [k, v] of allMembers(b)) out.set(k, v);
  for (const [k, v] of i.members) out.set(k, v);
  return out;
};
const literals = (t: ts.TypeNode | undefined): string[] | null => {
  if (!t || !ts.isUnionTypeNode(t)) return null;
  const out: string[] = [];
  for (const x of t.types) {
    if (ts.isLiteralTypeNode(x) && ts.isStringLiteral(x.literal)) out.push(x.literal.text);
    else if (!(x.kind === ts.SyntaxKind.NullKeyword || (ts.isLiteralTypeNode(x) && x.literal.kind === ts.SyntaxKind.NullKeyword))) return null;
  }
  return out.length ? out : null;
};
const resolveRef = (n: SchemaNode): SchemaNode => (n.$ref ? schema.$defs[n.$ref.replace('#/$defs/', '')]! : n);

function compareObject(where: string, members: Map<string, Member>, node: SchemaNode) {
  assert.ok(node.properties, `${where}: schema has properties`);
  assert.deepEqual(Object.keys(node.properties).sort(), [...members.keys()].sort(), `${where}: property names match record.ts`);
  const required = [...members].filter(([, m]) => !m.optional).map(([k]) => k).sort();
  assert.deepEqual([...(node.required ?? [])].sort(), required, `${where}: required = the non-optional fields of record.ts`);
  for (const [k, m] of members) {
    const prop = resolveRef(node.properties[k]!);
    if (m.type && ts.isTypeLiteralNode(m.type)) compareObject(`${where}.${k}`, membersOf(m.type.members), prop);
    const lits = literals(m.type);
    if (lits) assert.deepEqual([...(prop.enum ?? [])].sort(), [...lits].sort(), `${where}.${k}: enum matches record.ts`);
  }
}

test('schema and record.ts: same interfaces, fields, required fields and enums', () => {
  assert.ok(interfaces.size >= 15, `read ${interfaces.size} interfaces from record.ts`);
  for (const name of interfaces.keys()) {
    const node = name === 'DyadRecord' ? schema : schema.$defs[name];
    assert.ok(node, `schema defines ${name}`);
    compareObject(name, allMembers(name), node);
  }
  for (const [name, type] of aliases) {
    const lits = literals(type);
    if (!lits) continue;
    assert.deepEqual([...(schema.$defs[name]?.enum ?? [])].sort(), [...lits].sort(), `${name}: enum matches record.ts`);
  }
  // Article.removed is TextSpan & { rule }: the schema's Removed definition carries exactly those fields
  const removed = resolveRef(schema.$defs.Article!.properties!.removed!.items!);
  assert.deepEqual(Object.keys(removed.properties!).sort(), [...allMembers('TextSpan').keys(), 'rule'].sort());
});

// ---------------------------------------------------------------- a fully populated record

const full = (): DyadRecord => ({
  id: 'doc-1',
  input: { path: 'in/news.jsonl', url: 'https://news.example/a', format: 'jsonl', line: 3 },
  text: 'GENEVA (Reuters) - Minister Ana Ruiz said talks would resume.',
  article: {
    headline: 'Talks to resume', subheadline: 'A second round is planned', authors: ['Jo Lee'], published: '2024-03-05T18:40:00+01:00',
    updated: '2024-03-05', imageCredits: ['AP'], body: 'GENEVA (Reuters) - Minister Ana Ruiz said talks would resume.', language: 'en',
    url: 'https://news.example/a', source: 'News Example', dateline: { start: 0, end: 19, place: 'Geneva', agency: 'Reuters' },
    removed: [{ start: 0, end: 0, text: 'Advertisement', rule: 'advertisement' }],
  },
  paragraphs: [{ start: 0, end: 61, kind: 'body' }],
  sentences: [{ start: 0, end: 61, paragraph: 0 }],
  entities: [{
    id: 'e1', name: 'Ana Ruiz', kind: 'person', code: 'ESP', sector: 'GOV', roles: [{ title: 'minister', affiliation: 'Spain', sector: 'GOV' }],
    aliases: ['Ruiz'], mentions: [{ start: 28, end: 36, text: 'Ana Ruiz', entity: 'e1', type: 'name', rule: 'title+name' }], rule: 'kb',
  }],
  quotes: [{
    id: 'q1', content: 'talks would resume', kind: 'indirect', contentSpan: { start: 42, end: 60 }, cue: 'said', cueSpan: { start: 37, end: 41 },
    speaker: { name: 'Ana Ruiz', entity: 'e1', code: 'ESP', mention: { start: 28, end: 36, text: 'Ana Ruiz' } }, rule: 'said-that',
  }],
  events: [{
    id: 'ev1', type: 'CONSULT', mode: 'will', cameo: '040', source: { name: 'Spain', entity: 'e1', code: 'ESP', sector: 'GOV', mention: { start: 28, end: 36, text: 'Ana Ruiz' } },
    target: null, date: '2024-03-05', location: 'Geneva', negated: false, intensity: 1, evidence: { start: 42, end: 60 }, quote: 'q1', pattern: 'talks+resume',
  }],
  meta: { dyad: '0.1.0', timings: { read: 1.5, segment: 0.3 } },
});

test('schema: a fully populated record validates; broken ones do not', () => {
  assert.ok(validate(full()), errorsOf());
  const broken: Array<[string, (r: Record<string, any>) => void]> = [
    ['missing field', (r) => { delete r.article.imageCredits; }],
    ['unknown field', (r) => { r.article.wordCount = 12; }],
    ['bad enum', (r) => { r.paragraphs[0].kind = 'footer'; }],
    ['bad PLOVER type', (r) => { r.events[0].type = 'HUG'; }],
    ['offset type', (r) => { r.sentences[0].start = -1; }],
    ['date without offset form', (r) => { r.article.published = '05/03/2024'; }],
    ['language not ISO 639-1', (r) => { r.article.language = 'English'; }],
    ['null where an array is required', (r) => { r.entities = null; }],
  ];
  for (const [what, breakIt] of broken) {
    const r = full() as unknown as Record<string, any>;
    breakIt(r);
    assert.equal(validate(r), false, `${what} is rejected`);
  }
});

// ---------------------------------------------------------------- pipeline output on inputs written for this test

const TEXT = `Ministers agree to reopen border crossings

By Dana Whitfield

Updated March 6, 2024 10:15 GMT

Advertisement

BELGRAVIA, Ostland (Reuters) - Ostland and Veridia agreed on Wednesday to reopen two border crossings closed since the autumn, Ostland's interior minister Pavel Varga said after talks in the capital.

"This is a first step, not the last one," Varga told reporters. Veridia's foreign ministry said it would send a delegation next week to discuss prisoner exchanges.

The European Union welcomed the agreement and urged both governments to respect the ceasefire.
`;

const HTML = `<!doctype html><html lang="en"><head><title>Ostland and Veridia reopen crossings - Harbour Times</title>
<meta property="og:site_name" content="Harbour Times">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"ReportageNewsArticle","headline":"Ostland and Veridia reopen crossings","datePublished":"2024-03-06T11:15:00+01:00","author":{"@type":"Person","name":"Dana Whitfield"}}</script>
</head><body><article><h1>Ostland and Veridia reopen crossings</h1>
<p>BELGRAVIA, Ostland (AP) — Ostland and Veridia agreed on Wednesday to reopen two border crossings closed since the autumn, the interior minister Pavel Varga said after talks in the capital.</p>
<figure><img src="x.jpg"><figcaption>Trucks wait at the crossing. (AP Photo/Mira Sol)</figcaption></figure>
<p>"This is a first step, not the last one," Varga told reporters. Veridia's foreign ministry said it would send a delegation next week to discuss prisoner exchanges.</p>
<h2>Ceasefire</h2>
<p>The European Union welcomed the agreement and urged both governments to respect the ceasefire that has held since January.</p>
<p>Advertisement</p>
</article></body></html>`;

function spansInside(o: unknown, len: number, where = 'record'): void {
  if (!o || typeof o !== 'object') return;
  if (Array.isArray(o)) { o.forEach((x, i) => spansInside(x, len, `${where}[${i}]`)); return; }
  const r = o as Record<string, unknown>;
  if (typeof r.start === 'number' && typeof r.end === 'number') {
    assert.ok(r.start >= 0 && r.start <= r.end && r.end <= len, `${where}: span ${r.start}-${r.end} inside text of ${len}`);
  }
  for (const [k, v] of Object.entries(r)) if (k !== 'text') spansInside(v, len, `${where}.${k}`);
}

test('pipeline records for text, JSONL-style and HTML inputs validate against the schema', () => {
  const inputs = [
    { id: 'plain', text: TEXT, path: 'plain.txt', format: 'text' as const },
    { id: 'jsonl-1', text: TEXT.split('\n\n').slice(4).join('\n\n'), title: 'Ministers agree to reopen border crossings', date: '2024-03-06', url: 'https://news.example/x', format: 'jsonl' as const, line: 1 },
    { id: 'page', html: HTML, path: 'page.html', format: 'html' as const },
  ];
  for (const raw of inputs) {
    const rec = JSON.parse(JSON.stringify(extractDocument(raw))) as DyadRecord;
    assert.ok(validate(rec), `${raw.id}: ${errorsOf()}`);
    spansInside(rec, rec.text.length);
    assert.ok(rec.paragraphs.length >= 3, `${raw.id}: paragraphs`);
    for (const p of rec.paragraphs) assert.ok(rec.article.body.includes(rec.text.slice(p.start, p.end)), `${raw.id}: paragraph text is in the body`);
    if (raw.id === 'page') {
      assert.equal(rec.input.format, 'html');
      assert.equal(rec.article.headline, 'Ostland and Veridia reopen crossings');
      assert.equal(rec.article.published, '2024-03-06T11:15:00+01:00');
      assert.deepEqual(rec.article.authors, ['Dana Whitfield']);
      assert.ok(!rec.article.body.includes('Advertisement') && !rec.article.body.includes('Trucks wait'));
      assert.deepEqual(rec.article.imageCredits, ['AP Photo/Mira Sol']);
      assert.ok(rec.paragraphs.some((p) => p.kind === 'crosshead' && rec.text.slice(p.start, p.end) === 'Ceasefire'));
    }
  }
});
