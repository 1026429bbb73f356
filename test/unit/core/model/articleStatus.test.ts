import { strict as assert } from 'node:assert';
import { type StatusRecord, effectiveStatus, mergeStatus } from '../../../../src/core/model/articleStatus';

const done: StatusRecord = { value: 'done', by: 'Salma', at: '2026-12-03T10:00:00.000Z' };
const review: StatusRecord = { value: 'needs-review', by: 'Bob', at: '2026-12-03T11:00:00+01:00' };
const later: StatusRecord = { value: 'adjudicated', by: 'Reem', at: '2026-12-03T10:30:00.000Z' };

describe('article status', () => {
  it('absent: new without annotations, in progress with some', () => {
    assert.equal(effectiveStatus(undefined, 0), 'new');
    assert.equal(effectiveStatus(undefined, 3), 'in-progress');
    assert.equal(effectiveStatus(done, 0), 'done');
  });

  it('merges three-way: the side that changed it; both: the later `at` (instants, not strings), ours on a tie', () => {
    assert.deepEqual(mergeStatus(undefined, done, undefined), done);
    assert.deepEqual(mergeStatus(done, done, review), review);
    assert.deepEqual(mergeStatus(done, undefined, done), undefined);
    // 11:00+01:00 is 10:00Z, earlier than 10:30Z
    assert.deepEqual(mergeStatus(undefined, review, later), later);
    assert.deepEqual(mergeStatus(undefined, later, review), later);
    assert.deepEqual(mergeStatus(undefined, { value: 'done' }, { value: 'new' }), { value: 'done' });
    assert.deepEqual(mergeStatus(done, undefined, review), review);
  });

  it('a leap second (…T23:59:60Z, a valid date-time) is later than any earlier time, not the earliest', () => {
    const merged = mergeStatus(undefined, { value: 'done', at: '2026-12-31T23:59:60Z' },
      { value: 'needs-review', at: '2020-01-01T00:00:00Z' });
    assert.equal(merged?.value, 'done');
  });
});
