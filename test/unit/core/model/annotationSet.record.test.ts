// What an action changed, known without comparing every annotation (issue 12): AnnotationSet.record
// and changedSince against the full comparison of snapshots they replace.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { diffSnapshots, recordedChanges, rollbackRecorded, snapshot } from '../../../../src/core/session/sessionHistory';
import { NEWS_PRESET } from '../../../../src/core/model/projectSchema';
import { TEST_PROVENANCE as NOW } from '../../../support/model';

const TEXT = 'قال الوزير إن الاجتماع كان مثمرا وأضاف المتحدث أن الحكومة ستعلن القرار يوم الخميس في بغداد';
const WORDS = [...TEXT.matchAll(/\S+/gu)].map((m) => {
  const start = [...TEXT.slice(0, m.index)].length;
  return { start, end: start + [...m[0]].length };
});

/** A set with an actor, a claim whose speaker it is and a date, on words of TEXT. */
function seeded(): AnnotationSet {
  const set = new AnnotationSet(TEXT);
  const actor = set.add('actor', WORDS[1].start, WORDS[1].end, NOW);
  const claim = set.add('claim', WORDS[3].start, WORDS[5].end, NOW);
  set.add('date', WORDS[14].start, WORDS[15].end, NOW);
  set.update(claim.id, { speaker: actor.id }, NOW);
  return set;
}

type Step = (set: AnnotationSet, pick: number) => void;

/** Every kind of change an action or the session makes; `pick` chooses the annotation or words. */
const STEPS: Record<string, Step> = {
  add: (set, pick) => {
    const w = WORDS[pick % WORDS.length];
    if (!set.overlapping(w.start, w.end).some((a) => a.start === w.start && a.end === w.end && a.label === 'actor'))
      set.add('actor', w.start, w.end, NOW);
  },
  remove: (set, pick) => { set.remove(idAt(set, pick)); },
  removeWithRelations: (set, pick) => { set.removeWithRelations(idAt(set, pick), NOW); },
  relabel: (set, pick) => { set.update(idAt(set, pick), { label: pick % 2 ? 'actor' : 'claim' }, NOW); },
  note: (set, pick) => { set.update(idAt(set, pick), { note: pick % 3 ? `note ${pick}` : '' }, NOW); },
  reattach: (set, pick) => {
    const w = WORDS[(pick * 7) % WORDS.length];
    set.reattach(idAt(set, pick), w.start, w.end, NOW);
  },
  restore: (set, pick) => {
    const a = set.get(idAt(set, pick));
    if (a) set.restore({ ...a, note: 'restored' });
  },
  edit: (set, pick) => {
    const w = WORDS[pick % WORDS.length];
    const text = [...set.text];
    set.applyChanges([{ start: w.start, end: w.end, text: 'كلمة' }],
      [...text.slice(0, w.start), ...'كلمة', ...text.slice(w.end)].join(''));
  },
  resetText: (set) => { set.resetText(set.text, set.annotations.slice(1)); },
  schema: (set) => { set.schema = { ...NEWS_PRESET }; },
};

function idAt(set: AnnotationSet, pick: number): string {
  const all = set.annotations;
  return all.length === 0 ? 'none' : all[pick % all.length].id;
}

describe('core/model/annotationSet: record and changedSince (issue 12)', () => {
  it('records exactly what a comparison of snapshots before and after finds, for any run of changes', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.constantFrom(...Object.keys(STEPS)), fc.nat(50)), { maxLength: 6 }),
      (steps) => {
        const set = seeded();
        const before = snapshot(set);
        const recording = set.record();
        for (const [name, pick] of steps) STEPS[name](set, pick);
        recording.stop();
        const byId = (changes: ReturnType<typeof diffSnapshots>) =>
          Object.fromEntries(changes.map((c) => [c.id, { before: c.before, after: c.after }]));
        assert.deepEqual(byId(recordedChanges(set, recording.changed)), byId(diffSnapshots(before, snapshot(set))));
      },
    ));
  });

  it('puts back what was recorded (an action that threw), whatever it changed', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.constantFrom(...Object.keys(STEPS).filter((k) => k !== 'edit')), fc.nat(50)),
        { maxLength: 6 }),
      (steps) => {
        const set = seeded();
        const before = set.annotations;
        const recording = set.record();
        for (const [name, pick] of steps) STEPS[name](set, pick);
        recording.stop();
        rollbackRecorded(set, recording.changed);
        assert.deepEqual(set.annotations, before);
      },
    ));
  });

  it('stops recording at stop(), and a new recording ends the one before', () => {
    const set = seeded();
    const first = set.record();
    set.add('actor', WORDS[6].start, WORDS[6].end, NOW);
    const second = set.record();
    set.add('actor', WORDS[8].start, WORDS[8].end, NOW);
    second.stop();
    set.add('actor', WORDS[10].start, WORDS[10].end, NOW);
    first.stop();
    assert.equal(first.changed.size, 1);
    assert.equal(second.changed.size, 1);
  });

  it('changedSince names the ids added, changed or removed since a mark, and undefined once everything may have changed', () => {
    const set = seeded();
    const [actor, , date] = set.annotations;
    const mark = set.mark;
    assert.deepEqual(set.changedSince(mark), []);
    const added = set.add('actor', WORDS[8].start, WORDS[8].end, NOW);
    set.update(date.id, { note: 'n' }, NOW);
    set.removeWithRelations(actor.id, NOW);
    const claim = set.annotations.find((a) => a.label === 'claim')!;
    // the claim lost its speaker with the actor: changed too
    assert.deepEqual(set.changedSince(mark)!.sort(), [added.id, date.id, actor.id, claim.id].sort());
    const later = set.mark;
    assert.deepEqual(set.changedSince(later), []);
    set.update(date.id, { note: 'm' }, NOW);
    assert.deepEqual(set.changedSince(later), [date.id]);
    for (const name of ['edit', 'resetText', 'schema']) {
      const at = set.mark;
      STEPS[name](set, 3);
      assert.equal(set.changedSince(at), undefined, name);
    }
    const schema = set.schema;
    const same = set.mark;
    set.schema = schema;
    assert.deepEqual(set.changedSince(same), [], 'the same schema again changes nothing');
  });
});
