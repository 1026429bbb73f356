import { strict as assert } from 'node:assert';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import {
  MAX_UNDO, SessionHistory, diffSnapshots, patchDescription, replayStep, rollback, snapshot,
} from '../../../../src/core/session/sessionHistory';
import { TEST_PROVENANCE } from '../../../support/model';

const TEXT = 'قال الوزير إن الاجتماع كان مثمرا';

describe('core/session/sessionHistory', () => {
  it('records steps that changed something, up to MAX_UNDO, and a new one clears redo', () => {
    const history = new SessionHistory();
    history.record({ description: 'nothing', text: TEXT, changes: [] });
    assert.equal(history.undoDescription, undefined);
    for (let i = 0; i <= MAX_UNDO; i++) history.record({ description: `step ${i}`, text: TEXT, changes: [{ id: `a${i}` }] });
    let undone = 0;
    while (history.take('undo')) undone++;
    assert.equal(undone, MAX_UNDO);
    history.record({ description: 'one', text: TEXT, changes: [{ id: 'x' }] });
    const step = history.take('undo')!;
    history.replayed('undo', step);
    assert.equal(history.redoDescription, 'one');
    history.record({ description: 'two', text: TEXT, changes: [{ id: 'y' }] });
    assert.equal(history.redoDescription, undefined);
    assert.equal(history.undoDescription, 'two');
  });

  it('gives a step back to the stack it was taken from', () => {
    const history = new SessionHistory();
    history.record({ description: 'one', text: TEXT, changes: [{ id: 'x' }] });
    const step = history.take('undo')!;
    assert.equal(history.undoDescription, undefined);
    history.giveBack('undo', step);
    assert.equal(history.undoDescription, 'one');
  });

  it('replays a step both ways from the snapshots of an action (code points)', () => {
    const set = new AnnotationSet(TEXT);
    const before = snapshot(set);
    const added = set.add('actor', 4, 10, TEST_PROVENANCE);
    const changes = diffSnapshots(before, snapshot(set));
    assert.deepEqual(changes.map((c) => [c.id, c.before, c.after?.quote]), [[added.id, undefined, 'الوزير']]);
    const step = { description: 'mark actor', text: TEXT, changes };
    replayStep(set, step, 'undo');
    assert.equal(set.size, 0);
    replayStep(set, step, 'redo');
    assert.equal(set.get(added.id)?.quote, 'الوزير');
  });

  it('rolls a set back to a snapshot', () => {
    const set = new AnnotationSet(TEXT);
    const kept = set.add('actor', 4, 10, TEST_PROVENANCE);
    const before = snapshot(set);
    set.add('claim', 14, 32, TEST_PROVENANCE);
    set.update(kept.id, { note: 'x' }, TEST_PROVENANCE);
    rollback(set, before);
    assert.deepEqual(set.annotations, [...before.values()]);
  });

  it('describes an update by what its patch changes', () => {
    assert.equal(patchDescription({ label: 'claim' }), 'relabel as claim');
    assert.equal(patchDescription({ note: '' }), 'note');
    assert.equal(patchDescription({ entity: 'e1' }), 'entity');
  });
});
