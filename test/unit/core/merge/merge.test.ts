import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { type Annotation, CONFLICT_FIELDS, conflictAlternatives, recordedConflict } from '../../../../src/core/model/annotation';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { resolveAnnotationConflict } from '../../../../src/core/merge/conflict';
import {
  type Registry, createEntity, mergeEntities, parseRegistry, serializeRegistry, updateEntity,
} from '../../../../src/core/entities/entityRegistry';
import { mapOntoText, mergeAnnotations, mergePublished, mergeRegistries, mergeSidecars } from '../../../../src/core/merge/merge';
import { isGraphemeBoundary, splitsCrLf } from '../../../../src/core/text/offsets';
import { emptySidecar, parseSidecar, serializeSidecar } from '../../../../src/core/format/sidecar';
import { diffTexts } from '../../../../src/core/text/textDiff';
import { textSha256 } from '../../../../src/core/text/textHash';
import { fixturePath } from '../../../support/fixtures';
import { heavyTimeout } from '../../../support/timeouts';

const NOW = { now: '2026-11-29T12:00:00.000Z' };

// ---------------------------------------------------------------------------------------------
// mergeAnnotations: properties

const IDS = ['a1', 'a2', 'a3', 'a4', 'a5'];
const annotationArb = (id: string): fc.Arbitrary<Annotation> => fc.record({
  label: fc.constantFrom('claim' as const, 'actor' as const, 'date' as const),
  place: fc.constantFrom([0, 5, 'abcde'], [5, 9, 'fghi'], [2, 7, 'cdefg'], [3, 3, 'xy']),
  note: fc.option(fc.constantFrom('n1', 'n2', 'n3'), { nil: undefined }),
  entity: fc.option(fc.constantFrom('e1', 'e2'), { nil: undefined }),
  speaker: fc.option(fc.constantFrom('a1', 'a2'), { nil: undefined }),
  stance: fc.option(fc.constantFrom('asserts', 'denies'), { nil: undefined }),
  modified: fc.option(fc.constantFrom('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'), { nil: undefined }),
}).map(({ label, place, ...rest }) => {
  const [start, end, quote] = place as [number, number, string];
  const a: Annotation = { id, label, start, end, quote, prefix: '', suffix: '' };
  if (start === end) a.anchored = 'orphaned';
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) (a as unknown as Record<string, unknown>)[k] = v;
  return a;
});
const listArb = fc.subarray(IDS).chain((ids) => fc.tuple(...ids.map(annotationArb)));
/** A side derived from base: each annotation kept, changed or removed; new ones added. */
const sideArb = (base: Annotation[]) => fc.tuple(
  fc.tuple(...base.map((a) => fc.oneof(fc.constant(a), annotationArb(a.id), fc.constant(undefined)))),
  fc.subarray(['n1', 'n2']).chain((ids) => fc.tuple(...ids.map(annotationArb))),
).map(([kept, added]) => [...kept.filter((a): a is Annotation => !!a), ...added]);
const threeArb = listArb.chain((base) => fc.tuple(fc.constant(base), sideArb(base), sideArb(base)));

const byId = (list: readonly Annotation[]) => new Map(list.map((a) => [a.id, a]));
/** Resolves every conflict of `list` with `choice`. */
/** Resolves every conflict of `list` with `choice`: fields first, then removals (which take relations to them along). */
function resolveAll(list: Annotation[], choice: 'ours' | 'theirs'): Annotation[] {
  let out = list;
  const order = [...list].sort((a, b) => Number(!!a.conflict?.removed) - Number(!!b.conflict?.removed));
  for (const a of order) if (a.conflict) out = resolveAnnotationConflict(out, a.id, choice).annotations;
  return out;
}
/** Annotations by id, as text, without what a merge keeps by time (modified: the later) and the conflict itself. */
const comparable = (list: Annotation[]) => new Map([...byId(list)].map(([id, a]) => [id, JSON.stringify(Object.entries(a).filter(([k, v]) => v !== undefined && k !== 'conflict' && k !== 'modified').sort())]));

