// Re-anchoring through the edit (untouchedPlaces.ts), against ground truth: articles of ANERcorp
// newswire with many annotations, edited outside the editor (lines, words, sentences inserted,
// deleted, replaced, anywhere and several times), every code point tracked (test/support/trackedText.ts).
// An annotation whose quote and stored context the edits did not touch must land exactly on its
// moved span; one whose quote is untouched lands there or is orphaned; one whose words were
// touched is found on them (classify: never on other words) or orphaned. Also: the article
// repeated (issue 12's megabyte is ANERcorp repeated), where searching cannot tell the copies apart.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Annotation } from '../../../../src/core/model/annotation';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { anchorToText } from '../../../../src/core/anchoring/anchoring';
import { UNTOUCHED_CONTEXT, longestRun, untouchedPlaces } from '../../../../src/core/anchoring/untouchedPlaces';
import { emptySidecar } from '../../../../src/core/format/sidecar';
import { OffsetIndex } from '../../../../src/core/text/offsets';
import { textSha256 } from '../../../../src/core/text/textHash';
import { anercorpArticle } from '../../../support/arabicNews';
import { heavyTimeout } from '../../../support/timeouts';
import { TrackedText, classify } from '../../../support/trackedText';

const NOW = { now: '2026-12-03T12:00:00.000Z' };

/** mulberry32, one fast-check integer drives a whole trial. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
type Rnd = () => number;
const int = (r: Rnd, n: number) => Math.floor(r() * n);

const LETTERS = [...'ابتثجحخدذرزسشصضطظعغفقكلمنهوي'];

/**
 * Inserted words: made-up words of Arabic letters, up to `words` of them, so that what is inserted never repeats
 * the article's words (a pasted copy of a neighbouring line is the other property test's subject).
 */
function sentence(r: Rnd, words = 30): string {
  return Array.from({ length: 3 + int(r, words) }, () =>
    Array.from({ length: 2 + int(r, 6) }, () => LETTERS[int(r, LETTERS.length)]).join(''),
  ).join(' ');
}

/** Offsets of the starts of the lines of the current text. */
function lineStarts(t: TrackedText): number[] {
  const out = [0];
  t.cps.forEach((c, i) => {
    if (c === '\n') out.push(i + 1);
  });
  return out;
}

