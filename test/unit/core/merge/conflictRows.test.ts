import { strict as assert } from 'node:assert';
import type { Annotation } from '../../../../src/core/model/annotation';
import {
  annotationConflictSummary,
  conflictFieldList,
  entityConflictSummary,
  publishedConflictSummary,
} from '../../../../src/core/merge/conflictRows';
import { describeAnnotationConflict } from '../../../../src/core/merge/conflict';

const base: Annotation = {
  id: 'a1',
  label: 'claim',
  start: 4,
  end: 10,
  quote: 'لافروف',
  prefix: '',
  suffix: '',
  note: 'ours',
};

describe('recorded conflicts side by side', () => {
  it('gives one row per field, ours and theirs as inert text', () => {
    const s = annotationConflictSummary({
      ...base,
      conflict: {
        with: 'origin/x\u202E',
        theirs: { label: 'actor', note: null, start: 14, end: 18, quote: '[a](command:x)' },
      },
    })!;
    assert.equal(s.side, 'theirs ("origin/x\\u202E")');
    assert.deepEqual(s.rows, [
      { field: 'position', ours: '4..10 "لافروف"', theirs: '14..18 "[a](command:x)"' },
      { field: 'label', ours: '"claim"', theirs: '"actor"' },
      { field: 'note', ours: '"ours"', theirs: 'none' },
    ]);
    assert.equal(conflictFieldList(s), 'position, label, note');
    assert.equal(s.removal, false);
  });

  it('says which side removed it', () => {
    const s = annotationConflictSummary({ ...base, conflict: { removed: 'theirs' } })!;
    assert.deepEqual(s.rows, [{ field: 'annotation', ours: 'changed', theirs: 'removed' }]);
    assert.equal(conflictFieldList(s), 'removed in theirs');
    assert.equal(annotationConflictSummary(base), undefined);
  });

  it('covers the publication date and entities', () => {
    assert.deepEqual(
      publishedConflictSummary({ date: '2015-12-16', conflict: { theirs: { date: '2015-12-17' } } })!.rows,
      [{ field: 'publication date', ours: '"2015-12-16"', theirs: '"2015-12-17"' }],
    );
    assert.equal(publishedConflictSummary({ date: '2015-12-16' }), undefined);
    const e = entityConflictSummary({
      id: 'e1',
      name: 'سيرغي لافروف',
      kind: 'person',
      aliases: [],
      conflict: { removed: 'ours', theirs: { name: 'س. لافروف' } },
    })!;
    assert.deepEqual(e.rows, [
      { field: 'entity', ours: 'removed', theirs: 'changed' },
      { field: 'name', ours: '"سيرغي لافروف"', theirs: '"س. لافروف"' },
    ]);
  });

  it('shows long values whole (a note of 300 code points, found cut at 60 in a first-use trial), bounded against hostile files; the one-line description stays short', () => {
    const note = `${'ملاحظة طويلة '.repeat(23)}والفرق هنا في آخرها`;
    const a = { ...base, conflict: { theirs: { note } } };
    assert.equal(annotationConflictSummary(a)!.rows[0].theirs, `"${note}"`);
    const huge = 'x'.repeat(10000);
    assert.equal(
      [...annotationConflictSummary({ ...base, conflict: { theirs: { note: huge } } })!.rows[0].theirs].length,
      4000 + 3,
    );
    assert.match(describeAnnotationConflict(a), /…" in theirs$/);
  });
});
