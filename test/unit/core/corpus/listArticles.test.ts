import { strict as assert } from 'node:assert';
import { emptySidecar, serializeSidecar } from '../../../../src/core/format/sidecar';
import { type SidecarFacts, articlesOf, listArticles } from '../../../../src/core/corpus/listArticles';
import { FileValueCache } from '../../../../src/core/corpus/fileValueCache';
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

describe('listing again after a change (a cache by path, modification time and size)', () => {
  const TEMPLATE = '{fileName}.annotations.yaml';
  const sidecar = (name: string, status?: 'done') =>
    serializeSidecar({ ...emptySidecar(name), ...(status ? { status: { value: status } } : {}) });

  /** A folder of `n` articles with sidecars, and the sidecars read (by path) as listings read them. */
  function corpus(n: number): { files: MemoryWorkspaceFiles; reads: string[] } {
    const initial: Record<string, string> = {};
    for (let i = 0; i < n; i++) {
      initial[`/ws/f/a${i}.txt`] = 'x';
      initial[`/ws/f/a${i}.txt.annotations.yaml`] = sidecar(`a${i}.txt`);
    }
    const files = new MemoryWorkspaceFiles(initial);
    const reads: string[] = [];
    const read = files.read.bind(files);
    files.read = (path: string) => {
      reads.push(path);
      return read(path);
    };
    return { files, reads };
  }

  it('changing one sidecar re-reads only that one; the listing shows the change', async () => {
    const { files, reads } = corpus(50);
    const cache = new FileValueCache<SidecarFacts>();
    const list = () => listArticles(files, '/ws', TEMPLATE, NEWS_PRESET, cache);
    assert.equal((await list()).length, 50);
    assert.equal(reads.length, 50);
    reads.length = 0;
    await list();
    assert.deepEqual(reads, [], 'nothing changed: nothing read');
    files.set('/ws/f/a7.txt.annotations.yaml', sidecar('a7.txt', 'done'));
    const rows = await list();
    assert.deepEqual(reads, ['/ws/f/a7.txt.annotations.yaml']);
    assert.deepEqual(rows.filter((r) => r.summary?.status === 'done').map((r) => r.name), ['a7.txt']);
    assert.equal(cache.reads, 51);
  });

  it('an article added or deleted (with its sidecar) shows in the next listing, reading only the new one', async () => {
    const { files, reads } = corpus(10);
    const cache = new FileValueCache<SidecarFacts>();
    const list = () => listArticles(files, '/ws', TEMPLATE, NEWS_PRESET, cache);
    await list();
    reads.length = 0;
    files.delete('/ws/f/a3.txt');
    files.delete('/ws/f/a3.txt.annotations.yaml');
    files.set('/ws/g/new.txt', 'x');
    files.set('/ws/g/new.txt.annotations.yaml', sidecar('new.txt', 'done'));
    const rows = await list();
    assert.deepEqual(reads, ['/ws/g/new.txt.annotations.yaml']);
    assert.ok(!rows.some((r) => r.name === 'a3.txt'));
    assert.deepEqual(rows.filter((r) => r.folder === 'g').map((r) => [r.name, r.summary?.status]), [['new.txt', 'done']]);
    assert.equal(cache.has('/ws/f/a3.txt.annotations.yaml'), false, 'what went is not kept');
  });
});
