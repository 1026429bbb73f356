import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { type Annotation, conflictAlternatives } from '../../../../src/core/model/annotation';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { anchorToText } from '../../../../src/core/anchoring/anchoring';
import { emptySidecar } from '../../../../src/core/format/sidecar';
import { textSha256 } from '../../../../src/core/text/textHash';
import { resolveAnnotationConflict } from '../../../../src/core/merge/conflict';
import { cpSlice, cpSpan } from '../../../support/model';
import { TrackedText, classify } from '../../../support/trackedText';
import { sampleArticle } from '../../../support/arabicNews';

const NOW = { now: '2026-11-29T12:00:00.000Z' };

// ---------------------------------------------------------------------------------------------
// The positions recorded conflicts hold (adversarial review, finding 4): checked against the text
// while its hash matches, found again with their own quote and context when it changed.

describe('re-anchoring: the positions of recorded conflicts', () => {
  const article = sampleArticle().text;
  const kerry = cpSpan(article, 'جون كيري');
  const lavrovAt = [...article].join('').indexOf('وقال لافروف عقب');
  const lavrov: [number, number] = [
    [...article.slice(0, lavrovAt)].length + 5,
    [...article.slice(0, lavrovAt)].length + 11,
  ];
  function sidecarWith(text: string, conflict: Annotation['conflict'], more: Annotation[] = []) {
    const set = new AnnotationSet(text);
    const a = set.add('actor', kerry[0], kerry[1], NOW);
    const sidecar = emptySidecar('a.txt');
    sidecar.text.sha256 = textSha256(text);
    sidecar.text.length = [...text].length;
    sidecar.annotations = [{ ...set.get(a.id)!, conflict }, ...more];
    return sidecar;
  }
  const theirs = (start: number, end: number, context = true) => {
    const p = { start, end, quote: cpSlice(article, start, end) } as Record<string, unknown>;
    if (context)
      Object.assign(p, {
        prefix: cpSlice(article, Math.max(0, start - 32), start),
        suffix: cpSlice(article, end, end + 32),
      });
    return p as NonNullable<Annotation['conflict']>['theirs'];
  };

  it('the text unchanged: a quote not at its offsets, beyond the text or between CR and LF is an error at its path, also in also', () => {
    const ok = anchorToText(
      article,
      sidecarWith(article, {
        theirs: theirs(...lavrov),
        also: [{ with: 'b', theirs: { start: 0, end: 0, quote: 'x', anchored: 'orphaned' } }],
      }),
    );
    assert.ok(ok.ok, JSON.stringify(!ok.ok && ok.problems));
    const stale = anchorToText(article, sidecarWith(article, { theirs: { ...theirs(...lavrov), quote: 'كيري' } }));
    assert.ok(!stale.ok);
    assert.deepEqual(
      stale.problems.map((p) => p.path),
      [['annotations', 0, 'conflict', 'theirs', 'quote']],
    );
    assert.match(
      stale.problems[0].message,
      /^their position \(recorded conflict\): quote "كيري" does not match the text at \d+\.\.\d+ \("لافروف"\)$/,
    );
    const far = anchorToText(
      article,
      sidecarWith(article, {
        with: 'a',
        theirs: { note: 'n' },
        also: [{ with: 'b', theirs: { start: 3000, end: 3004, quote: 'كيري' } }],
      }),
    );
    assert.ok(!far.ok);
    assert.deepEqual(
      far.problems.map((p) => [p.path.join('.'), p.message]),
      [
        [
          'annotations.0.conflict.also.0.theirs.end',
          `their position (recorded conflict, alternative 2): end 3004 is beyond the end of the text (${[...article].length} code points)`,
        ],
      ],
    );
    const crlf = 'قال لافروف\r\nإن كيري وافق.';
    const set = new AnnotationSet(crlf);
    const a = set.add('actor', 4, 10, NOW);
    const split = {
      ...emptySidecar('a.txt'),
      annotations: [{ ...a, conflict: { theirs: { start: 4, end: 11, quote: 'لافروف\r' } } }],
    };
    split.text.sha256 = textSha256(crlf);
    const r = anchorToText(crlf, split);
    assert.ok(
      !r.ok &&
        /offset 11 falls between CR and LF/.test(r.problems[0].message) &&
        r.problems[0].path.join('.') === 'annotations.0.conflict.theirs.end',
    );
  });

  it('the text unchanged: an offset inside a character (a letter and its combining mark, half a flag, harakat) is an error at its path, for annotations and conflict positions (found by a review)', () => {
    const text = 'Hello cafe\u0301 world 🇯🇴 x قالَ لافروف\r\ny';
    const cps = [...text];
    const at = (s: string) => [...text.slice(0, text.indexOf(s))].length;
    const of = (start: number, end: number) => ({
      id: `a${start}`,
      label: 'actor' as const,
      start,
      end,
      quote: cps.slice(start, end).join(''),
      prefix: '',
      suffix: '',
    });
    const check = (annotations: Annotation[]) => {
      const sidecar = { ...emptySidecar('a.txt'), annotations };
      sidecar.text.sha256 = textSha256(text);
      sidecar.text.length = cps.length;
      return anchorToText(text, sidecar);
    };
    const cafe = at('cafe');
    const flag = at('🇯🇴');
    const qal = at('قالَ');
    for (const [bad, offset, field] of [
      [of(cafe, cafe + 4), cafe + 4, 'end'],
      [of(flag, flag + 1), flag + 1, 'end'],
      [of(flag + 1, flag + 2), flag + 1, 'start'],
      [of(qal, qal + 3), qal + 3, 'end'],
    ] as const) {
      const r = check([bad]);
      assert.ok(!r.ok, JSON.stringify(bad));
      assert.deepEqual(
        r.problems.map((p) => [p.path.join('.'), p.message]),
        [
          [
            `annotations.0.${field}`,
            `offset ${offset} falls inside a character (a grapheme cluster: a letter and its marks, an emoji sequence, a flag)`,
          ],
        ],
      );
      // the same as a recorded conflict's position
      const good = of(cafe, cafe + 5);
      const c = check([
        { ...good, conflict: { with: 'x', theirs: { start: bad.start, end: bad.end, quote: bad.quote } } },
      ]);
      assert.ok(!c.ok);
      assert.deepEqual(
        c.problems.map((p) => p.path.join('.')),
        [`annotations.0.conflict.theirs.${field}`],
      );
    }
    // whole characters are fine
    assert.ok(check([of(cafe, cafe + 5), of(flag, flag + 2), of(qal, qal + 4)]).ok);
  });

  it("the text changed outside: each position found again by its own context; without context by its neighbours' shift; gone: orphaned", () => {
    // a sentence naming لافروف inserted before its paragraph, its first word at the old offsets (review, 06)
    const at = [...article.slice(0, lavrovAt)].length;
    const inserted = 'وقال لافروف أيضا إن اللقاء مهم. ';
    const edited = [...article].slice(0, at).join('') + inserted + [...article].slice(at).join('');
    const shift = [...inserted].length;
    for (const context of [true, false]) {
      const r = anchorToText(edited, sidecarWith(article, { with: 'x', theirs: theirs(...lavrov, context) }));
      assert.ok(r.ok);
      const t = r.annotations[0].conflict!.theirs!;
      assert.deepEqual(
        [t.start, t.end, t.quote],
        [lavrov[0] + shift, lavrov[1] + shift, 'لافروف'],
        `context: ${context}`,
      );
      assert.equal(r.annotations[0].start, kerry[0] + shift);
    }
    // its words deleted (the other mention of the name stays): orphaned, quote kept; the first alternative still found
    const gone = article.replace('وقال لافروف عقب', 'وقال عقب');
    const r = anchorToText(
      gone,
      sidecarWith(article, { with: 'x', theirs: theirs(...kerry), also: [{ with: 'y', theirs: theirs(...lavrov) }] }),
    );
    assert.ok(r.ok);
    const [first, second] = conflictAlternatives(r.annotations[0].conflict).map((c) => c.theirs!);
    assert.equal(cpSlice(gone, first.start!, first.end!), 'جون كيري');
    assert.deepEqual([second.anchored, second.quote, second.start === second.end], ['orphaned', 'لافروف', true]);
    // and taking theirs then orphans the annotation, rather than putting it on the inserted لافروف
    const taken = resolveAnnotationConflict(
      [{ ...r.annotations[0], conflict: { theirs: second } }],
      r.annotations[0].id,
      'theirs',
      { text: gone },
    );
    assert.equal(taken.kept!.anchored, 'orphaned');
  });

  it('never on other words (property, ground truth over the sample article): every position placed on its own words or orphaned', () => {
    const words = sampleArticle().names;
    fc.assert(
      fc.property(
        fc.integer(),
        fc.nat(words.length - 1),
        fc.nat(words.length - 1),
        fc.constant(true),
        fc.array(fc.tuple(fc.constantFrom('insert-same', 'delete', 'insert-before', 'delete-it', 'vowel'), fc.nat()), {
          minLength: 1,
          maxLength: 4,
        }),
        (_seed, i, j, context, edits) => {
          const own = words[i];
          const pos = words[j];
          const tracked = new TrackedText(article);
          const quote = cpSlice(article, pos[0], pos[1]);
          for (const [kind, n] of edits) {
            const cps = tracked.cps;
            // where the position's words are now (or were)
            const survivors = tracked.survivors(pos[0], pos[1]);
            // gone: where its words were (the first code point that came from after them)
            const after = tracked.origin.findIndex((o) => (o.from >= 0 ? o.from : o.left) >= pos[0]);
            const here = survivors.length > 0 ? survivors[0] : after < 0 ? cps.length : after;
            if (kind === 'insert-same') tracked.insert(Math.min(here, cps.length), `${quote} `);
            else if (kind === 'insert-before') tracked.insert(Math.max(0, here - 1 - (n % 20)), 'كلمة ');
            else if (kind === 'delete' && here > 10) tracked.delete(here - 10 + (n % 5), here - 6 + (n % 5));
            else if (kind === 'delete-it' && survivors.length > 0)
              tracked.delete(survivors[0], survivors[survivors.length - 1] + 1);
            else if (kind === 'vowel' && survivors.length > 0) tracked.insert(survivors[0] + 1, '\u064E');
          }
          const set = new AnnotationSet(article);
          const a = set.add('actor', own[0], own[1], NOW);
          const sidecar = emptySidecar('a.txt');
          sidecar.text.sha256 = textSha256(article);
          sidecar.annotations = [
            { ...set.get(a.id)!, conflict: { with: 'x', theirs: theirs(pos[0], pos[1], context) } },
          ];
          const r = anchorToText(tracked.text, sidecar);
          assert.ok(r.ok);
          const t = r.annotations[0].conflict?.theirs;
          assert.ok(t && t.start !== undefined, 'the position is kept');
          const placed = t.anchored === 'orphaned' ? undefined : { start: t.start!, end: t.end! };
          if (placed) assert.equal(cpSlice(tracked.text, placed.start, placed.end), t.quote);
          assert.notEqual(
            classify(tracked, pos[0], pos[1], quote, placed),
            'wrong',
            `placed on other words: ${JSON.stringify(t)}`,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
