// Over 500 lines: the merge properties share the random-sides generators and the ground truth.
// mergeAnnotations and mapOntoText by their properties: random sides, random edits, ground truth.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { type Annotation, CONFLICT_FIELDS } from '../../../../src/core/model/annotation';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { resolveAnnotationConflict } from '../../../../src/core/merge/conflict';
import { mapOntoText, mergeAnnotations, sameAnnotation } from '../../../../src/core/merge/merge';
import { isGraphemeBoundary, splitsCrLf } from '../../../../src/core/text/offsets';
import { diffTexts } from '../../../../src/core/text/textDiff';
import { fixturePath } from '../../../support/fixtures';
import { heavyTimeout } from '../../../support/timeouts';

const NOW = { now: '2026-11-29T12:00:00.000Z' };

// ---------------------------------------------------------------------------------------------
// mergeAnnotations: properties

const IDS = ['a1', 'a2', 'a3', 'a4', 'a5'];
const annotationArb = (id: string): fc.Arbitrary<Annotation> =>
  fc
    .record({
      label: fc.constantFrom('claim' as const, 'actor' as const, 'date' as const),
      place: fc.constantFrom([0, 5, 'abcde'], [5, 9, 'fghi'], [2, 7, 'cdefg'], [3, 3, 'xy']),
      note: fc.option(fc.constantFrom('n1', 'n2', 'n3'), { nil: undefined }),
      entity: fc.option(fc.constantFrom('e1', 'e2'), { nil: undefined }),
      speaker: fc.option(fc.constantFrom('a1', 'a2'), { nil: undefined }),
      stance: fc.option(fc.constantFrom('asserts', 'denies'), { nil: undefined }),
      modified: fc.option(fc.constantFrom('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'), { nil: undefined }),
    })
    .map(({ label, place, ...rest }) => {
      const [start, end, quote] = place as [number, number, string];
      const a: Annotation = { id, label, start, end, quote, prefix: '', suffix: '' };
      if (start === end) a.anchored = 'orphaned';
      for (const [k, v] of Object.entries(rest)) if (v !== undefined) (a as unknown as Record<string, unknown>)[k] = v;
      return a;
    });
const listArb = fc.subarray(IDS).chain((ids) => fc.tuple(...ids.map(annotationArb)));
/** A side derived from base: each annotation kept, changed or removed; new ones added. */
const sideArb = (base: Annotation[]) =>
  fc
    .tuple(
      fc.tuple(...base.map((a) => fc.oneof(fc.constant(a), annotationArb(a.id), fc.constant(undefined)))),
      fc.subarray(['n1', 'n2']).chain((ids) => fc.tuple(...ids.map(annotationArb))),
    )
    .map(([kept, added]) => [...kept.filter((a): a is Annotation => !!a), ...added]);
const threeArb = listArb.chain((base) => fc.tuple(fc.constant(base), sideArb(base), sideArb(base)));

const byId = (list: readonly Annotation[]) => new Map(list.map((a) => [a.id, a]));
/** Resolves every conflict of `list` with `choice`. */
/**
 * Resolves every conflict of `list` with `choice`: fields first, then removals (which take relations to them along).
 */
function resolveAll(list: Annotation[], choice: 'ours' | 'theirs'): Annotation[] {
  let out = list;
  const order = [...list].sort((a, b) => Number(!!a.conflict?.removed) - Number(!!b.conflict?.removed));
  for (const a of order) if (a.conflict) out = resolveAnnotationConflict(out, a.id, choice).annotations;
  return out;
}
/** Annotations by id, as text, without what a merge keeps by time (modified: the later) and the conflict itself. */
const comparable = (list: Annotation[]) =>
  new Map(
    [...byId(list)].map(([id, a]) => [
      id,
      JSON.stringify(
        Object.entries(a)
          .filter(([k, v]) => v !== undefined && k !== 'conflict' && k !== 'modified')
          .sort(),
      ),
    ]),
  );

