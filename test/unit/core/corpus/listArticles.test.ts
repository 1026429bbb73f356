import { strict as assert } from 'node:assert';
import { emptySidecar, serializeSidecar } from '../../../../src/core/format/sidecar';
import { articlesOf, listArticles } from '../../../../src/core/corpus/listArticles';
import { NEWS_PRESET } from '../../../../src/core/model/projectSchema';
import { MemoryWorkspaceFiles } from '../../../../src/core/workspace/memoryWorkspaceFiles';

describe('listing the articles of a folder', () => {
  it('every article once: with or without a sidecar, a sidecar whose article is missing, a broken one', async () => {
    const files = new MemoryWorkspaceFiles({
      '/ws/b/one.txt': 'x',
      '/ws/b/one.txt.annotations.yaml': serializeSidecar({ ...emptySidecar('one.txt'), status: { value: 'done' } }),
      '/ws/a/two.md': 'x',
      '/ws/a/gone.txt.annotations.yaml': serializeSidecar(emptySidecar('gone.txt')),
      '/ws/top.txt': 'x',
      '/ws/top.txt.annotations.yaml': 'version: [\n',
      '/ws/a/notes.yaml': 'a: 1\n',
      '/ws/a/latin1.txt': 'x',
      '/ws/a/latin1.txt.annotations.yaml': new Uint8Array([0xff, 0xfe]),
    });
    const rows = await listArticles(files, '/ws', '{fileName}.annotations.yaml', NEWS_PRESET);
    assert.deepEqual(rows.map((r) => [r.folder, r.name, r.summary?.status ?? 'problem']), [
      ['', 'top.txt', 'problem'],
      ['a', 'gone.txt', 'new'],
      ['a', 'latin1.txt', 'problem'],
      ['a', 'two.md', 'new'],
      ['b', 'one.txt', 'done'],
    ]);
    assert.match(rows[0]!.problem!, /^\d+:\d+ YAML/);
  });

  it('a project\'s own documents (README, NOTICE, GUIDELINES…) are no articles until someone annotates them', () => {
    const found = articlesOf([
      '/ws/README.md', '/ws/team/bob/GUIDELINES.md', '/ws/NOTICE.md', '/ws/notice-board.txt', '/ws/news/readme.txt',
      '/ws/LICENSE.txt', '/ws/LICENSE.txt.annotations.yaml', '/ws/news/a.txt',
    ], '{fileName}.annotations.yaml');
    assert.deepEqual([...found.keys()].sort(), ['/ws/LICENSE.txt', '/ws/news/a.txt', '/ws/notice-board.txt']);
  });
});
