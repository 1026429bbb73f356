import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import fc from 'fast-check';
import type { Annotation } from '../../../../src/core/model/annotation';
import { AnnotationSet, type TextChange } from '../../../../src/core/model/annotationSet';
import { acceptInto, coveredBy, moveSuggestions, pending } from '../../../../src/core/suggest/pendingSuggestions';
import { suggest } from '../../../../src/core/suggest/suggest';
import { fixturePath } from '../../../support/fixtures';
import { TEST_PROVENANCE as NOW, cpSlice, cpSpan } from '../../../support/model';

const SAMPLE = fs.readFileSync(fixturePath('workspace', 'news.txt'), 'utf8');

function applyChange(text: string, c: TextChange): string {
  const chars = [...text];
  return [...chars.slice(0, c.start), c.text, ...chars.slice(c.end)].join('');
}

describe('suggestions under review', () => {
  it('leaves out suggestions an annotation of the same label already covers exactly; keys are unique', () => {
    const found = suggest(SAMPLE, { published: '2015-12-16' });
    const set = new AnnotationSet(SAMPLE);
    const first = found.find((s) => s.label === 'date')!;
    set.add('date', first.start, first.end, NOW);
    set.add('actor', first.start, first.end, NOW);
    const list = pending(found, set.annotations);
    assert.equal(list.length, found.length - 1);
    assert.ok(!list.some((s) => s.label === 'date' && s.start === first.start && s.end === first.end));
    assert.equal(new Set(list.map((s) => s.key)).size, list.length);
  });

  it('moves with edits: before shifts, inside drops, at an edge stays outside; a touched speaker is dropped, not the claim', () => {
    const text = 'قال لافروف إن المؤتمر سيعقد.';
    const list = pending(
      [
        { label: 'actor', start: 4, end: 10, quote: 'لافروف', rule: 't' },
        {
          label: 'claim',
          start: 14,
          end: 27,
          quote: 'المؤتمر سيعقد',
          rule: 't',
          speaker: { start: 4, end: 10, quote: 'لافروف' },
        },
      ],
      [],
    );
    const shifted = moveSuggestions(list, [{ start: 0, end: 0, text: '📰 ' }]);
    assert.deepEqual(
      shifted.map((s) => [s.start, s.end]),
      [
        [6, 12],
        [16, 29],
      ],
    );
    assert.deepEqual(shifted[1].speaker, { start: 6, end: 12, quote: 'لافروف' });
    const inside = moveSuggestions(list, [{ start: 6, end: 7, text: 'x' }]);
    assert.deepEqual(
      inside.map((s) => [s.label, s.speaker]),
      [['claim', undefined]],
    );
    const atEdges = moveSuggestions(list, [
      { start: 10, end: 10, text: 'ي' },
      { start: 4, end: 4, text: 'و' },
    ]);
    assert.deepEqual(
      atEdges.map((s) => [s.start, s.end]),
      [
        [5, 11],
        [16, 29],
      ],
    );
    // the spans still quote their words in the edited text
    for (const moved of shifted) assert.equal(cpSlice(`📰 ${text}`, moved.start, moved.end), moved.quote);
  });

  it('after random edits every remaining suggestion still quotes its text (property)', () => {
    const base = suggest(SAMPLE, { published: '2015-12-16' });
    const piece = fc.constantFrom('', 'و', '📉', '\r\n', ' ', 'كيري', 'é');
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), len: fc.nat({ max: 30 }), text: piece }), { maxLength: 6 }),
        (edits) => {
          let text = SAMPLE;
          let list = pending(base, []);
          for (const e of edits) {
            const length = [...text].length;
            const start = e.at % (length + 1);
            const change = { start, end: Math.min(length, start + e.len), text: e.text };
            text = applyChange(text, change);
            list = moveSuggestions(list, [change]);
          }
          return list.every(
            (s) =>
              cpSlice(text, s.start, s.end) === s.quote &&
              (!s.speaker || cpSlice(text, s.speaker.start, s.speaker.end) === s.speaker.quote),
          );
        },
      ),
    );
  });

  it('accepting adds the annotations once, dates with values come from the session; a claim gets its speaker as a relation', () => {
    const set = new AnnotationSet(SAMPLE);
    const list = pending(suggest(SAMPLE, { published: '2015-12-16' }), []);
    const claim = list.find((s) => s.label === 'claim' && s.speaker)!;
    assert.ok(claim);
    const added = acceptInto(set, [claim], NOW);
    const stored = set.annotations.find((a) => a.label === 'claim')!;
    assert.equal(stored.quote, claim.quote);
    const speaker = set.get(stored.speaker!)!;
    assert.deepEqual([speaker.label, speaker.start, speaker.end], ['actor', claim.speaker!.start, claim.speaker!.end]);
    assert.equal(added.length, 2);
    // accepting again (or the speaker's own actor suggestion) adds nothing twice
    const again = acceptInto(
      set,
      [
        claim,
        ...list.filter((s) => s.label === 'actor' && s.start === claim.speaker!.start && s.end === claim.speaker!.end),
      ],
      NOW,
    );
    assert.equal(again.length, 0);
    assert.equal(set.annotations.filter((a) => a.label === 'actor' && a.start === speaker.start).length, 1);
  });

  it('a later mention (surname, bare role) accepted is linked to the entity of the person named in full', () => {
    const text = 'وقال وزير الخارجية سامي الأحمد إن الحوار مستمر. وأكد الأحمد أن الوزير سيزور باريس.';
    const set = new AnnotationSet(text);
    const full = set.add('actor', ...cpSpan(text, 'وزير الخارجية سامي الأحمد'), NOW);
    set.update(full.id, { entity: 'e-ahmad' }, NOW);
    const later = pending(suggest(text), set.annotations).filter((s) => s.label === 'actor' && s.entity === 'سامي الأحمد');
    assert.deepEqual(later.map((s) => s.quote), ['الأحمد', 'الوزير']);
    const added = acceptInto(set, later, NOW);
    assert.deepEqual(added.map((a) => [a.quote, a.entity]), [['الأحمد', 'e-ahmad'], ['الوزير', 'e-ahmad']]);
    // with a registry, the name resolves there first
    const other = new AnnotationSet(text);
    const linked = acceptInto(other, later, NOW, (name) => (name === 'سامي الأحمد' ? 'e-registry' : undefined));
    assert.deepEqual(linked.map((a) => a.entity), ['e-registry', 'e-registry']);
  });
});