describe('merge: annotations by id and field (properties)', function () {
  this.timeout(heavyTimeout(1500)); // 10,000 fast-check runs
  it('merge(b, b, t) = t and merge(b, o, b) = o, without conflicts; merge(b, x, x) = x', () => {
    fc.assert(
      fc.property(threeArb, ([base, side]) => {
        for (const m of [
          mergeAnnotations(base, base, side),
          mergeAnnotations(base, side, base),
          mergeAnnotations(base, side, side),
        ]) {
          assert.deepEqual(m.conflicts, []);
          assert.deepEqual(comparable(m.annotations), comparable(side));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('nothing lost: every annotation of either side is kept unless one side removed it and the other left it as it was', () => {
    fc.assert(
      fc.property(threeArb, ([base, ours, theirs]) => {
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
      }),
      { numRuns: 3000 },
    );
  });

  it('a field conflicts only when both sides changed it differently; otherwise the side that changed it wins', () => {
    fc.assert(
      fc.property(threeArb, ([base, ours, theirs]) => {
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
              assert.ok(
                ov !== tv && (!bo || (ov !== bv && tv !== bv)),
                `${id}.${key}: a conflict only when both changed it`,
              );
              assert.equal(merged[key], ov, `${id}.${key}: ours kept`);
              assert.equal(recorded, tv ?? null, `${id}.${key}: theirs recorded`);
            } else if (bo && ov === bv) assert.equal(merged[key], tv, `${id}.${key}: theirs changed it`);
            else assert.equal(merged[key], ov, `${id}.${key}: ours`);
          }
          assert.equal(m.conflicts.includes(id), !!merged.conflict);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('symmetric up to ours/theirs: taking theirs everywhere in merge(b, o, t) = taking ours everywhere in merge(b, t, o)', () => {
    fc.assert(
      fc.property(threeArb, ([base, ours, theirs]) => {
        const left = resolveAll(mergeAnnotations(base, ours, theirs).annotations, 'theirs');
        const right = resolveAll(mergeAnnotations(base, theirs, ours).annotations, 'ours');
        assert.deepEqual(comparable(left), comparable(right));
        const leftOurs = resolveAll(mergeAnnotations(base, ours, theirs).annotations, 'ours');
        const rightTheirs = resolveAll(mergeAnnotations(base, theirs, ours).annotations, 'theirs');
        assert.deepEqual(comparable(leftOurs), comparable(rightTheirs));
      }),
      { numRuns: 2000 },
    );
  });

  it('the same id added on both sides: one annotation, a conflict for each field that differs', () => {
    const a = (note: string, label: 'claim' | 'actor'): Annotation => ({
      id: 'x',
      label,
      start: 0,
      end: 1,
      quote: 'q',
      prefix: '',
      suffix: '',
      note,
      created: note === 'ours' ? '2026-02-01T00:00:00Z' : '2026-01-01T00:00:00Z',
    });
    const m = mergeAnnotations([], [a('ours', 'claim')], [a('theirs', 'claim')], { with: 'feature' });
    assert.deepEqual(m.annotations, [
      {
        ...a('ours', 'claim'),
        created: '2026-01-01T00:00:00Z',
        conflict: { with: 'feature', theirs: { note: 'theirs' } },
      },
    ]);
    assert.deepEqual(mergeAnnotations([], [a('same', 'actor')], [a('same', 'actor')]).conflicts, []);
  });

  it('a position changed on both sides: ours kept, theirs recorded as start/end/quote in the same text', () => {
    const base: Annotation = { id: 'x', label: 'actor', start: 0, end: 5, quote: 'abcde', prefix: '', suffix: 'fgh' };
    const ours = { ...base, start: 1, end: 5, quote: 'bcde', prefix: 'a' };
    const theirs = { ...base, start: 0, end: 3, quote: 'abc', suffix: 'defgh', anchored: 'fuzzy' as const };
    const m = mergeAnnotations([base], [ours], [theirs]);
    assert.deepEqual(m.annotations[0].conflict, {
      theirs: { start: 0, end: 3, quote: 'abc', suffix: 'defgh', anchored: 'fuzzy' },
    });
    assert.deepEqual([m.annotations[0].start, m.annotations[0].end], [1, 5]);
    // their place given on our text is ours: no conflict
    assert.deepEqual(
      mergeAnnotations([base], [ours], [theirs], { theirsPlaced: new Map([['x', ours]]) }).conflicts,
      [],
    );
  });
});

// ---------------------------------------------------------------------------------------------
// mapOntoText: ground truth (where every code point of the old text went)

const NEWS = readFileSync(fixturePath('workspace', 'news.txt'), 'utf8');
const NEWS_POINTS = [...NEWS];
const WORDS = [
  'وزير',
  'الخارجية',
  'قال',
  'إن',
  'سوريا',
  'الجمعة',
  'لافروف',
  'كيري',
  'في',
  'و',
  '(تحديث)',
  'جدا',
  '2015',
  '،',
  'اليوم',
];
const TASHKEEL = ['\u064E', '\u0650', '\u064F', '\u0651', '\u0652'];

/** A text as code points with, for each, the index it had in the original text (-1: inserted). */
interface Tracked {
  points: string[];
  origin: number[];
}

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
  for (let i = 0; i < t.points.length; i++)
    if (/[\p{L}\p{N}]/u.test(t.points[i]) && (i === 0 || !/[\p{L}\p{M}\p{N}]/u.test(t.points[i - 1]))) out.push(i);
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
    case 'insert':
      return splice(pick(edit.at), pick(edit.at), `${edit.words.join(' ')} `);
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
      return {
        points: [...t.points.slice(0, at), TASHKEEL[edit.mark], ...t.points.slice(at)],
        origin: [...t.origin.slice(0, at), -1, ...t.origin.slice(at)],
      };
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
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }),
  }),
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
    const stats = {
      trials: 0,
      annotations: 0,
      right: 0,
      sameWordsInserted: 0,
      fuzzyRight: 0,
      wrong: 0,
      orphanedGone: 0,
      orphanedPresent: 0,
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 12 }),
        fc.array(editArb, { minLength: 1, maxLength: 6 }),
        (spans, edits) => {
          stats.trials++;
          const annotations = annotationsOn(spans);
          let t: Tracked = { points: NEWS_POINTS, origin: NEWS_POINTS.map((_, i) => i) };
          for (const edit of edits) t = applyEdit(t, edit);
          const after = t.points.join('');
          const placed = mapOntoText(annotations, NEWS, after);
          assert.deepEqual(
            placed.map((a) => a.id),
            annotations.map((a) => a.id),
            'nothing lost',
          );
          const where = new Map<number, number>();
          t.origin.forEach((o, i) => {
            if (o >= 0) where.set(o, i);
          });
          for (const [i, a] of placed.entries()) {
            const old = annotations[i];
            stats.annotations++;
            // ground truth: the old span's code points, where they are now
            const survivors: number[] = [];
            for (let k = old.start; k < old.end; k++) if (where.has(k)) survivors.push(where.get(k)!);
            const intact =
              survivors.length === old.end - old.start &&
              survivors.every((p, j) => j === 0 || p === survivors[j - 1] + 1) &&
              t.points.slice(survivors[0], survivors.at(-1)! + 1).join('') === old.quote;
            if (a.anchored === 'orphaned') {
              assert.equal(a.start, a.end);
              assert.equal(a.quote, old.quote, 'an orphan keeps its quote');
              if (intact) stats.orphanedPresent++;
              else stats.orphanedGone++;
              continue;
            }
            assert.equal(t.points.slice(a.start, a.end).join(''), a.quote, 'the quote is the text');
            assert.ok(
              !splitsCrLf(after, [...after].slice(0, a.start).join('').length) &&
                !splitsCrLf(after, [...after].slice(0, a.end).join('').length),
            );
            assert.ok(
              isGraphemeBoundary(after, [...after].slice(0, a.start).join('').length) &&
                isGraphemeBoundary(after, [...after].slice(0, a.end).join('').length),
            );
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
      ),
      { numRuns: 2000 },
    );
    // orphaned though present: the old words all there, unchanged and together, yet orphaned
    assert.equal(stats.wrong, 0);
    assert.ok(stats.orphanedPresent <= 0.005 * stats.annotations, JSON.stringify(stats));
    console.log(`      mapOntoText ground truth: ${JSON.stringify(stats)}`);
  });

  it('diffTexts gives ascending, non-overlapping changes that rebuild the new text', () => {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 6 }), (edits) => {
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
      }),
      { numRuns: 300 },
    );
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

