import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseAuthors, parseDateline, readText } from './text.js';
import type { ReadResult } from './index.js';

const SEED = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'seed', 'us-russia-dialogue-2021-12-18.txt');
const bodyOf = (r: ReadResult) => r.paragraphs.map((p) => r.text.slice(p.start, p.end));

/** Offsets point into the input, paragraphs are sorted and do not overlap removed lines. */
function checkSpans(r: ReadResult): void {
  let last = -1;
  for (const p of r.paragraphs) {
    assert.ok(p.start > last && p.end > p.start && p.end <= r.text.length);
    assert.equal(r.text.slice(p.start, p.end).trim(), r.text.slice(p.start, p.end));
    last = p.end;
  }
  for (const x of r.article.removed) {
    assert.equal(r.text.slice(x.start, x.end), x.text);
    assert.ok(!r.paragraphs.some((p) => p.start < x.end && x.start < p.end), `removed line inside a paragraph: ${x.text}`);
  }
  assert.equal(r.article.body, bodyOf(r).join('\n\n'));
}

test('the seed article: all metadata, debris removed, crosshead kept', { skip: !fs.existsSync(SEED) && 'shared seed not present' }, () => {
  const text = fs.readFileSync(SEED, 'utf8');
  const r = readText({ id: 'seed', text });
  const a = r.article;
  assert.equal(r.text, text);
  assert.match(a.headline ?? '', /^US sees ‘opportunity for progress’/);
  assert.match(a.subheadline ?? '', /^We had dialogue with Russia/);
  assert.deepEqual(a.authors, ['Zaini Majeed']);
  assert.equal(a.published, '2021-12-18T08:55:00+05:30');
  assert.equal(a.updated, '2021-12-18T08:55:00+05:30');
  assert.deepEqual(a.imageCredits, ['AP']);
  assert.equal(a.language, 'en');
  assert.ok(a.body.startsWith('The United States believes that there is still'));
  assert.ok(a.body.endsWith('is in the process of discussing them with European allies.'));
  for (const junk of ['Advertisement', 'Updated December', 'Published December', 'Reported by', 'IMAGE: AP']) assert.ok(!a.body.includes(junk), junk);
  const rules = a.removed.map((x) => x.rule);
  assert.ok(rules.includes('byline') && rules.includes('image-credit') && rules.includes('advertisement'));
  const cross = r.paragraphs.filter((p) => p.kind === 'crosshead').map((p) => text.slice(p.start, p.end));
  assert.equal(cross.length, 1);
  assert.match(cross[0]!, /^'We're going to put on the table/);
  checkSpans(r);
});

const WIRE = `Updated 14:20 GMT, 3 March 2022

Ministers agree to extend grain corridor for 90 days

Deal follows two days of talks in Istanbul

By ANNA PETROVA and Mark O'Neill, Reuters
Photo: AFP | File
Advertisement

ISTANBUL (Reuters) - Ministers from the three countries agreed on Thursday to keep the Black Sea grain corridor open for another 90 days, the Turkish foreign minister said.

A ship loaded with wheat leaves the port of Odesa, Ukraine, February 2, 2022. REUTERS/Ivan Petrenko

"This is a good day for the hungry of the world," he told reporters.

Inspections to resume

Inspections of the ships will resume on Monday in Istanbul, officials said.

Share this article
Reporting by Anna Petrova; Editing by Mark O'Neill
`;

test('wire story with debris: header, byline, dateline, captions, trailer', () => {
  const r = readText({ id: 'wire', text: WIRE });
  const a = r.article;
  assert.equal(a.headline, 'Ministers agree to extend grain corridor for 90 days');
  assert.equal(a.subheadline, 'Deal follows two days of talks in Istanbul');
  assert.deepEqual(a.authors, ['Anna Petrova', "Mark O'Neill"]);
  assert.equal(a.updated, '2022-03-03T14:20:00+00:00');
  assert.equal(a.published, null);
  assert.deepEqual(a.imageCredits, ['AFP', 'REUTERS/Ivan Petrenko']);
  assert.deepEqual(a.dateline && { place: a.dateline.place, agency: a.dateline.agency }, { place: 'Istanbul', agency: 'Reuters' });
  assert.equal(r.text.slice(a.dateline!.start, a.dateline!.end), 'ISTANBUL (Reuters) -');
  assert.ok(a.body.startsWith('ISTANBUL (Reuters) - Ministers'), 'dateline stays in the body');
  assert.ok(a.body.endsWith('officials said.'));
  assert.ok(!a.body.includes('REUTERS/'));
  assert.deepEqual(r.paragraphs.map((p) => p.kind), ['body', 'body', 'crosshead', 'body']);
  checkSpans(r);
});

