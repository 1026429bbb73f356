// The view's feed of annotations: a delta that looks only at what the session changed (issue 12)
// says exactly what a comparison of every annotation says.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { ViewAnnotationFeed } from '../../../../src/extension/views/viewAnnotations';
import { SentAnnotations } from '../../../../src/shared/annotationDelta';
import { toViewAnnotations } from '../../../../src/extension/views/viewAnnotations';
import type { AnnotationDelta } from '../../../../src/shared/protocol';
import { refreshDateValues } from '../../../../src/core/session/refreshDateValues';
import { TEST_PROVENANCE as NOW } from '../../../support/model';

const TEXT = 'قال الوزير إن الاجتماع كان مثمرا أمس وأضاف المتحدث أن الحكومة ستعلن القرار يوم الخميس في بغداد';
const WORDS = [...TEXT.matchAll(/\S+/gu)].map((m) => {
  const start = [...TEXT.slice(0, m.index)].length;
  return { start, end: start + [...m[0]].length };
});

/** The delta sorted, to compare two of them. */
function sorted(delta: AnnotationDelta): AnnotationDelta {
  const byId = (a: { annotation: { id: string } }, b: { annotation: { id: string } }) =>
    a.annotation.id.localeCompare(b.annotation.id);
  return { add: [...delta.add].sort(byId), change: [...delta.change].sort(byId), remove: [...delta.remove].sort() };
}

describe('extension/views/viewAnnotations: ViewAnnotationFeed (issue 12)', () => {
  it('a delta of what the set says changed equals the comparison of all annotations, for any run of changes', () => {
    fc.assert(fc.property(
      fc.array(fc.array(fc.tuple(fc.constantFrom('add', 'remove', 'note', 'relabel', 'date', 'edit'), fc.nat(40)),
        { maxLength: 4 }), { maxLength: 5 }),
      (rounds) => {
        const set = new AnnotationSet(TEXT);
        set.add('actor', WORDS[1].start, WORDS[1].end, NOW);
        set.add('date', WORDS[6].start, WORDS[6].end, NOW);
        const feed = new ViewAnnotationFeed((a) => `name of ${a.id}`);
        const reference = new SentAnnotations();
        const published = { date: '2026-11-29', guessed: true };
        feed.full(set, published);
        reference.full(toViewAnnotations(set, (a) => `name of ${a.id}`, published), set.text);
        for (const round of rounds) {
          for (const [kind, pick] of round) {
            const all = set.annotations;
            const id = all.length > 0 ? all[pick % all.length].id : 'none';
            const w = WORDS[pick % WORDS.length];
            if (kind === 'add' && set.overlapping(w.start, w.end).length === 0) set.add('actor', w.start, w.end, NOW);
            if (kind === 'remove') set.removeWithRelations(id, NOW);
            if (kind === 'note') set.update(id, { note: `n${pick}` }, NOW);
            if (kind === 'relabel') set.update(id, { label: pick % 2 ? 'date' : 'actor' }, NOW);
            if (kind === 'date' && set.overlapping(w.start, w.end).length === 0) set.add('date', w.start, w.end, NOW);
            if (kind === 'edit') {
              const text = [...set.text];
              set.applyChanges([{ start: w.start, end: w.start, text: 'و' }],
                [...text.slice(0, w.start), 'و', ...text.slice(w.start)].join(''));
            }
          }
          const expected = reference.delta(toViewAnnotations(set, (a) => `name of ${a.id}`, published), set.text);
          assert.deepEqual(sorted(feed.delta(set, published)), sorted(expected));
        }
      },
    ));
  });

  it('compares all annotations when the publication date, the set or the names changed', () => {
    const set = new AnnotationSet(TEXT);
    const date = set.add('date', WORDS[6].start, WORDS[6].end, NOW);
    refreshDateValues(set, new Map(), '2026-11-29', true);
    let suffix = 'a';
    const feed = new ViewAnnotationFeed((a) => `${a.id} ${suffix}`);
    feed.full(set, { date: '2026-11-29', guessed: true });
    // a guessed date shows what it was resolved against: another date changes it, though no annotation changed
    assert.equal(feed.delta(set, { date: '2026-11-30', guessed: true }).change.length, 1);
    const actor = set.add('actor', WORDS[1].start, WORDS[1].end, NOW);
    assert.deepEqual(feed.delta(set, { date: '2026-11-30', guessed: true }).add.map((e) => e.annotation.id), [actor.id]);
    suffix = 'b';
    assert.equal(feed.delta(set, { date: '2026-11-30', guessed: true }).change.length, 0, 'names are not looked at');
    assert.deepEqual(feed.delta(set, { date: '2026-11-30', guessed: true }, { all: true }).change
      .map((e) => e.annotation.id), [actor.id]);
    const other = new AnnotationSet(TEXT, set.annotations.filter((a) => a.id !== date.id));
    assert.deepEqual(feed.delta(other, { date: '2026-11-30', guessed: true }).remove, [date.id]);
  });
});