describe('merge: annotations by id and field (properties)', function () {
  this.timeout(heavyTimeout(1500)); // 10,000 fast-check runs
  it('merge(b, b, t) = t and merge(b, o, b) = o, without conflicts; merge(b, x, x) = x', () => {
    fc.assert(fc.property(threeArb, ([base, side]) => {
      for (const m of [mergeAnnotations(base, base, side), mergeAnnotations(base, side, base), mergeAnnotations(base, side, side)]) {
        assert.deepEqual(m.conflicts, []);
        assert.deepEqual(comparable(m.annotations), comparable(side));
      }
    }), { numRuns: 2000 });
  });

  it('nothing lost: every annotation of either side is kept unless one side removed it and the other left it as it was', () => {
    fc.assert(fc.property(threeArb, ([base, ours, theirs]) => {
      const m = mergeAnnotations(base, ours, theirs);
      const [r, o, t, b] = [byId(m.annotations), byId(ours), byId(theirs), byId(base)];
      assert.equal(r.size, m.annotations.length, 'no duplicate ids');
      for (const id of new Set([...o.keys(), ...t.keys()])) {
        const [bo, oo, to] = [b.get(id), o.get(id), t.get(id)];
        const unchanged = (x?: Annotation) => !!x && !!bo && comparable([x]).get(id) === comparable([bo]).get(id);
        const removedCleanly = bo && ((!oo && unchanged(to)) || (!to && unchanged(oo)));
        if (!removedCleanly) assert.ok(r.has(id), `${id} lost`);
        if (bo && !oo && to && r.has(id) && !unchanged(to)) assert.equal(r.get(id)!.conflict?.removed, 'ours');
        if (bo && !to && oo && r.has(id) && !unchanged(oo)) assert.equal(r.get(id)!.conflict?.removed, 'theirs');
      }
      for (const id of r.keys()) assert.ok(o.has(id) || t.has(id), `${id} came from nowhere`);
    }), { numRuns: 3000 });
  });

  it('a field conflicts only when both sides changed it differently; otherwise the side that changed it wins', () => {
    fc.assert(fc.property(threeArb, ([base, ours, theirs]) => {
      const m = mergeAnnotations(base, ours, theirs);
      const [r, o, t, b] = [byId(m.annotations), byId(ours), byId(theirs), byId(base)];
      for (const [id, merged] of r) {
        const [bo, oo, to] = [b.get(id), o.get(id), t.get(id)];
        if (!oo || !to) continue;
        for (const key of CONFLICT_FIELDS) {
          const recorded = merged.conflict?.theirs?.[key];
          const bv: unknown = bo?.[key];
          const ov: unknown = oo[key];
          const tv: unknown = to[key];
          if (recorded !== undefined) {
            assert.ok(ov !== tv && (!bo || (ov !== bv && tv !== bv)), `${id}.${key}: a conflict only when both changed it`);
            assert.equal(merged[key], ov, `${id}.${key}: ours kept`);
            assert.equal(recorded, tv ?? null, `${id}.${key}: theirs recorded`);
          } else if (bo && ov === bv) assert.equal(merged[key], tv, `${id}.${key}: theirs changed it`);
          else assert.equal(merged[key], ov, `${id}.${key}: ours`);
        }
        assert.equal(m.conflicts.includes(id), !!merged.conflict);
      }
    }), { numRuns: 3000 });
  });

  it('symmetric up to ours/theirs: taking theirs everywhere in merge(b, o, t) = taking ours everywhere in merge(b, t, o)', () => {
    fc.assert(fc.property(threeArb, ([base, ours, theirs]) => {
      const left = resolveAll(mergeAnnotations(base, ours, theirs).annotations, 'theirs');
      const right = resolveAll(mergeAnnotations(base, theirs, ours).annotations, 'ours');
      assert.deepEqual(comparable(left), comparable(right));
      const leftOurs = resolveAll(mergeAnnotations(base, ours, theirs).annotations, 'ours');
      const rightTheirs = resolveAll(mergeAnnotations(base, theirs, ours).annotations, 'theirs');
      assert.deepEqual(comparable(leftOurs), comparable(rightTheirs));
    }), { numRuns: 2000 });
  });

  it('the same id added on both sides: one annotation, a conflict for each field that differs', () => {
    const a = (note: string, label: 'claim' | 'actor'): Annotation => ({ id: 'x', label, start: 0, end: 1, quote: 'q', prefix: '', suffix: '', note, created: note === 'ours' ? '2026-02-01T00:00:00Z' : '2026-01-01T00:00:00Z' });
    const m = mergeAnnotations([], [a('ours', 'claim')], [a('theirs', 'claim')], { with: 'feature' });
    assert.deepEqual(m.annotations, [{ ...a('ours', 'claim'), created: '2026-01-01T00:00:00Z', conflict: { with: 'feature', theirs: { note: 'theirs' } } }]);
    assert.deepEqual(mergeAnnotations([], [a('same', 'actor')], [a('same', 'actor')]).conflicts, []);
  });

  it('a position changed on both sides: ours kept, theirs recorded as start/end/quote in the same text', () => {
    const base: Annotation = { id: 'x', label: 'actor', start: 0, end: 5, quote: 'abcde', prefix: '', suffix: 'fgh' };
    const ours = { ...base, start: 1, end: 5, quote: 'bcde', prefix: 'a' };
    const theirs = { ...base, start: 0, end: 3, quote: 'abc', suffix: 'defgh', anchored: 'fuzzy' as const };
    const m = mergeAnnotations([base], [ours], [theirs]);
    assert.deepEqual(m.annotations[0].conflict, { theirs: { start: 0, end: 3, quote: 'abc', suffix: 'defgh', anchored: 'fuzzy' } });
    assert.deepEqual([m.annotations[0].start, m.annotations[0].end], [1, 5]);
    // their place given on our text is ours: no conflict
    assert.deepEqual(mergeAnnotations([base], [ours], [theirs], { theirsPlaced: new Map([['x', ours]]) }).conflicts, []);
  });
});

// ---------------------------------------------------------------------------------------------
// mapOntoText: ground truth (where every code point of the old text went)

const NEWS = readFileSync(fixturePath('workspace', 'news.txt'), 'utf8');
const NEWS_POINTS = [...NEWS];
const WORDS = ['وزير', 'الخارجية', 'قال', 'إن', 'سوريا', 'الجمعة', 'لافروف', 'كيري', 'في', 'و', '(تحديث)', 'جدا', '2015', '،', 'اليوم'];
const TASHKEEL = ['\u064E', '\u0650', '\u064F', '\u0651', '\u0652'];

/** A text as code points with, for each, the index it had in the original text (-1: inserted). */
interface Tracked { points: string[]; origin: number[] }

type Edit =
  | { kind: 'insert'; at: number; words: string[] }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'replace'; at: number; word: string }
  | { kind: 'tashkeel'; at: number; mark: number }
  | { kind: 'paragraph'; at: number }
  | { kind: 'crlf' };