test('JSONL metadata: title, date and authors are used; a first line equal to the title is dropped', () => {
  const text = 'Talks resume in Geneva\n\nDiplomats from both sides met on Tuesday in Geneva, a spokesman said.\n\nThe next round is due in May.';
  const r = readText({ id: 'j', text, title: 'Talks resume in Geneva', date: '2022-04-12', authors: 'Lena Fischer, Omar Haddad', format: 'jsonl' });
  assert.equal(r.article.headline, 'Talks resume in Geneva');
  assert.equal(r.article.published, '2022-04-12');
  assert.deepEqual(r.article.authors, ['Lena Fischer', 'Omar Haddad']);
  assert.equal(bodyOf(r).length, 2);
  assert.ok(r.article.body.startsWith('Diplomats'));
});

test('clean body text keeps every paragraph, short ones included', () => {
  const text = 'The president signed the bill on Friday.\n\nIt takes effect in January, officials said.\n\n"We will comply," the ministry said in a statement.';
  const r = readText({ id: 'c', text, title: 'Something else entirely', format: 'jsonl' });
  assert.equal(bodyOf(r).length, 3);
  assert.equal(r.article.removed.length, 0);
  const r2 = readText({ id: 'c2', text });
  assert.equal(r2.article.headline, null);
  assert.equal(bodyOf(r2).length, 3);
});

test('a headline line without a title field is recognised, a single sentence is not', () => {
  const r = readText({ id: 'h', text: 'Senate Passes Sweeping Sanctions Bill Against Iran.\n\nWASHINGTON — The Senate on Thursday passed a bill imposing new sanctions on Iran.' });
  assert.equal(r.article.headline, 'Senate Passes Sweeping Sanctions Bill Against Iran.');
  assert.equal(r.article.dateline?.place, 'Washington');
  assert.equal(r.article.dateline?.agency, null);
  const one = readText({ id: 's', text: 'President Kassym-Jomart Tokayev said on Monday.' });
  assert.equal(one.article.headline, null);
  assert.equal(bodyOf(one).length, 1);
});

test('hard-wrapped paragraphs are joined, long lines stay separate', () => {
  const text = [
    'The foreign ministers of the two countries met in Vienna on Saturday and',
    'agreed to continue the talks next month, according to a joint statement',
    'released after the meeting.',
    '',
    'Both sides described the discussions as frank.',
  ].join('\n');
  const r = readText({ id: 'w', text });
  assert.equal(bodyOf(r).length, 2);
  assert.ok(bodyOf(r)[0]!.endsWith('released after the meeting.'));
  const long = 'A'.repeat(10) + ' first paragraph is long enough to be a line of its own in a scraped page without blank lines between paragraphs.\nSecond paragraph follows directly on the next line and is also a complete paragraph of its own here.';
  assert.equal(bodyOf(readText({ id: 'l', text: long })).length, 2);
});

test('boilerplate rules name themselves; body sentences that look alike survive', () => {
  const text = [
    'Leaders meet in Brussels', '',
    'The summit opened on Thursday with a call for unity, the council president said.', '',
    'Also Read: Five things to know about the summit', '',
    'Published under a new title, the report was widely read in the capital.', '',
    'Updated numbers from the ministry show 52 people were hurt.', '',
    'ADVERTISEMENT', '',
    'The Associated Press contributed to this report.', '',
    'Copyright 2022 The Associated Press. All rights reserved.',
  ].join('\n');
  const r = readText({ id: 'b', text });
  const rules = Object.fromEntries(r.article.removed.map((x) => [x.text, x.rule]));
  assert.equal(rules['Also Read: Five things to know about the summit'], 'related');
  assert.equal(rules['ADVERTISEMENT'], 'advertisement');
  assert.equal(rules['The Associated Press contributed to this report.'], 'contributors');
  assert.equal(rules['Copyright 2022 The Associated Press. All rights reserved.'], 'copyright');
  assert.ok(r.article.body.includes('Published under a new title'));
  assert.ok(r.article.body.includes('Updated numbers from the ministry'));
  checkSpans(r);
});