// Small lists with few ids and values, so that both sides often change the same field.
const idArb = fc.constantFrom('a1', 'a2', 'a3', 'a4');
const annArb = (id: string) =>
  fc
    .record(
      {
        id: fc.constant(id),
        label: fc.constantFrom('claim' as const, 'actor' as const),
        start: fc.constantFrom(0, 5),
        end: fc.constantFrom(5, 9),
        quote: fc.constantFrom('q', 'r'),
        prefix: fc.constant(''),
        suffix: fc.constant(''),
        note: fc.option(fc.constantFrom('n1', 'n2'), { nil: undefined }),
        entity: fc.option(fc.constantFrom('e1'), { nil: undefined }),
        modified: fc.option(fc.constantFrom('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'), { nil: undefined }),
      },
      { requiredKeys: ['id', 'label', 'start', 'end', 'quote', 'prefix', 'suffix'] },
    )
    .map((a) => {
      const out: any = { ...a };
      for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
      return out as Annotation;
    });
const smallListArb = fc
  .uniqueArray(idArb, { maxLength: 4 })
  .chain((ids) => fc.tuple(...ids.map(annArb)) as fc.Arbitrary<Annotation[]>);
// ours/theirs derived from base by keep / change / delete, plus additions
const smallSideArb = (base: Annotation[]) =>
  fc
    .tuple(
      fc.tuple(...base.map((a) => fc.oneof(fc.constant(a), annArb(a.id), fc.constant(undefined)))),
      fc.uniqueArray(fc.constantFrom('n5', 'n6'), { maxLength: 2 }).chain((ids) => fc.tuple(...ids.map(annArb))),
    )
    .map(([kept, added]) => [
      ...(kept as (Annotation | undefined)[]).filter((a): a is Annotation => !!a),
      ...(added as Annotation[]),
    ]);

