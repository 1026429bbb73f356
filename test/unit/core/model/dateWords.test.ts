import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { computeDate, normalizeDate, warmDateParsers } from '../../../../src/core/model/dateValue';
import { DATE_LEXICON, MONTHS, WEEKDAYS, HIJRI_MONTHS, ORDINAL_DAYS, mayHaveDateValue }
  from '../../../../src/core/model/dateWords';
import { fixturePath, repoRoot } from '../../../support/fixtures';

// publication dates the values are resolved against: none (partial values), a Wednesday, a January day
const REFERENCES = [undefined, '2015-12-16', '2020-01-15'];

/** Fails when the cheap test says "no value" for a quote that the full computation gives one. */
function assertSuperset(quotes: Iterable<string>): { checked: number; skipped: number } {
  let checked = 0;
  let skipped = 0;
  for (const quote of quotes) {
    if (mayHaveDateValue(quote)) {
      checked++;
      continue;
    }
    skipped++;
    for (const published of REFERENCES) {
      assert.equal(computeDate(quote, published), undefined, `«${quote}» (${published}) has a value the test skips`);
    }
  }
  return { checked, skipped };
}

/** The quotes of every date annotation of the sidecars under `dir` (recursively). */
function sidecarDateQuotes(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sidecarDateQuotes(file));
    else if (entry.name.endsWith('.annotations.yaml')) {
      const doc = parse(readFileSync(file, 'utf8')) as { annotations?: { label?: string; quote?: string }[] } | null;
      for (const a of doc?.annotations ?? []) if (a.label === 'date' && typeof a.quote === 'string') out.push(a.quote);
    }
  }
  return out;
}

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));

describe('date words: the cheap test before a date value (mayHaveDateValue)', () => {
  it('says yes for the dates our rules and chrono-node read', () => {
    for (const quote of ['أمس', 'غداً', 'بعدغد', 'وأمس', 'الثلاثاء', 'خميس', 'كانون الأول', 'رمضان', 'ذو الحجة',
      'النصف الأول', 'هذا العام', 'منذيومين', 'خلال أسبوعين', 'الأول من الشهر', 'الاولالشهري', '12', 'May 3',
      'yesterday', 'ظهراليوم', 'حالياً', 'بكرة']) {
      assert.ok(mayHaveDateValue(quote), quote);
    }
  });

  it('says no for plain words, which then reach neither our rules nor chrono-node', () => {
    for (const quote of ['بيان', 'الرئيس التركي', 'وزارة الخارجية', 'كتاب', 'تصريحات']) {
      assert.ok(!mayHaveDateValue(quote), quote);
      assert.equal(normalizeDate(quote, '2015-12-16'), undefined);
    }
  });

  it('the warm-up still reaches chrono-node (a plain word no longer does) and computes no value', () => {
    warmDateParsers();
    assert.equal(normalizeDate('بيان', '2015-12-16'), undefined);
    assert.equal(normalizeDate('yesterday', '2015-12-16')?.value, '2015-12-15');
  });

  it('holds every word of chrono-node\'s Arabic parsers (its dictionaries and patterns)', () => {
    const dir = path.join(repoRoot(), 'node_modules', 'chrono-node', 'dist', 'cjs', 'locales', 'ar');
    const files = [path.join(dir, 'constants.js'), ...readdirSync(path.join(dir, 'parsers'))
      .map((f) => path.join(dir, 'parsers', f)).filter((f) => f.endsWith('.js'))];
    // pieces of written-out alternatives: غد(?:اً|ا)? → غد, غدا; بكر[ةا] → بكرة, بكرا
    const pieces = new Set(['ا', 'ةا', 'بكر']);
    let words = 0;
    for (const file of files) {
      const code = readFileSync(file, 'utf8').split('\n').filter((l) => !/^\s*\/\//.test(l)).join('\n');
      for (const [w] of code.matchAll(/\p{L}+/gu)) {
        if (!/\p{Script=Arabic}/u.test(w) || pieces.has(w)) continue;
        words++;
        assert.ok(DATE_LEXICON.leads.has(w), `chrono-node's «${w}» (${path.basename(file)}) is not in the lexicon`);
      }
    }
    assert.ok(words > 200, `only ${words} words read from chrono-node`);
    for (const w of ['غد', 'غدا', 'بكرة', 'بكرا']) assert.ok(DATE_LEXICON.endings.has(w), w);
  });

  it('holds every word of our rules\' tables', () => {
    for (const [name] of [...MONTHS, ...HIJRI_MONTHS, ...WEEKDAYS, ...ORDINAL_DAYS]) {
      for (const w of name.split(' ')) assert.ok(DATE_LEXICON.leads.has(w), w);
    }
  });

  it('is a superset on the date gold of the fixtures (news gold, Recognizers-Text, samples)', () => {
    const quotes = new Set<string>([
      ...sidecarDateQuotes(fixturePath('news-gold')),
      ...sidecarDateQuotes(path.join(repoRoot(), 'samples')),
      ...sidecarDateQuotes(fixturePath('cases')),
    ]);
    const extractor = json(fixturePath('recognizers-text-ar', 'DateExtractor.json')) as
      { Input: string; Results: { Text: string }[] }[];
    const parser = json(fixturePath('recognizers-text-ar', 'DateParser.json')) as
      { Input: string; Results: { Text: string }[] }[];
    for (const c of [...extractor, ...parser]) {
      quotes.add(c.Input);
      for (const r of c.Results) quotes.add(r.Text);
    }
    const { checked, skipped } = assertSuperset(quotes);
    assert.ok(checked > 300 && skipped > 10, `${checked} checked, ${skipped} skipped`);
  });

  it('is a superset on every word and pair of words of ANERcorp', () => {
    const tokens = readFileSync(fixturePath('anercorp', 'ANERCorp_CamelLab_test.txt'), 'utf8')
      .split('\n').map((l) => l.split(' ')[0]).filter((t) => t.length > 0);
    const quotes = new Set<string>(tokens);
    // pairs: a sample of neighbours, so that words read together (أول أمس, الشهر المقبل) are met too
    for (let i = 0; i + 1 < tokens.length; i += 7) quotes.add(`${tokens[i]} ${tokens[i + 1]}`);
    const { skipped } = assertSuperset(quotes);
    assert.ok(skipped > 5000, `${skipped} skipped`);
  }).timeout(60000);

  it('is a superset on random joins of date words, clitics, marks and other letters', () => {
    const lexicon = [...DATE_LEXICON.leads];
    const piece = fc.oneof(
      fc.constantFrom(...lexicon),
      fc.constantFrom('و', 'ف', 'ب', 'ل', 'ال', 'من', 'ب', 'ـ', '\u064B', '\u0651', '\u200C', ' ', ' ', '،', '-', '/', '('),
      fc.stringMatching(/^[\u0621-\u064A]{1,4}$/),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 4 }), (parts) => {
        assertSuperset([parts.join('')]);
      }),
      { numRuns: 3000 },
    );
  }).timeout(60000);
});