/** Word starts (indexes into points) of a tracked text. */
function wordStarts(t: Tracked): number[] {
  const out: number[] = [];
  for (let i = 0; i < t.points.length; i++) if (/[\p{L}\p{N}]/u.test(t.points[i]) && (i === 0 || !/[\p{L}\p{M}\p{N}]/u.test(t.points[i - 1]))) out.push(i);
  return out;
}
function wordEnd(t: Tracked, start: number): number {
  let i = start;
  while (i < t.points.length && /[\p{L}\p{M}\p{N}]/u.test(t.points[i])) i++;
  return i;
}

function applyEdit(t: Tracked, edit: Edit): Tracked {
  const starts = wordStarts(t);
  const splice = (from: number, to: number, text: string) => ({
    points: [...t.points.slice(0, from), ...Array.from(text), ...t.points.slice(to)],
    origin: [...t.origin.slice(0, from), ...Array.from(text).map(() => -1), ...t.origin.slice(to)],
  });
  const pick = (at: number) => starts[at % starts.length];
  switch (edit.kind) {
    case 'insert': return splice(pick(edit.at), pick(edit.at), `${edit.words.join(' ')} `);
    case 'delete': {
      const from = pick(edit.at);
      let to = from;
      for (let i = 0; i < edit.count; i++) {
        to = wordEnd(t, to);
        while (to < t.points.length && t.points[to] === ' ') to++;
      }
      return splice(from, to, '');
    }
    case 'replace': {
      const from = pick(edit.at);
      return splice(from, wordEnd(t, from), edit.word);
    }
    case 'tashkeel': {
      // a haraka after the first letter of a word (the word stays, re-voweled)
      const at = pick(edit.at) + 1;
      return { points: [...t.points.slice(0, at), TASHKEEL[edit.mark], ...t.points.slice(at)], origin: [...t.origin.slice(0, at), -1, ...t.origin.slice(at)] };
    }
    case 'paragraph': {
      const at = pick(edit.at);
      return splice(at, at, 'سطر جديد أضيف هنا.\n\n');
    }
    case 'crlf': {
      const points: string[] = [];
      const origin: number[] = [];
      t.points.forEach((p, i) => {
        if (p === '\n' && t.points[i - 1] !== '\r') {
          points.push('\r');
          origin.push(-1);
        }
        points.push(p);
        origin.push(t.origin[i]);
      });
      return { points, origin };
    }
  }
}

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), word: fc.constantFrom(...WORDS) }),
  fc.record({ kind: fc.constant('tashkeel' as const), at: fc.nat(), mark: fc.nat(TASHKEEL.length - 1) }),
  fc.record({ kind: fc.constant('paragraph' as const), at: fc.nat() }),
  fc.constant({ kind: 'crlf' as const }),
);

/** Annotations on 1 to 4 whole words of the original text. */
function annotationsOn(spans: [number, number][]): Annotation[] {
  const set = new AnnotationSet(NEWS);
  const starts = wordStarts({ points: NEWS_POINTS, origin: [] });
  const out: Annotation[] = [];
  for (const [at, words] of spans) {
    const from = starts[at % starts.length];
    let to = wordEnd({ points: NEWS_POINTS, origin: [] }, from);
    for (let i = 1; i < words; i++) {
      const next = starts.find((s) => s > to);
      if (next === undefined || NEWS_POINTS.slice(to, next).some((p) => p === '\n')) break;
      to = wordEnd({ points: NEWS_POINTS, origin: [] }, next);
    }
    if (set.overlapping(from, to).length > 0) continue;
    out.push(set.add('claim', from, to, NOW));
  }
  return out;
}

