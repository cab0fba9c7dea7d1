import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDst, normalizeDate, parseStamp, zoneOffset } from './dates.js';

const iso = (s: string, fallbackDate?: string, context?: string) => parseStamp(s, { fallbackDate, context })?.iso ?? null;

test('month-name stamps with zone abbreviations', () => {
  assert.equal(iso('December 18th, 2021 at 08:55 IST'), '2021-12-18T08:55:00+05:30');
  assert.equal(iso('Sat 18 Dec 2021 08.55 GMT'), '2021-12-18T08:55:00+00:00');
  assert.equal(iso('First published on Mon 14 Jun 2021 18.30 BST'), '2021-06-14T18:30:00+01:00');
  assert.equal(iso('Nov 3, 2020 11:40 PM MSK'), '2020-11-03T23:40:00+03:00');
  assert.equal(iso('3 March 2022, 14:05 CET'), '2022-03-03T14:05:00+01:00');
});

test('generic US zones follow daylight saving time from the date', () => {
  assert.equal(iso('Dec. 18, 2021 3:12 p.m. ET'), '2021-12-18T15:12:00-05:00');
  assert.equal(iso('July 4, 2021 3:12 p.m. ET'), '2021-07-04T15:12:00-04:00');
  assert.equal(iso('Jan 5, 2020 9 a.m. PT'), '2020-01-05T09:00:00-08:00');
  // 2021: DST from March 14 to November 7
  assert.equal(isDst('US', 2021, 3, 13), false);
  assert.equal(isDst('US', 2021, 3, 14), true);
  assert.equal(isDst('US', 2021, 11, 6), true);
  assert.equal(isDst('US', 2021, 11, 7), false);
  // EU 2021: March 28 to October 31
  assert.equal(isDst('EU', 2021, 3, 27), false);
  assert.equal(isDst('EU', 2021, 10, 30), true);
});

test('time before the date, 12 a.m./p.m., and explicit GMT offsets', () => {
  assert.equal(iso('Updated 1:20 PM ET, Sat December 18, 2021'), '2021-12-18T13:20:00-05:00');
  assert.equal(iso('Dec 18, 2021 12:05 a.m. EST'), '2021-12-18T00:05:00-05:00');
  assert.equal(iso('Dec 18, 2021 12:05 p.m. EST'), '2021-12-18T12:05:00-05:00');
  assert.equal(iso('Posted on March 3, 2022, 10:15 am (GMT+5:30)'), '2022-03-03T10:15:00+05:30');
  assert.equal(iso('0855 hrs IST, 18 Dec 2021'), '2021-12-18T08:55:00+05:30');
});

test('ISO stamps keep or gain their offset', () => {
  assert.equal(iso('2021-12-18T08:55:00Z'), '2021-12-18T08:55:00+00:00');
  assert.equal(iso('2021-12-18T08:55:00+0530'), '2021-12-18T08:55:00+05:30');
  assert.equal(iso('Last modified: 2021-12-18 08:55 CET'), '2021-12-18T08:55:00+01:00');
  assert.equal(iso('2021-12-18'), '2021-12-18');
});

test('dates without time give YYYY-MM-DD; times without zone no offset', () => {
  assert.equal(iso('12/18/2021'), '2021-12-18');
  assert.equal(iso('18/12/2021'), '2021-12-18');
  assert.equal(iso('18.12.2021'), '2021-12-18');
  assert.equal(iso('December 18, 2021'), '2021-12-18');
  assert.equal(iso('Dec 18, 2021 at 08:55'), '2021-12-18T08:55:00');
});

test('missing parts come from the fallback date', () => {
  assert.equal(iso('Updated at 5 p.m. ET', '2019-04-15'), '2019-04-15T17:00:00-04:00');
  assert.equal(iso('Updated on Jan. 10 at 8:05 a.m.', '2019-01-02'), '2019-01-10T08:05:00');
  assert.equal(iso('Updated at 5 p.m. ET'), null);
  assert.equal(parseStamp('Updated 5:14 p.m. ET on 7/24', { fallbackDate: '2019-07-20' })?.yearGuessed, true);
});

test('invalid dates are rejected', () => {
  assert.equal(iso('February 30, 2021'), null);
  assert.equal(iso('13/13/2021'), null);
  assert.equal(iso('no date here'), null);
  assert.equal(normalizeDate('2021-02-30'), null);
  assert.equal(normalizeDate('2016-09-20'), '2016-09-20');
  assert.equal(normalizeDate('Sept. 20, 2016'), '2016-09-20');
});

test('ambiguous abbreviations: IST is India unless the article is about Ireland or Israel', () => {
  assert.equal(zoneOffset('IST', 2021, 12, 18), 330);
  assert.equal(zoneOffset('IST', 2021, 12, 18, 'Talks in New Delhi. India said the Indian army would respond.'), 330);
  assert.equal(zoneOffset('IST', 2021, 12, 18, 'Israel said on Sunday. Israeli troops entered. Officials in Jerusalem'), 120);
  assert.equal(zoneOffset('IST', 2021, 7, 1, 'The Irish government in Dublin said Ireland would'), 60);
  assert.equal(zoneOffset('BST', 2021, 7, 1, 'Dhaka said Bangladesh would'), 360);
  assert.equal(zoneOffset('CST', 2021, 1, 5, 'Beijing said China would not'), 480);
  assert.equal(zoneOffset('CST', 2021, 1, 5, 'The governor of Texas said'), -360);
  assert.equal(zoneOffset('XYZ', 2021, 1, 5), null);
  assert.equal(iso('December 18, 2021 08:55 IST', undefined, 'Israel and Israeli officials in Jerusalem'), '2021-12-18T08:55:00+02:00');
});
