import { strict as assert } from 'node:assert';
import { MemoryWorkspaceFiles } from '../../../../src/core/workspace/memoryWorkspaceFiles';
import { articleOfSidecarPath, findSidecarPairs, sidecarPairOf, swapOwner } from '../../../../src/core/workspace/scan';

const TEMPLATE = '{fileName}.annotations.yaml';

describe('core/workspace/scan', () => {
  it('finds the article/sidecar pairs under a folder, a swapped-away sidecar standing for itself', async () => {
    const files = new MemoryWorkspaceFiles({
      'ws/news/a.txt': 'نص', 'ws/news/a.txt.annotations.yaml': 'x',
      'ws/b.md': 'b', 'ws/.b.md.annotations.yaml.hashiya.0a1b2c.123.ff00ee.none.swap': 'x',
      'ws/notes.yaml': 'n',
    });
    assert.deepEqual(await findSidecarPairs(files, 'ws', TEMPLATE), [
      { article: 'ws/b.md', sidecar: 'ws/b.md.annotations.yaml' },
      { article: 'ws/news/a.txt', sidecar: 'ws/news/a.txt.annotations.yaml' },
    ]);
  });

  it('follows a template with a folder', () => {
    const template = '.hashiya/{fileName}.yaml';
    assert.equal(articleOfSidecarPath('ws/.hashiya/a.txt.yaml', template), 'ws/a.txt');
    assert.equal(articleOfSidecarPath('/.hashiya/a.txt.yaml', template), '/a.txt');
    assert.equal(articleOfSidecarPath('.hashiya/a.txt.yaml', template), 'a.txt');
    assert.equal(sidecarPairOf('ws/a.txt.yaml', template), undefined);
  });

  it('tells whose a swap file is', () => {
    assert.equal(swapOwner('.a.txt.annotations.yaml.hashiya.0a1b2c.123.ff00ee.0123456789abcdef.swap'), 'a.txt.annotations.yaml');
    assert.equal(swapOwner('.a.txt.annotations.yaml.hashiya.0a1b2c.123.ff00ee.tmp'), undefined);
  });
});