describe('merge: annotations placed through a text change, against ground truth', function () {
  this.timeout(heavyTimeout(10000)); // 2,000 trials on a real Arabic article (about 10 s)
  it('every annotation kept; placed ones on their own words only (0 on other words), orphaned only when their words changed', () => {
    const stats = { trials: 0, annotations: 0, right: 0, sameWordsInserted: 0, fuzzyRight: 0, wrong: 0, orphanedGone: 0, orphanedPresent: 0 };
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 12 }),
      fc.array(editArb, { minLength: 1, maxLength: 6 }),
      (spans, edits) => {
        stats.trials++;
        const annotations = annotationsOn(spans);
        let t: Tracked = { points: NEWS_POINTS, origin: NEWS_POINTS.map((_, i) => i) };
        for (const edit of edits) t = applyEdit(t, edit);
        const after = t.points.join('');
        const placed = mapOntoText(annotations, NEWS, after);
        assert.deepEqual(placed.map((a) => a.id), annotations.map((a) => a.id), 'nothing lost');
        const where = new Map<number, number>();
        t.origin.forEach((o, i) => { if (o >= 0) where.set(o, i); });
        for (const [i, a] of placed.entries()) {
          const old = annotations[i];
          stats.annotations++;
          // ground truth: the old span's code points, where they are now
          const survivors: number[] = [];
          for (let k = old.start; k < old.end; k++) if (where.has(k)) survivors.push(where.get(k)!);
          const intact = survivors.length === old.end - old.start && survivors.every((p, j) => j === 0 || p === survivors[j - 1] + 1)
            && t.points.slice(survivors[0], survivors.at(-1)! + 1).join('') === old.quote;
          if (a.anchored === 'orphaned') {
            assert.equal(a.start, a.end);
            assert.equal(a.quote, old.quote, 'an orphan keeps its quote');
            if (intact) stats.orphanedPresent++;
            else stats.orphanedGone++;
            continue;
          }
          assert.equal(t.points.slice(a.start, a.end).join(''), a.quote, 'the quote is the text');
          assert.ok(!splitsCrLf(after, [...after].slice(0, a.start).join('').length) && !splitsCrLf(after, [...after].slice(0, a.end).join('').length));
          assert.ok(isGraphemeBoundary(after, [...after].slice(0, a.start).join('').length) && isGraphemeBoundary(after, [...after].slice(0, a.end).join('').length));
          // on its own words: every code point of the span that was in the old text was in the old span
          const foreign = t.origin.slice(a.start, a.end).filter((o) => o >= 0 && (o < old.start || o >= old.end));
          if (foreign.length > 0) {
            stats.wrong++;
            assert.fail(`${old.quote} placed on ${a.quote} (other words)`);
          }
          if (a.quote === old.quote && intact && survivors[0] === a.start) stats.right++;
          else if (a.quote === old.quote) {
            // text-identical edits (a word replaced by the same word, one inserted beside its
            // twin): the same words at the same spot, with only inserted text between the span
            // and what is left of its old code points
            const lo = Math.min(a.start, ...survivors);
            const hi = Math.max(a.end, ...survivors.map((p) => p + 1));
            const between = t.origin.slice(lo, hi).filter((o) => o >= 0 && (o < old.start || o >= old.end));
            assert.deepEqual(between, [], `${old.quote}: the same words at the same spot`);
            stats.sameWordsInserted++;
          } else {
            assert.equal(a.anchored, 'fuzzy', 'a quote that changed asks for review');
            stats.fuzzyRight++;
          }
        }
      },
    ), { numRuns: 2000 });
    // orphaned though present: the old words all there, unchanged and together, yet orphaned
    assert.equal(stats.wrong, 0);
    assert.ok(stats.orphanedPresent <= 0.005 * stats.annotations, JSON.stringify(stats));
    console.log(`      mapOntoText ground truth: ${JSON.stringify(stats)}`);
  });

  it('diffTexts gives ascending, non-overlapping changes that rebuild the new text', () => {
    fc.assert(fc.property(fc.array(editArb, { minLength: 1, maxLength: 6 }), (edits) => {
      let t: Tracked = { points: NEWS_POINTS, origin: NEWS_POINTS.map((_, i) => i) };
      for (const edit of edits) t = applyEdit(t, edit);
      const after = t.points.join('');
      const changes = diffTexts(NEWS, after);
      let rebuilt = '';
      let at = 0;
      for (const c of changes) {
        assert.ok(c.start >= at && c.end >= c.start, 'ascending, not overlapping');
        rebuilt += NEWS_POINTS.slice(at, c.start).join('') + c.text;
        at = c.end;
      }
      rebuilt += NEWS_POINTS.slice(at).join('');
      assert.equal(rebuilt, after);
    }), { numRuns: 300 });
  });

  it('a re-voweled name keeps its annotation (fuzzy); a name replaced by another is orphaned, not moved to another mention', () => {
    const text = 'قال جون كيري إن كيري سيصل.';
    const set = new AnnotationSet(text);
    const first = set.add('actor', 4, 12, NOW); // جون كيري
    const [voweled] = mapOntoText([first], text, text.replace('جون كيري', 'جون كِيرِي'));
    assert.deepEqual([voweled.quote, voweled.anchored], ['جون كِيرِي', 'fuzzy']);
    const [renamed] = mapOntoText([first], text, text.replace('جون كيري', 'سيرغي لافروف'));
    assert.deepEqual([renamed.quote, renamed.anchored], ['جون كيري', 'orphaned']);
    const [half] = mapOntoText([first], text, text.replace('جون كيري', 'جون لافروف'));
    assert.equal(half.anchored, 'orphaned', 'half of it replaced: other words, not taken for it');
  });
});

// ---------------------------------------------------------------------------------------------
// mergeSidecars, mergePublished