describe('merge: fast-forward and three-way on small lists (properties)', function () {
  this.timeout(heavyTimeout(450));
  it('fast-forward: merge(base, base, theirs) is theirs without conflicts; merge(base, ours, base) is ours', () => {
    fc.assert(
      fc.property(
        smallListArb.chain((b) => fc.tuple(fc.constant(b), smallSideArb(b))),
        ([base, side]) => {
          const ff = mergeAnnotations(base, base, side);
          assert.deepEqual(ff.conflicts, []);
          assert.deepEqual([...byId(ff.annotations).keys()].sort(), side.map((a) => a.id).sort());
          for (const a of side) assert.ok(sameAnnotation(byId(ff.annotations).get(a.id), a), a.id);
          const mine = mergeAnnotations(base, side, base);
          assert.deepEqual(mine.conflicts, []);
          assert.deepEqual([...byId(mine.annotations).keys()].sort(), side.map((a) => a.id).sort());
          for (const a of side) {
            const { modified: _m, ...x } = byId(mine.annotations).get(a.id)!;
            const { modified: _n, ...y } = a;
            assert.deepEqual(x, y, a.id);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
  it('three-way: nothing lost, ours wins conflicts, conflicts only when both changed', () => {
    fc.assert(
      fc.property(
        smallListArb.chain((b) => fc.tuple(fc.constant(b), smallSideArb(b), smallSideArb(b))),
        ([base, ours, theirs]) => {
          const m = mergeAnnotations(base, ours, theirs);
          const r = byId(m.annotations),
            o = byId(ours),
            t = byId(theirs),
            b = byId(base);
          assert.equal(r.size, m.annotations.length, 'no duplicate ids');
          for (const id of new Set([...o.keys(), ...t.keys()])) {
            const [bo, oo, to] = [b.get(id), o.get(id), t.get(id)];
            const deletedCleanly = bo && ((!oo && sameAnnotation(bo, to)) || (!to && sameAnnotation(bo, oo)));
            if (!deletedCleanly) assert.ok(r.has(id), `${id} lost`);
            if (oo && to && r.has(id)) {
              // each field: if theirs unchanged -> ours
              for (const k of ['label', 'note', 'entity'] as const) {
                if (bo && bo[k] === to[k]) assert.equal(r.get(id)![k], oo[k], `${id}.${k} ours`);
                if (bo && bo[k] === oo[k]) assert.equal(r.get(id)![k], to[k], `${id}.${k} theirs`);
                if (oo[k] !== to[k] && bo && bo[k] !== oo[k] && bo[k] !== to[k]) {
                  assert.equal(r.get(id)![k], oo[k], `${id}.${k}: both changed -> ours`);
                  assert.ok(m.conflicts.includes(id), `${id}.${k}: conflict reported`);
                }
              }
            }
          }
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('merge: random merges never lose an annotation (property)', () => {
  it('every id survives unless one side deleted it and the other left it as it was', async () => {
    const fc = (await import('fast-check')).default;
    const ann = (id: string, v: number): Annotation => ({
      id,
      label: (['claim', 'actor', 'date'] as const)[v % 3],
      start: v,
      end: v + 2,
      quote: `q${v}`,
      prefix: '',
      suffix: '',
      ...(v % 2 ? { note: `n${v}` } : {}),
    });
    // for each id: present in base? then a version (or absent) on each side
    const side = fc.option(fc.nat(6), { nil: undefined });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), side, side), { maxLength: 12 }), (rows) => {
        const base: ReturnType<typeof ann>[] = [];
        const ours: ReturnType<typeof ann>[] = [];
        const theirs: ReturnType<typeof ann>[] = [];
        rows.forEach(([inBase, o, t], i) => {
          const id = `a${i}`;
          if (inBase) base.push(ann(id, 0));
          if (o !== undefined) ours.push(ann(id, o));
          if (t !== undefined) theirs.push(ann(id, t));
        });
        const merged = mergeAnnotations(base, ours, theirs);
        const ids = new Set(merged.annotations.map((a) => a.id));
        assert.equal(ids.size, merged.annotations.length, 'no duplicates');
        rows.forEach(([inBase, o, t], i) => {
          const id = `a${i}`;
          const deletedUnchanged =
            inBase &&
            ((o === undefined && t === 0) || (t === undefined && o === 0) || (o === undefined && t === undefined));
          if (o === undefined && t === undefined) assert.ok(!ids.has(id));
          else if (!deletedUnchanged) assert.ok(ids.has(id), `${id} lost: base=${inBase} ours=${o} theirs=${t}`);
        });
      }),
      { numRuns: 1000 },
    );
  });
});