/** Word spans [start, end) of the current text. */
function wordSpans(t: TrackedText): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < t.cps.length;) {
    if (/\s/u.test(t.cps[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < t.cps.length && !/\s/u.test(t.cps[j])) j++;
    out.push([i, j]);
    i = j;
  }
  return out;
}

/** One edit somewhere in the text; returns what it did. */
function edit(r: Rnd, t: TrackedText): string {
  const words = wordSpans(t);
  const w = words[int(r, words.length)];
  switch (int(r, 8)) {
    case 0: {
      const lines = lineStarts(t);
      const at = lines[int(r, lines.length)];
      t.insert(at, `${sentence(r)}\n`);
      return `line inserted at ${at}`;
    }
    case 1:
      t.insert(0, `${sentence(r, 8)}\n`);
      return 'line inserted at the top';
    case 2:
      t.insert(t.cps.length, `\n${sentence(r, 8)}`);
      return 'line added at the end';
    case 3:
      t.insert(w[1], ` ${sentence(r, 3)}`);
      return `words inserted after ${w[1]}`;
    case 4: {
      const last = words[Math.min(words.length - 1, words.indexOf(w) + int(r, 6))];
      t.delete(w[0], Math.min(t.cps.length, last[1] + 1));
      return `words deleted at ${w[0]}..${last[1] + 1}`;
    }
    case 5: {
      const word = sentence(r, 1).split(' ')[0];
      t.delete(w[0], w[1]);
      t.insert(w[0], word);
      return `word at ${w[0]} replaced by ${word}`;
    }
    case 6: {
      const lines = lineStarts(t);
      const k = int(r, lines.length - 1);
      t.delete(lines[k], lines[k + 1]);
      return `line deleted at ${lines[k]}`;
    }
    default: {
      const at = w[0] + int(r, w[1] - w[0]);
      t.insert(at, 'س');
      return `letter inserted at ${at}`;
    }
  }
}

/** Where old code points [start, end) are now when all survive, consecutive, nothing inserted among them. */
function movedSpan(t: TrackedText, start: number, end: number): [number, number] | undefined {
  const s = t.survivors(start, end);
  if (s.length !== end - start || s.length === 0 || s[s.length - 1] - s[0] !== end - start - 1) return undefined;
  return [s[0], s[s.length - 1] + 1];
}

interface Counts {
  annotations: number;
  untouched: number;
  /** Untouched, orphaned by the search: their window stands more than once. */
  orphanedRepeated: number;
  quoteOnly: number;
  touched: number;
  orphanedQuoteOnly: number;
  /** Not untouched, placed by the search on the same words elsewhere (a sentence the article repeats). */
  copies: number;
  /** Not untouched, placed by the search on other words (a letter apart: fuzzy). */
  searchedElsewhere: number;
}

/** One trial: returns counts, throws on a wrong place. */
function trial(seed: number, counts: Counts, repeat = 1): void {
  const r = prng(seed);
  const base = anercorpArticle(int(r, 2000), (repeat > 1 ? 40 : 20) + int(r, 40), ['\n', '\n', ' ', '\n\n']);
  const article = base.text.repeat(repeat);
  const set = new AnnotationSet(article);
  const words = [...article.matchAll(/\S+/gu)];
  const index = new OffsetIndex(article);
  const step = 1 + int(r, 4);
  for (let k = 0; k + 5 < words.length; k += step + int(r, 3)) {
    const first = words[k];
    const last = words[k + int(r, 4)];
    try {
      set.add(r() < 0.5 ? 'actor' : 'claim', index.toCodePoint(first.index!),
        index.toCodePoint(last.index! + last[0].length), NOW);
    } catch {
      /* a span the product refuses is not a trial */
    }
  }
  const tracked = new TrackedText(article);
  const log: string[] = [];
  const edits = 1 + int(r, 4);
  for (let e = 0; e < edits; e++) log.push(edit(r, tracked));
  const text = tracked.text;
  const sidecar = emptySidecar('article.txt');
  sidecar.text.sha256 = textSha256(article);
  if (r() < 0.8) sidecar.text.length = tracked.oldLength;
  sidecar.annotations = set.annotations;
  const result = anchorToText(text, sidecar);
  assert.ok(result.ok);
  const byId = new Map(result.annotations.map((a) => [a.id, a]));
  for (const a of set.annotations) {
    counts.annotations++;
    const b = byId.get(a.id)!;
    const p = [...a.prefix].length;
    const s = [...a.suffix].length;
    const window = movedSpan(tracked, a.start - p, a.end + s);
    const quote = movedSpan(tracked, a.start, a.end);
    const where = () =>
      `seed ${seed}: ${JSON.stringify(a.quote)} ${a.start}..${a.end} -> ${b.anchored ?? 'exact'} ${b.start}..${b.end}` +
      ` (truth ${JSON.stringify(quote)}); edits: ${log.join(' | ')}`;
    if (window && quote) {
      counts.untouched++;
      if (b.anchored === 'orphaned') {
        // left to the search only when its window stands more than once (a passage the article repeats)
        const w = a.prefix + a.quote + a.suffix;
        assert.ok(text.indexOf(w) !== text.lastIndexOf(w), `untouched, orphaned: ${where()}`);
        counts.orphanedRepeated++;
        continue;
      }
      assert.deepEqual([b.start, b.end], quote, `untouched, elsewhere: ${where()}`);
      assert.equal(b.quote, a.quote);
      continue;
    }
    if (quote) counts.quoteOnly++;
    else counts.touched++;
    if (b.anchored === 'orphaned') {
      if (quote) counts.orphanedQuoteOnly++;
      continue;
    }
    // what the search (anchoring.ts, not changed by this fast path) decides: counted. It may take
    // the same words where the article (a report quoting a sentence twice) or its copy (the
    // repeated article) has them again with their context, once the edits spoiled the annotation's
    // own; rarely, after heavy edits, words that differ by a letter (fuzzy), as before
    const verdict = classify(tracked, a.start, a.end, a.quote, b);
    if (verdict === 'right') continue;
    if (b.quote === a.quote) counts.copies++;
    else {
      counts.searchedElsewhere++;
      if (process.env.HASHIYA_ANCHOR_REPORT === '1') console.log(`      ${where()}`);
    }
  }
}

const noCounts = (): Counts => ({
  annotations: 0, untouched: 0, orphanedRepeated: 0, quoteOnly: 0, touched: 0, orphanedQuoteOnly: 0, copies: 0,
  searchedElsewhere: 0,
});

describe('re-anchoring through the edit: ground truth', function () {
  this.timeout(heavyTimeout(3000));

  it('untouched annotations land on their moved words; the others on theirs or orphaned', () => {
    const counts = noCounts();
    fc.assert(fc.property(fc.noShrink(fc.noBias(fc.integer())), (seed) => trial(seed, counts)), { numRuns: 150 });
    console.log(`      ${JSON.stringify(counts)}`);
    assert.ok(counts.untouched > 10 * counts.touched, JSON.stringify(counts));
    assert.ok(counts.orphanedRepeated <= counts.untouched / 200, JSON.stringify(counts));
    assert.ok(counts.quoteOnly > 50, JSON.stringify(counts));
    assert.ok(counts.copies <= counts.touched / 10, JSON.stringify(counts));
    assert.ok(counts.searchedElsewhere <= (counts.quoteOnly + counts.touched) / 200, JSON.stringify(counts));
  });

  it('in an article repeated three times (copies that searching cannot tell apart), the same', () => {
    const counts = noCounts();
    fc.assert(fc.property(fc.noShrink(fc.noBias(fc.integer())), (seed) => trial(seed, counts, 3)), { numRuns: 20 });
    console.log(`      ${JSON.stringify(counts)}`);
    assert.ok(counts.searchedElsewhere <= (counts.quoteOnly + counts.touched) / 100, JSON.stringify(counts));
    assert.ok(counts.untouched > 10 * counts.touched, JSON.stringify(counts));
  });
});

describe('untouchedPlaces', () => {
  const text = anercorpArticle(100, 12, ['\n']).text;
  const annotate = (t: string) => {
    const set = new AnnotationSet(t);
    const index = new OffsetIndex(t);
    for (const m of [...t.matchAll(/\S+/gu)].filter((_, k) => k % 7 === 3)) {
      set.add('actor', index.toCodePoint(m.index!), index.toCodePoint(m.index! + m[0].length), NOW);
    }
    return set.annotations;
  };

  it('a line inserted in the middle of a text repeated twice: every annotation moved exactly, none searched', () => {
    const old = `${text}\n${text}`;
    const annotations = annotate(old);
    const at = old.indexOf('\n', old.length / 2) + 1;
    const line = 'وقال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا .\n';
    const now = old.slice(0, at) + line + old.slice(at);
    const index = new OffsetIndex(now);
    const found = untouchedPlaces(now, index, annotations, new OffsetIndex(old).codePointLength);
    const oldIndex = new OffsetIndex(old);
    const touching = annotations.filter((a) => {
      const s16 = oldIndex.toUtf16(a.start) - a.prefix.length;
      const e16 = oldIndex.toUtf16(a.end) + a.suffix.length;
      return s16 < at && e16 > at;
    });
    assert.equal(found.size, annotations.length - touching.length);
    annotations.forEach((a, i) => {
      const span = found.get(i);
      if (!span) return;
      const shift = oldIndex.toUtf16(a.start) < at ? 0 : line.length;
      assert.deepEqual(span, [oldIndex.toUtf16(a.start) + shift, oldIndex.toUtf16(a.end) + shift]);
    });
    // the sidecar as a whole: only those whose context the line touched may be orphaned (searched)
    const sidecar = emptySidecar('a.txt');
    sidecar.text.sha256 = textSha256(old);
    sidecar.text.length = oldIndex.codePointLength;
    sidecar.annotations = annotations;
    const result = anchorToText(now, sidecar);
    assert.ok(result.ok);
    for (const id of result.orphaned) assert.ok(touching.some((a) => a.id === id));
    assert.equal(result.annotations.filter((a) => a.anchored === 'moved').length,
      annotations.filter((a) => oldIndex.toUtf16(a.start) >= at).length - result.orphaned.length);
  });

  it('between two edits (a shift of their own), the nearest place where the window stands', () => {
    const old = text;
    const annotations = annotate(old);
    const a1 = old.indexOf('\n') + 1;
    const a2 = old.lastIndexOf('\n') + 1;
    const line = 'سطر جديد أول .\n';
    const now = `${old.slice(0, a1)}${line}${old.slice(a1, a2)}${old.slice(a2).replace(/^\S+ /u, '')}`;
    const oldIndex = new OffsetIndex(old);
    const found = untouchedPlaces(now, new OffsetIndex(now), annotations, oldIndex.codePointLength);
    const between = annotations.filter((a) => a.start - a.prefix.length > a1 && a.end + a.suffix.length < a2);
    assert.ok(between.length > 5);
    for (const a of between) {
      const span = found.get(annotations.indexOf(a));
      assert.ok(span, a.quote);
      assert.deepEqual(span, [oldIndex.toUtf16(a.start) + line.length, oldIndex.toUtf16(a.end) + line.length]);
    }
  });

  it('longestRun: the longest run that never decreases', () => {
    assert.deepEqual(longestRun([]), []);
    assert.deepEqual(longestRun([5, 1, 2, 9, 3, 3, 4]), [1, 2, 4, 5, 6]);
    assert.deepEqual(longestRun([3, 2, 1]).length, 1);
  });

  it('leaves out orphans, annotations with too little context, and windows that stand nowhere', () => {
    const old = text;
    const [a, b, c, d] = annotate(old);
    const orphan: Annotation = { ...a, anchored: 'orphaned' };
    const short: Annotation = { ...b, prefix: b.prefix.slice(-(UNTOUCHED_CONTEXT - 1)) };
    const rewritten: Annotation = { ...c, suffix: `${c.suffix.slice(0, -1)}x` };
    const found = untouchedPlaces(old, new OffsetIndex(old), [orphan, short, rewritten, d], old.length);
    assert.deepEqual([...found.keys()], [3]);
  });

  it('never goes back in the text: a window that stands only before the one placed before it is searched', () => {
    const old = `${text}\n${text}`;
    const annotations = annotate(old);
    // the second copy's first line moved to the top: its annotations would go back
    const second = text.length + 1;
    const end = old.indexOf('\n', second) + 1;
    const now = old.slice(second, end) + old.slice(0, second) + old.slice(end);
    const found = untouchedPlaces(now, new OffsetIndex(now), annotations, new OffsetIndex(old).codePointLength);
    const order = [...found.entries()].sort((x, y) => annotations[x[0]].start - annotations[y[0]].start);
    for (let k = 1; k < order.length; k++) assert.ok(order[k][1][0] >= order[k - 1][1][0]);
  });
});