describe('merge: whole sidecars', () => {
  const text = 'قال لافروف إن المحادثات ستستأنف يوم الجمعة.\n';
  function sidecarOn(t: string, build: (set: AnnotationSet) => void) {
    const set = new AnnotationSet(t);
    build(set);
    const s = emptySidecar('a.txt');
    s.text.sha256 = textSha256(t);
    s.text.length = [...t].length;
    s.annotations = set.annotations;
    return s;
  }

  it('places every side on the merged article and describes it in text', () => {
    const base = sidecarOn(text, (set) => set.add('actor', 4, 10, NOW));
    const ours = { ...base, annotations: [...base.annotations, ...sidecarOn(text, (set) => set.add('date', 36, 42, NOW)).annotations] };
    const edited = `عاجل: ${text}`.replace('\n', '\r\n');
    const theirs = sidecarOn(edited, (set) => set.add('claim', 20, 37, NOW));
    theirs.annotations.push({ ...base.annotations[0], start: 10, end: 16, quote: 'لافروف', note: 'theirs' });
    const merged = mergeSidecars({ base: { sidecar: base, text }, ours: { sidecar: ours, text }, theirs: { sidecar: theirs, text: edited }, merged: edited });
    assert.deepEqual(merged.conflicts, []);
    assert.deepEqual(merged.placement, { base: 'diff', ours: 'diff', theirs: 'same' });
    assert.equal(merged.sidecar.text.sha256, textSha256(edited));
    const points = [...edited];
    for (const a of merged.sidecar.annotations) assert.equal(points.slice(a.start, a.end).join(''), a.quote);
    assert.deepEqual(merged.sidecar.annotations.map((a) => a.quote).sort(), ['الجمعة', 'لافروف', 'المحادثات ستستأنف'].sort());
    assert.equal(merged.sidecar.annotations.find((a) => a.quote === 'لافروف')!.note, 'theirs');
    // the merged sidecar is valid and written like any other
    assert.ok(parseSidecar(serializeSidecar(merged.sidecar)).ok);
  });

  it('a side whose text is unknown is found again by quote; with no merged article, a mixed result leaves out sha256', () => {
    const base = sidecarOn(text, (set) => set.add('actor', 4, 10, NOW));
    const edited = `عاجل: ${text}`;
    const theirs = sidecarOn(edited, (set) => set.add('date', 42, 48, NOW));
    theirs.annotations.push({ ...base.annotations[0], start: 10, end: 16, note: 'theirs' });
    const merged = mergeSidecars({ base: { sidecar: base }, ours: { sidecar: base }, theirs: { sidecar: theirs }, merged: edited });
    assert.deepEqual(merged.placement, { base: 'reanchored', ours: 'reanchored', theirs: 'same' });
    assert.deepEqual(merged.sidecar.annotations.map((a) => [a.quote, a.start]).sort(), [['الجمعة', 42], ['لافروف', 10]]);
    const unknown = mergeSidecars({ base: { sidecar: base }, ours: { sidecar: base }, theirs: { sidecar: theirs } });
    assert.equal(unknown.sidecar.text.sha256, undefined);
    assert.equal(unknown.sidecar.text.length, undefined);
    const same = mergeSidecars({ base: { sidecar: base }, ours: { sidecar: base }, theirs: { sidecar: base } });
    assert.equal(same.sidecar.text.sha256, base.text.sha256);
  });

  it('removed here, only re-anchored there (a status, or orphaned by their re-anchoring): gone, no conflict', () => {
    const base = sidecarOn(text, (set) => { set.add('actor', 4, 10, NOW); set.add('date', 36, 42, NOW); });
    const edited = `عاجل: ${text}`;
    const [actor, date] = base.annotations;
    const theirs = { ...base, text: { ...base.text, sha256: textSha256(edited), length: [...edited].length },
      annotations: [{ ...actor, start: 10, end: 16, anchored: 'moved' as const }, { ...date, start: 0, end: 0, anchored: 'orphaned' as const }] };
    const ours = { ...base, annotations: [] };
    const merged = mergeSidecars({ base: { sidecar: base, text }, ours: { sidecar: ours, text }, theirs: { sidecar: theirs, text: edited }, merged: edited });
    assert.deepEqual([merged.sidecar.annotations, merged.conflicts], [[], []]);
    // changed there (a note): kept, with removed: ours
    theirs.annotations[0] = { ...theirs.annotations[0], note: 'n' };
    const kept = mergeSidecars({ base: { sidecar: base, text }, ours: { sidecar: ours, text }, theirs: { sidecar: theirs, text: edited }, merged: edited });
    assert.deepEqual(kept.sidecar.annotations.map((a) => [a.quote, a.conflict]), [['لافروف', { removed: 'ours' }]]);
  });

  it('the publication date: the analyst\'s over a guess, the side that changed it, else a recorded conflict', () => {
    const d = (date: string, guessed?: boolean) => (guessed ? { date, guessed } : { date });
    assert.deepEqual(mergePublished(d('2015-01-01', true), d('2015-12-16'), d('2015-01-02', true)), { published: d('2015-12-16'), conflict: false });
    assert.deepEqual(mergePublished(undefined, d('2015-01-01', true), d('2015-01-02', true)), { published: d('2015-01-01', true), conflict: false });
    assert.deepEqual(mergePublished(d('2015-12-16'), d('2015-12-16'), d('2015-12-17')), { published: d('2015-12-17'), conflict: false });
    assert.deepEqual(mergePublished(d('2015-12-16'), d('2015-12-18'), d('2015-12-17'), 'x'),
      { published: { date: '2015-12-18', conflict: { with: 'x', theirs: { date: '2015-12-17' } } }, conflict: true });
    assert.deepEqual(mergePublished(undefined, undefined, d('2015-12-17')), { published: d('2015-12-17'), conflict: false });
  });
});

// ---------------------------------------------------------------------------------------------
// mergeRegistries