test('BBC and NPR image lines give credits; AP captions are removed', () => {
  const text = [
    'Protests spread to second city', '',
    'Image copyright Getty Images Image caption Crowds gathered outside the parliament', '',
    'Thousands marched through the city centre on Sunday, police said.', '',
    'Enlarge this image toggle caption Jane Roe/AP Jane Roe/AP', '',
    'Demonstrators in the square on Sunday. Organisers said more rallies were planned. (AP Photo/John Doe, File)', '',
    'The government has not commented.',
  ].join('\n');
  const r = readText({ id: 'i', text });
  assert.deepEqual(r.article.imageCredits, ['Getty Images', 'Jane Roe/AP', 'AP Photo/John Doe']);
  assert.equal(bodyOf(r).length, 2);
});

test('author line followed by the outlet name is a byline', () => {
  const text = 'Maria Lopez\n\nUSA TODAY\n\nThe State Department on Tuesday ordered non-essential staff to leave the embassy, citing security threats.';
  const r = readText({ id: 'u', text, title: 'Embassy staff ordered out', format: 'jsonl' });
  assert.deepEqual(r.article.authors, ['Maria Lopez']);
  assert.ok(r.article.body.startsWith('The State Department'));
});

test('parseAuthors and parseDateline', () => {
  assert.deepEqual(parseAuthors('JOHN SMITH and Jane Doe, Associated Press'), ['John Smith', 'Jane Doe']);
  assert.deepEqual(parseAuthors('Jonathan Marcus, BBC diplomatic correspondent'), ['Jonathan Marcus']);
  assert.equal(parseAuthors('the time the troops had left'), null);
  assert.deepEqual(parseDateline('SEOUL, South Korea (AP) — North Korea said'), { place: 'Seoul, South Korea', agency: 'AP', length: 25 });
  assert.deepEqual(parseDateline('WASHINGTON, Dec 18 (Reuters) - The'), { place: 'Washington', agency: 'Reuters', length: 30 });
  assert.equal(parseDateline('(CNN)President Biden said')?.agency, 'CNN');
  assert.equal(parseDateline('NATO allies met on Monday.'), null);
  assert.equal(parseDateline('EXCLUSIVE — The minister said'), null);
  assert.equal(parseDateline('The White House said on Monday.'), null);
});

test('language is set from the body', () => {
  const r = readText({ id: 'fr', text: 'Le président a rencontré le Premier ministre à Paris lundi, a indiqué son cabinet dans un communiqué.' });
  assert.equal(r.article.language, 'fr');
});

test('newspaper header variants: kicker, author line beside the date, role line, relative time', () => {
  const text = [
    'MIDDLE EAST', '',
    'Ceasefire talks stall as envoys leave Cairo', '',
    'Mediators say gaps remain over prisoner releases and the return of displaced families', '',
    'Nadia Karim in Cairo and Tom Harlow in Jerusalem',
    'Mon 14 Jun 2021 18.30 BST', '',
    '3 hours ago', '',
    'Egyptian and Qatari mediators ended two days of talks on Monday without an agreement, officials from both delegations said, as the envoys left Cairo.', '',
    'Supported by', '',
    '"We are not giving up," an Egyptian official said.',
  ].join('\n');
  const r = readText({ id: 'g', text });
  const a = r.article;
  assert.equal(a.headline, 'Ceasefire talks stall as envoys leave Cairo');
  assert.equal(a.subheadline, 'Mediators say gaps remain over prisoner releases and the return of displaced families');
  assert.deepEqual(a.authors, ['Nadia Karim', 'Tom Harlow']);
  assert.equal(a.published, '2021-06-14T18:30:00+01:00');
  assert.ok(a.body.startsWith('Egyptian and Qatari mediators'));
  assert.equal(r.paragraphs.length, 2);
  const rules = a.removed.map((x) => x.rule);
  assert.ok(rules.includes('kicker') && rules.includes('date-relative') && rules.includes('byline-name'));
  checkSpans(r);

  const bbc = readText({ id: 'b', text: 'Why the strait matters\n\nBy Jonathan Reed\nBBC diplomatic correspondent\n\nThe narrow waterway carries a fifth of the world\'s oil, and any closure would send prices soaring within hours, analysts say.\n\nIran has threatened to close it before.' });
  assert.deepEqual(bbc.article.authors, ['Jonathan Reed']);
  assert.ok(bbc.article.body.startsWith('The narrow waterway'));

  const posted = readText({ id: 'p', text: 'Minister resigns over leak\n\nPosted by Karen Liu on December 18, 2021 at 08:55 IST\n\nThe defence minister resigned on Saturday after a leaked memo showed he had misled parliament about the purchase, his office said.' });
  assert.deepEqual(posted.article.authors, ['Karen Liu']);
  assert.equal(posted.article.published, '2021-12-18T08:55:00+05:30');
});

