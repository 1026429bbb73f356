import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeWorkspaceFiles } from '../../../src/node/nodeWorkspaceFiles';
import { findSidecarPairs } from '../../../src/core/workspace/scan';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('node/nodeWorkspaceFiles', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-wsfiles-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists, reads and stats files on disk', async () => {
    mkdirSync(path.join(dir, 'news'));
    writeFileSync(path.join(dir, 'news', 'a.txt'), 'قال');
    writeFileSync(path.join(dir, 'news', 'a.txt.annotations.yaml'), 'x');
    const files = new NodeWorkspaceFiles();
    assert.deepEqual(await files.list(dir), [path.join(dir, 'news', 'a.txt'), path.join(dir, 'news', 'a.txt.annotations.yaml')]);
    assert.deepEqual(await findSidecarPairs(files, dir, '{fileName}.annotations.yaml'),
      [{ article: path.join(dir, 'news', 'a.txt'), sidecar: path.join(dir, 'news', 'a.txt.annotations.yaml') }]);
    assert.equal(new TextDecoder().decode(await files.read(path.join(dir, 'news', 'a.txt'))), 'قال');
    assert.equal(await files.read(path.join(dir, 'none.txt')), undefined);
    assert.equal((await files.stat(path.join(dir, 'news')))?.kind, 'folder');
    assert.equal(await files.stat(path.join(dir, 'none.txt')), undefined);
  });

  it('writes by compare-and-swap', async () => {
    const files = new NodeWorkspaceFiles();
    const file = path.join(dir, 's.yaml');
    assert.deepEqual(await files.write(file, bytes('one'), undefined), { written: true });
    assert.deepEqual(await files.write(file, bytes('two'), undefined), { written: false, current: bytes('one') });
    assert.deepEqual(await files.write(file, bytes('two'), bytes('one')), { written: true });
    assert.equal(readFileSync(file, 'utf8'), 'two');
  });
});
