import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { AnnotationSet } from '../../../src/core/model/annotationSet';
import { SentAnnotations, fromEntry, isEmptyDelta, toEntry } from '../../../src/shared/annotationDelta';
import type { ViewAnnotation } from '../../../src/shared/protocol';
import { ViewAnnotationFeed, toViewAnnotations } from '../../../src/extension/views/viewAnnotations';
import { ViewModel } from '../../../src/webview/viewModel';

// Arabic with a letter outside the BMP, so that UTF-16 and code point offsets differ
const TEXT = 'قال الوزير 𝐀 أمس إن الحكومة ستعلن\nخطة جديدة يوم الأحد، وأضاف أن 𝐁 الخطة\nتشمل التعليم والصحة.';
const NOW = { author: 'test', now: '2026-12-03T12:00:00.000Z' };

/** One step of the host: add, remove, relabel, note, or an edit of the text. */
type Step =
  | { kind: 'add'; label: number; start: number; length: number }
  | { kind: 'remove'; which: number }
  | { kind: 'relabel'; which: number; label: number }
  | { kind: 'note'; which: number; note: string }
  | { kind: 'edit'; at: number; cut: number; text: string };

const LABELS = ['actor', 'claim', 'date'];

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), label: fc.nat(2), start: fc.nat(90), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('remove' as const), which: fc.nat(40) }),
  fc.record({ kind: fc.constant('relabel' as const), which: fc.nat(40), label: fc.nat(2) }),
  fc.record({ kind: fc.constant('note' as const), which: fc.nat(40), note: fc.constantFrom('', 'مهم', 'check') }),
  fc.record({
    kind: fc.constant('edit' as const), at: fc.nat(90), cut: fc.nat(6),
    text: fc.constantFrom('', 'و', 'جديد ', '\n', '𝐂'),
  }),
);

/** Runs `s` on `set`; false when it did nothing. */
function run(set: AnnotationSet, s: Step): boolean {
  const all = set.annotations;
  const length = set.index.codePointLength;
  switch (s.kind) {
    case 'add': {
      const start = s.start % length;
      const end = Math.min(length, start + s.length);
      if (end <= start) return false;
      set.add(LABELS[s.label], start, end, NOW);
      return true;
    }
    case 'remove':
      return all.length > 0 && set.remove(all[s.which % all.length].id) !== undefined;
    case 'relabel':
      return all.length > 0 && set.update(all[s.which % all.length].id, { label: LABELS[s.label] }, NOW) !== undefined;
    case 'note':
      return all.length > 0 && set.update(all[s.which % all.length].id, { note: s.note }, NOW) !== undefined;
    case 'edit': {
      const chars = [...set.text];
      const at = s.at % (chars.length + 1);
      const end = Math.min(chars.length, at + s.cut);
      const text = [...chars.slice(0, at), s.text, ...chars.slice(end)].join('');
      set.applyChanges([{ start: at, end, text: s.text }], text);
      return true;
    }
  }
}

/** The model's annotations, comparable. */
function state(model: ViewModel): unknown {
  return model.annotations.map((a) => JSON.parse(JSON.stringify(a)));
}

describe('view annotations: slim entries and deltas (issue 12)', () => {
  it('an entry has no prefix or suffix, and no quote when it is the text of its span', () => {
    const set = new AnnotationSet(TEXT);
    set.add('actor', 4, 10, NOW);
    const [view] = toViewAnnotations(set);
    const entry = toEntry(view, set.text);
    assert.equal('prefix' in entry.annotation, false);
    assert.equal('suffix' in entry.annotation, false);
    assert.equal(entry.annotation.quote, undefined);
    assert.equal(fromEntry(entry, set.text).annotation.quote, view.annotation.quote);
    const moved: ViewAnnotation = { ...view, annotation: { ...view.annotation, quote: 'غيره' } };
    assert.equal(toEntry(moved, set.text).annotation.quote, 'غيره');
  });

  it('sends nothing when nothing changed, and one entry when one annotation was added', () => {
    const set = new AnnotationSet(TEXT);
    set.add('actor', 4, 10, NOW);
    const feed = new ViewAnnotationFeed();
    assert.equal(feed.full(set).length, 1);
    assert.ok(isEmptyDelta(feed.delta(set)));
    set.add('date', 20, 24, NOW);
    const delta = feed.delta(set);
    assert.deepEqual([delta.add.length, delta.change.length, delta.remove.length], [1, 0, 0]);
  });

  it('the view\'s model after any run of adds, removes, changes and edits equals a full re-send', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const set = new AnnotationSet(TEXT);
        set.add('claim', 0, 12, NOW);
        set.add('actor', 4, 10, NOW);
        const feed = new ViewAnnotationFeed();
        const view = new ViewModel();
        let text = set.text;
        view.setAnnotations(feed.full(set), text);
        for (const s of steps) {
          try {
            if (!run(set, s)) continue;
          } catch {
            continue; // a step the set refuses (a relation it would break) changes nothing
          }
          if (set.text !== text) {
            // textEdited: the text first, then the delta on it
            text = set.text;
            view.textChanged(text);
          }
          view.applyDelta(feed.delta(set), text);
          const fresh = new ViewModel();
          fresh.setAnnotations(new SentAnnotations().full(toViewAnnotations(set), text), text);
          assert.deepEqual(state(view), state(fresh));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('applies a large delta (more than a few entries) the same as small ones', () => {
    const set = new AnnotationSet(TEXT);
    const feed = new ViewAnnotationFeed();
    const view = new ViewModel();
    view.setAnnotations(feed.full(set), set.text);
    for (let i = 0; i + 3 < 90; i += 1) set.add(LABELS[i % 3], i, i + 3, NOW);
    const applied = view.applyDelta(feed.delta(set), set.text);
    assert.equal(applied.fresh.length, set.size);
    const fresh = new ViewModel();
    fresh.setAnnotations(new SentAnnotations().full(toViewAnnotations(set), set.text), set.text);
    assert.deepEqual(state(view), state(fresh));
    assert.equal(view.annotation(set.annotations[5].id)?.annotation.id, set.annotations[5].id);
  });
});