describe('merge: the entity registry', function () {
  this.timeout(heavyTimeout(1500));
  function base(): { registry: Registry; ids: string[] } {
    let registry: Registry = { entities: [] };
    const ids: string[] = [];
    for (const name of ['سيرغي لافروف', 'لافروف', 'جون كيري', 'بوتين', 'الأمم المتحدة']) {
      const made = createEntity(registry, { name, kind: 'person' });
      registry = made.registry;
      ids.push(made.entity.id);
    }
    return { registry, ids };
  }

  type Op = { kind: 'alias'; e: number; alias: string } | { kind: 'rename'; e: number; name: string } | { kind: 'note'; e: number; note: string }
    | { kind: 'merge'; from: number; into: number } | { kind: 'create'; name: string } | { kind: 'remove'; e: number };
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('alias' as const), e: fc.nat(4), alias: fc.constantFrom('س. لافروف', 'كيري', 'Putin', 'UN') }),
    fc.record({ kind: fc.constant('rename' as const), e: fc.nat(4), name: fc.constantFrom('الاسم أ', 'الاسم ب') }),
    fc.record({ kind: fc.constant('note' as const), e: fc.nat(4), note: fc.constantFrom('n1', 'n2') }),
    fc.record({ kind: fc.constant('merge' as const), from: fc.nat(4), into: fc.nat(4) }),
    fc.record({ kind: fc.constant('create' as const), name: fc.constantFrom('جديد 1', 'جديد 2') }),
    fc.record({ kind: fc.constant('remove' as const), e: fc.nat(4) }),
  );
  function apply(registry: Registry, ids: string[], ops: Op[]): Registry {
    let r = registry;
    const has = (id: string) => r.entities.some((e) => e.id === id);
    for (const op of ops) {
      if (op.kind === 'create') r = createEntity(r, { name: op.name, kind: 'group' }).registry;
      else if (op.kind === 'remove') r = { entities: r.entities.filter((e) => e.id !== ids[op.e]) };
      else if (op.kind === 'merge') {
        if (op.from !== op.into && has(ids[op.from]) && has(ids[op.into])) r = mergeEntities(r, ids[op.from], ids[op.into]);
      } else if (has(ids[op.e])) {
        const e = r.entities.find((x) => x.id === ids[op.e])!;
        r = updateEntity(r, e.id, op.kind === 'alias' ? { aliases: [...e.aliases, op.alias] } : op.kind === 'rename' ? { name: op.name } : { note: op.note });
      }
    }
    return r;
  }

  it('always a valid registry (unique ids across ids and replaces); no entity lost; every merged-away id still resolves', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 5 }), fc.array(opArb, { maxLength: 5 }), (oursOps, theirsOps) => {
      const { registry, ids } = base();
      const ours = apply(registry, ids, oursOps);
      const theirs = apply(registry, ids, theirsOps);
      const { registry: merged } = mergeRegistries(registry, ours, theirs, { with: 'x' });
      const parsed = parseRegistry(serializeRegistry(merged));
      assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
      const known = new Set(merged.entities.flatMap((e) => [e.id, ...(e.replaces ?? [])]));
      // without removals by hand, no id of either side is lost (merged-away ones stay under replaces)
      if (![...oursOps, ...theirsOps].some((op) => op.kind === 'remove')) {
        for (const side of [ours, theirs]) for (const e of side.entities) for (const id of [e.id, ...(e.replaces ?? [])]) assert.ok(known.has(id), `${id} lost`);
      }
      // merging a registry with itself changes nothing
      assert.deepEqual(mergeRegistries(registry, ours, ours).registry.entities.map((e) => e.id).sort(), ours.entities.map((e) => e.id).sort());
    }), { numRuns: 1000 });
  });

  it('aliases: added on both sides united, removed on one side removed', () => {
    const { registry, ids } = base();
    const ours = updateEntity(registry, ids[2], { aliases: ['كيري', 'John Kerry'] });
    const theirs = updateEntity(registry, ids[2], { aliases: ['كيري', 'وزير الخارجية'] });
    const once = mergeRegistries(registry, ours, theirs);
    assert.deepEqual(once.registry.entities.find((e) => e.id === ids[2])!.aliases, ['كيري', 'John Kerry', 'وزير الخارجية']);
    const removed = mergeRegistries(ours, updateEntity(ours, ids[2], { aliases: ['كيري'] }), updateEntity(ours, ids[2], { note: 'n' }));
    assert.deepEqual(removed.registry.entities.find((e) => e.id === ids[2])!.aliases, ['كيري']);
    assert.deepEqual(once.conflicts, []);
  });
});

describe('merge: an earlier conflict through a text change', () => {
  it('their recorded position moves with the text like the annotation', () => {
    const text = 'قال لافروف إن المحادثات ستستأنف يوم الجمعة.';
    const a: Annotation = { id: 'x', label: 'date', start: 36, end: 42, quote: 'الجمعة', prefix: '', suffix: '', conflict: { with: 'b', theirs: { start: 4, end: 10, quote: 'لافروف', note: 'n' } } };
    const after = `عاجل: ${text}`;
    const [moved] = mapOntoText([a], text, after);
    assert.deepEqual([moved.start, moved.end, moved.quote], [42, 48, 'الجمعة']);
    const t = moved.conflict!.theirs!;
    assert.deepEqual([t.start, t.end, t.quote, t.note, moved.conflict!.with], [10, 16, 'لافروف', 'n', 'b']);
    assert.equal([...after].slice(t.start!, t.end!).join(''), t.quote);
  });
});