describe('suggestions under review: overlap with annotations', () => {
  it('coveredBy agrees with checking every annotation (property), nested and orphaned annotations included', () => {
    const span = fc.record({
      start: fc.nat({ max: 60 }),
      len: fc.integer({ min: 0, max: 15 }),
      label: fc.constantFrom('claim' as const, 'actor' as const, 'date' as const),
      orphan: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(span, { maxLength: 12 }), fc.array(span, { maxLength: 12 }), (as, ss) => {
        const annotations = as.map((a, i) => ({
          id: `a${i}`,
          label: a.label,
          start: a.start,
          end: a.start + a.len,
          quote: '',
          prefix: '',
          suffix: '',
          ...(a.orphan ? { anchored: 'orphaned' as const } : {}),
        }));
        const covered = coveredBy(annotations);
        return ss.every((s) => {
          const q = { label: s.label, start: s.start, end: s.start + s.len };
          const naive = annotations.some(
            (a) => a.anchored !== 'orphaned' && a.label === q.label && a.start < q.end && q.start < a.end,
          );
          return covered(q) === naive;
        });
      }),
    );
  });
});

const RUSSIA_READY = 'قال لافروف إن روسيا مستعدة.';

describe('suggestions under review: accepting next to harakat, speakers already marked, overlaps', () => {
  it('accepting a suggestion after a haraka was typed at its end takes the whole cluster', () => {
    const [s] = pending([{ label: 'actor', start: 4, end: 10, quote: 'لافروف', rule: 't' }], []);
    const text = 'قال لافروفُ إن روسيا مستعدة.';
    const [moved] = moveSuggestions([s], [{ start: 10, end: 10, text: 'ُ' }]);
    const set = new AnnotationSet(text);
    acceptInto(set, [moved], NOW);
    assert.equal(set.annotations[0].quote, 'لافروفُ');
  });

  it('suggestions overlapping an annotation of their label are not offered again', () => {
    const annotations: Annotation[] = [new AnnotationSet(RUSSIA_READY).add('claim', 11, 26, NOW)];
    const list = pending(
      [
        { label: 'claim', start: 14, end: 26, quote: 'روسيا مستعدة', rule: 't' },
        { label: 'actor', start: 14, end: 19, quote: 'روسيا', rule: 't' },
      ],
      annotations,
    );
    assert.deepEqual(
      list.map((s) => s.label),
      ['actor'],
    );
  });

  it('an accepted claim takes an actor already marked over its speaker (wider or narrower), never a second one', () => {
    const text = 'أعلن وزير الخارجية الروسي سيرغي لافروف أنه تم الاتفاق على عقد لقاء.';
    const set = new AnnotationSet(text);
    const wide = set.add('actor', ...cpSpan(text, 'وزير الخارجية الروسي سيرغي لافروف'), NOW);
    const [cs, ce] = cpSpan(text, 'تم الاتفاق على عقد لقاء');
    const [ss, se] = cpSpan(text, 'سيرغي لافروف');
    const added = acceptInto(
      set,
      [
        {
          key: 'k',
          label: 'claim',
          start: cs,
          end: ce,
          quote: 'تم الاتفاق على عقد لقاء',
          rule: 't',
          speaker: { start: ss, end: se, quote: 'سيرغي لافروف' },
        },
      ],
      NOW,
    );
    assert.deepEqual(
      added.map((a) => a.label),
      ['claim'],
    );
    assert.equal(set.annotations.find((a) => a.label === 'claim')!.speaker, wide.id);
  });
});