test('property: any mix of debris and prose keeps offsets exact and every character accounted for', async () => {
  const fc = await import('fast-check');
  const pieces = [
    'Advertisement', 'By Jane Roe and John Doe', 'Updated December 18th, 2021 at 08:55 IST', 'IMAGE: AP | Image:self',
    'Talks resume in Geneva', 'WASHINGTON (Reuters) - The two sides met on Monday, officials said.',
    '"We are ready," the minister said.', 'Slideshow (3 Images)', 'Share this article', 'What happens next?',
    'The foreign ministers of the two countries met in Vienna on Saturday and', 'agreed to continue the talks next month.',
    'Photo: AFP', 'The ministry said in a statement that the negotiations would continue next week in the capital.',
    '', '   ', '\t', 'ÉTATS-UNIS — Le président a parlé.', '(CNN)The president spoke.', '___', '12:30 p.m. ET',
  ];
  fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 25 }), fc.constantFrom('\n', '\r\n', '\n\n'), (lines, sep) => {
    const text = lines.join(sep);
    const r = readText({ id: 'p', text });
    checkSpans(r);
    // every non-blank line is in a paragraph, removed, or is the headline/subheadline
    for (let pos = 0; pos < text.length;) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = text.length;
      const line = text.slice(pos, nl).trim();
      if (line) {
        const s = pos + text.slice(pos, nl).indexOf(line);
        const covered = r.paragraphs.some((p) => p.start <= s && s < p.end) || r.article.removed.some((x) => x.start <= s && s < x.end);
        assert.ok(covered, `line not accounted for: ${JSON.stringify(line)} in ${JSON.stringify(text)}`);
      }
      pos = nl + 1;
    }
  }), { numRuns: 300 });
});

test('no catastrophic backtracking on long odd lines', () => {
  const odd = ['a | '.repeat(40), 'Photo: '.repeat(80), '('.repeat(500) + 'AP Photo/', 'x '.repeat(3000) + ')', 'REUTERS/ '.repeat(200), 'By '.repeat(60), '1/2/'.repeat(300)];
  const t0 = performance.now();
  for (const l of odd) readText({ id: 'o', text: `${l}\n\n${l}\n` });
  assert.ok(performance.now() - t0 < 2000);
});

test('a header block without blank lines is not joined into one paragraph', () => {
  const text = [
    'Ministers agree to extend the grain corridor for ninety more days',
    'Deal follows two days of talks in Istanbul between the three governments',
    'By Anna Petrova',
    'Updated 14:20 GMT, 3 March 2022',
    '',
    'Ministers from the three countries agreed on Thursday to keep the Black Sea grain corridor open for another 90 days, the Turkish foreign minister said.',
  ].join('\n');
  const r = readText({ id: 'hb', text });
  assert.equal(r.article.headline, 'Ministers agree to extend the grain corridor for ninety more days');
  assert.equal(r.article.subheadline, 'Deal follows two days of talks in Istanbul between the three governments');
  assert.deepEqual(r.article.authors, ['Anna Petrova']);
  assert.equal(r.paragraphs.length, 1);
});

test('a time-only "Updated" line takes its date from the article', () => {
  const text = 'Envoys meet again\n\nPublished March 3, 2022\nUpdated at 5:10 p.m. ET\n\nEnvoys from both sides met again on Thursday in Geneva and agreed to a further round of talks next week, officials said.';
  const r = readText({ id: 't', text });
  assert.equal(r.article.published, '2022-03-03');
  assert.equal(r.article.updated, '2022-03-03T17:10:00-05:00');
  const alone = readText({ id: 't2', text: 'Envoys meet again\n\nUpdated at 5:10 p.m. ET\n\nEnvoys from both sides met again on Thursday in Geneva and agreed to a further round of talks next week, officials said.' });
  assert.equal(alone.article.updated, null, 'no date known: no stamp');
  assert.ok(!alone.article.body.includes('Updated at'));
  const jsonl = readText({ id: 't3', text: 'Updated at 5:10 p.m. ET\n\nEnvoys met again.', date: '2022-07-01', format: 'jsonl' });
  assert.equal(jsonl.article.updated, '2022-07-01T17:10:00-04:00');
});