describe('merge: the entity registry, merged entities', () => {
  function reg(): { registry: Registry; ids: string[] } {
    let registry: Registry = { entities: [] };
    const ids: string[] = [];
    for (const name of ['سيرغي لافروف', 'لافروف', 'بوتين']) {
      const made = createEntity(registry, { name, kind: 'person' });
      registry = made.registry;
      ids.push(made.entity.id);
    }
    return { registry, ids };
  }

  it('merged into on one side, removed by hand on the other: the merged-away id still resolves', () => {
    const { registry, ids } = reg();
    const ours = mergeEntities(registry, ids[1], ids[0]);
    const theirs = { entities: registry.entities.filter((e) => e.id !== ids[1]) };
    for (const [o, t] of [[ours, theirs], [theirs, ours]]) {
      const merged = mergeRegistries(registry, o, t).registry;
      assert.deepEqual(merged.entities.find((e) => e.id === ids[0])!.replaces, [ids[1]]);
      assert.equal(merged.entities.some((e) => e.id === ids[1]), false);
    }
  });

  it('a chain: ours merged A into B, theirs merged B into C: C replaces both, on either side', () => {
    const { registry, ids } = reg();
    const ours = mergeEntities(registry, ids[1], ids[0]);
    const theirs = mergeEntities(registry, ids[0], ids[2]);
    for (const [o, t] of [[ours, theirs], [theirs, ours]]) {
      const merged = mergeRegistries(registry, o, t);
      assert.deepEqual(merged.registry.entities.map((e) => e.id), [ids[2]]);
      assert.deepEqual([...merged.registry.entities[0].replaces!].sort(), [ids[0], ids[1]].sort());
      assert.ok(merged.registry.entities[0].aliases.includes('لافروف') && merged.registry.entities[0].aliases.includes('سيرغي لافروف'));
      assert.ok(parseRegistry(serializeRegistry(merged.registry)).ok);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Recorded conflicts met again by later merges (adversarial review, finding 3): nothing recorded
// is dropped; every unresolved alternative stays, in `also`.

describe('merge: conflicts recorded before are kept (several alternatives)', function () {
  this.timeout(heavyTimeout(1500)); // 3,000 fast-check runs
  const at = (note: string, conflict?: Annotation['conflict']): Annotation => {
    const a: Annotation = { id: 'k', label: 'actor', start: 0, end: 5, quote: 'abcde', prefix: '', suffix: '', note };
    if (conflict) a.conflict = conflict;
    return a;
  };
  const notesOf = (a: Annotation | undefined) => (a ? [a.note, ...conflictAlternatives(a.conflict).map((c) => c.theirs?.note)] : []);

  it('sequential: main recorded A\'s note, then merges B (which changed it too): A\'s and B\'s notes both kept, A first', () => {
    const ours = at('note of main', { with: 'A', theirs: { note: 'note of A' } });
    const m = mergeAnnotations([at('n0')], [ours], [at('note of B')], { with: 'B' });
    assert.deepEqual(m.annotations[0].conflict, { with: 'A', theirs: { note: 'note of A' }, also: [{ with: 'B', theirs: { note: 'note of B' } }] });
    assert.deepEqual(m.conflicts, ['k']);
  });

  it('crossed: C recorded D\'s note and main recorded A\'s; main merges C: A\'s, D\'s and C\'s notes all kept', () => {
    const ours = at('note of main', { with: 'A', theirs: { note: 'note of A' } });
    const theirs = at('note of C', { with: 'D', theirs: { note: 'note of D' } });
    const m = mergeAnnotations([at('n0')], [ours], [theirs], { with: 'C' });
    assert.deepEqual(notesOf(m.annotations[0]), ['note of main', 'note of A', 'note of D', 'note of C']);
    // the other way round (C merges main): the same four
    assert.deepEqual(new Set(notesOf(mergeAnnotations([at('n0')], [theirs], [ours], { with: 'main' }).annotations[0])), new Set(notesOf(m.annotations[0])));
  });

  it('an alternative resolved on one side goes; one still open there stays; repeats and settled ones are left out', () => {
    const base = at('n0', { with: 'A', theirs: { note: 'note of A' } });
    // theirs resolved A's (took ours): gone, also from ours, which still had it
    assert.equal(mergeAnnotations([base], [at('n0', base.conflict)], [at('n0')]).annotations[0].conflict, undefined);
    // theirs took A's note: their note is taken (ours unchanged), and A's alternative goes
    const took = mergeAnnotations([base], [base], [at('note of A')]);
    assert.deepEqual([took.annotations[0].note, took.annotations[0].conflict, took.conflicts], ['note of A', undefined, []]);
    // both sides still have it and each added one: A once, then ours', then theirs'
    const o = at('n0', { with: 'A', theirs: { note: 'note of A' }, also: [{ with: 'B', theirs: { note: 'note of B' } }] });
    const t = at('n0', { with: 'A', theirs: { note: 'note of A' }, also: [{ with: 'C', theirs: { note: 'note of C' } }] });
    assert.deepEqual(conflictAlternatives(mergeAnnotations([base], [o], [t]).annotations[0].conflict).map((c) => c.with), ['A', 'B', 'C']);
    // an alternative asking for what the merged annotation has is left out
    const settled = mergeAnnotations([at('n0')], [at('y')], [at('n0', { with: 'B', theirs: { note: 'y' } })]);
    assert.deepEqual([settled.annotations[0].note, settled.annotations[0].conflict], ['y', undefined]);
  });

  it('removals: a removal recorded there is theirs here; one recorded now follows those recorded before', () => {
    // theirs (branch C) removed it while D changed it: C's version kept there with removed: ours; here it is theirs' proposal
    const theirs = at('note of D', { with: 'D', removed: 'ours' });
    const m = mergeAnnotations([at('n0')], [at('note of main')], [theirs], { with: 'C' });
    assert.deepEqual(m.annotations[0].conflict, { with: 'C', removed: 'theirs', also: [{ with: 'C', theirs: { note: 'note of D' } }] });
    // ours recorded A's note; theirs removes the annotation: both kept
    const ours = at('note of main', { with: 'A', theirs: { note: 'note of A' } });
    const r = mergeAnnotations([at('n0')], [ours], [], { with: 'B' });
    assert.deepEqual(r.annotations[0].conflict, { with: 'A', theirs: { note: 'note of A' }, also: [{ with: 'B', removed: 'theirs' }] });
    // ours removed it; theirs recorded A's note and changed it: theirs' version, A's alternative, and ours' removal
    const t2 = at('note of B', { with: 'A', theirs: { note: 'note of A' } });
    const r2 = mergeAnnotations([at('n0')], [], [t2], { with: 'B' });
    assert.deepEqual(r2.annotations[0].conflict, { with: 'A', theirs: { note: 'note of A' }, also: [{ with: 'B', removed: 'ours' }] });
    // a new annotation of theirs with a conflict recorded there: kept, and said
    const added = mergeAnnotations([], [], [t2], { with: 'B' });
    assert.deepEqual([added.annotations[0].conflict, added.conflicts], [t2.conflict, ['k']]);
  });

  it('the publication date and registry entities keep theirs too', () => {
    const p = mergePublished({ date: '2015-12-16' }, { date: '2015-12-18', conflict: { with: 'A', theirs: { date: '2015-12-19' } } }, { date: '2015-12-17' }, 'B');
    assert.deepEqual(p, { published: { date: '2015-12-18', conflict: { with: 'A', theirs: { date: '2015-12-19' }, also: [{ with: 'B', theirs: { date: '2015-12-17' } }] } }, conflict: true });
    // the same date on both sides, a conflict recorded on theirs only: kept (it was dropped before)
    const same = mergePublished({ date: '2015-12-16' }, { date: '2015-12-16' }, { date: '2015-12-16', conflict: { with: 'D', theirs: { date: '2015-12-20' } } });
    assert.deepEqual(same.published!.conflict, { with: 'D', theirs: { date: '2015-12-20' } });
    const e = (note: string, conflict?: Registry['entities'][number]['conflict']) => ({ id: 'e', name: 'X', kind: 'person' as const, aliases: [], note, ...(conflict ? { conflict } : {}) });
    const reg = mergeRegistries({ entities: [e('n0')] }, { entities: [e('main', { with: 'A', theirs: { note: 'A' } })] }, { entities: [e('C', { with: 'D', theirs: { note: 'D' } })] }, { with: 'C' });
    assert.deepEqual(conflictAlternatives(reg.registry.entities[0].conflict).map((c) => c.theirs?.note), ['A', 'D', 'C']);
    assert.deepEqual(reg.conflicts, ['e']);
    assert.ok(parseRegistry(serializeRegistry(reg.registry)).ok);
  });

  it('nothing recorded is dropped (property): every alternative open on either side is in the merge, or asks for nothing new', () => {
    const alternative = fc.oneof(
      fc.record({ with: fc.constantFrom('A', 'B', 'C'), note: fc.constantFrom('x1', 'x2', 'x3', 'n0') }).map(({ with: w, note }) => ({ with: w, theirs: { note } })),
      fc.constantFrom('A', 'B').map((w) => ({ with: w, removed: 'theirs' as const })),
    );
    const conflictArb = fc.array(alternative, { maxLength: 3 }).map((list) => recordedConflict(list));
    const version = fc.record({ note: fc.constantFrom('n0', 'n1', 'n2', 'x1'), conflict: conflictArb }).map(({ note, conflict }) => at(note, conflict));
    const sideOf = (base: Annotation) => fc.oneof(fc.constant(base), version, fc.constant(undefined));
    const three = version.chain((base) => fc.tuple(sideOf(base), sideOf(base)).map(([o, t]) => ({ base, o, t })));
    fc.assert(fc.property(three, ({ base, o, t }) => {
      const m = mergeAnnotations([base], o ? [o] : [], t ? [t] : [], { with: 'T' });
      const merged = m.annotations[0];
      const keys = (c: Annotation['conflict']) => new Set(conflictAlternatives(c).map((x) => JSON.stringify([x.with, x.removed ? 'r' : null, x.theirs?.note ?? null])));
      const [inBase, inOurs, inTheirs] = [keys(base.conflict), keys(o?.conflict), keys(t?.conflict)];
      const open = [...inOurs].filter((k) => !inBase.has(k) || inTheirs.has(k)).concat([...inTheirs].filter((k) => !inBase.has(k)));
      if (!merged) {
        // removed on one side, left as it was on the other: nothing new was recorded there
        assert.ok(open.every((k) => inBase.has(k)), 'an annotation with a new alternative is never dropped');
        return;
      }
      const got = [...keys(merged.conflict)].map((k) => JSON.parse(k) as [string, string | null, string | null]);
      for (const k of open) {
        const [w, removed, note] = JSON.parse(k) as [string, string | null, string | null];
        const kept = got.some(([gw, gr, gn]) => gn === note && (gr === null) === (removed === null) && (gw === w || removed !== null));
        assert.ok(kept || (removed === null && note === merged.note), `alternative ${k} dropped: ${JSON.stringify(merged)}`);
      }
      assert.ok(parseSidecar(serializeSidecar({ ...emptySidecar('a.txt'), annotations: m.annotations })).ok);
    }), { numRuns: 3000 });
  });

  it('their recorded positions, first and further, move with the text; beyond the text: orphaned, never a crash', () => {
    const text = 'قال لافروف إن المحادثات ستستأنف يوم الجمعة.';
    const a: Annotation = { id: 'x', label: 'date', start: 36, end: 42, quote: 'الجمعة', prefix: '', suffix: '',
      conflict: { with: 'b', theirs: { start: 4, end: 10, quote: 'لافروف' }, also: [{ with: 'c', theirs: { start: 14, end: 23, quote: 'المحادثات', note: 'n' } }, { with: 'd', theirs: { start: 3000, end: 3004, quote: 'كيري' } }] } };
    const after = `عاجل: ${text}`;
    const [moved] = mapOntoText([a], text, after);
    const positions = conflictAlternatives(moved.conflict).map((c) => [c.theirs!.start, c.theirs!.end, c.theirs!.quote, c.theirs!.anchored]);
    assert.deepEqual(positions, [[10, 16, 'لافروف', undefined], [20, 29, 'المحادثات', undefined], [[...after].length, [...after].length, 'كيري', 'orphaned']]);
    assert.equal(moved.conflict!.also![0].theirs!.note, 'n');
  });
});
