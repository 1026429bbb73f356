import { strict as assert } from 'node:assert';
import {
  type ArticleRow, annotatorsOf, countByStatus, nextToAnnotate, passesFilter,
} from '../../../../src/core/corpus/articleList';
import { emptySummary } from '../../../../src/core/corpus/articleSummary';
import type { ArticleStatus } from '../../../../src/core/model/articleStatus';

function row(folder: string, name: string, status: ArticleStatus, annotators: string[] = [], by?: string): ArticleRow {
  return {
    folder,
    name,
    summary: { ...emptySummary(), status, annotators, ...(by ? { statusRecord: { value: status, by } } : {}) },
  };
}

const rows: ArticleRow[] = [
  row('b', 'z.txt', 'new'),
  row('a', 'y.txt', 'done', ['Salma']),
  row('a', 'x.txt', 'in-progress', ['Bob']),
  row('', 'top.txt', 'needs-review', [], 'Reem'),
  { folder: 'c', name: 'broken.txt', problem: 'line 1' },
];

describe('article list: filters and the next article to annotate', () => {
  it('filters by status and by annotator (an author, or who set the status)', () => {
    const shown = (f: Parameters<typeof passesFilter>[1]) => rows.filter((r) => passesFilter(r, f)).map((r) => r.name);
    assert.equal(shown({}).length, 5);
    assert.deepEqual(shown({ statuses: ['new', 'in-progress'] }), ['z.txt', 'x.txt']);
    assert.deepEqual(shown({ annotator: 'Salma' }), ['y.txt']);
    assert.deepEqual(shown({ annotator: 'Reem' }), ['top.txt']);
    assert.deepEqual(shown({ statuses: ['done'], annotator: 'Bob' }), []);
    assert.deepEqual(annotatorsOf(rows), ['Bob', 'Reem', 'Salma']);
    assert.deepEqual(countByStatus(rows), { new: 1, done: 1, 'in-progress': 1, 'needs-review': 1 });
  });

  it('next: after the current one in folder and name order, new or in progress, wrapping, never itself', () => {
    assert.equal(nextToAnnotate(rows)?.name, 'x.txt');
    assert.equal(nextToAnnotate(rows, { folder: 'a', name: 'x.txt' })?.name, 'z.txt');
    assert.equal(nextToAnnotate(rows, { folder: 'b', name: 'z.txt' })?.name, 'x.txt');
    assert.equal(nextToAnnotate(rows, { folder: 'a', name: 'zz.txt' })?.name, 'z.txt');
    assert.equal(nextToAnnotate([row('a', 'only.txt', 'new')], { folder: 'a', name: 'only.txt' }), undefined);
    assert.equal(nextToAnnotate([row('a', 'x.txt', 'done')]), undefined);
  });
});
