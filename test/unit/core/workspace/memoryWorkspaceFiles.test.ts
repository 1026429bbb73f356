import { strict as assert } from 'node:assert';
import { MemoryWorkspaceFiles } from '../../../../src/core/workspace/memoryWorkspaceFiles';
import { basenameOf, dirnameOf, holdsBytes, joinPath, sidecarStorageOf } from '../../../../src/core/workspace/workspaceFiles';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('core/workspace/memoryWorkspaceFiles', () => {
  it('lists the files under a folder, sorted and filtered, and refuses what is no folder', async () => {
    const files = new MemoryWorkspaceFiles({ 'ws/b.txt': 'b', 'ws/a/c.txt': 'c', 'ws/a/c.yaml': 'y', 'other/d.txt': 'd' });
    assert.deepEqual(await files.list('ws'), ['ws/a/c.txt', 'ws/a/c.yaml', 'ws/b.txt']);
    assert.deepEqual(await files.list('ws', (p) => p.endsWith('.txt')), ['ws/a/c.txt', 'ws/b.txt']);
    await assert.rejects(files.list('nowhere'), /no such folder/);
    assert.equal((await files.stat('ws/a'))?.kind, 'folder');
    assert.deepEqual(await files.stat('ws/b.txt'), { kind: 'file', size: 1, mtime: (await files.stat('ws/b.txt'))!.mtime });
    assert.equal(await files.stat('ws/zz'), undefined);
  });

  it('writes only over what the write was based on (compare-and-swap)', async () => {
    const files = new MemoryWorkspaceFiles();
    assert.deepEqual(await files.write('a.yaml', bytes('one'), undefined), { written: true });
    assert.deepEqual(await files.write('a.yaml', bytes('two'), undefined), { written: false, current: bytes('one') });
    assert.deepEqual(await files.write('a.yaml', bytes('two'), bytes('one')), { written: true });
    assert.equal(files.text('a.yaml'), 'two');
  });

  it('a file saved with a UTF-8 BOM still holds the text read from it: its sidecar storage writes over it', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('version: 1\n')]);
    assert.ok(holdsBytes(bom, bytes('version: 1\n')));
    assert.ok(!holdsBytes(bytes('version: 1\n'), bom), 'the BOM is in the file, not in what was read');
    assert.ok(!holdsBytes(bom, bytes('version: 2\n')));
    assert.ok(!holdsBytes(new Uint8Array([0xef, 0xbb, 0xbf]), undefined), 'an empty file with a BOM is a file');
    assert.ok(holdsBytes(undefined, undefined));
    const files = new MemoryWorkspaceFiles({ 's.yaml': bom });
    const storage = sidecarStorageOf(files, 's.yaml');
    const read = (await storage.read())!;
    assert.equal(read.charCodeAt(0), 0x76, 'decoding drops the BOM');
    assert.deepEqual(await storage.write('version: 1\nannotations: []\n', read), { written: true });
    assert.equal(files.text('s.yaml'), 'version: 1\nannotations: []\n');
  });

  it('tells watchers of the changes under their folder until they stop', async () => {
    const files = new MemoryWorkspaceFiles();
    const seen: string[] = [];
    const stop = files.watch('ws', (p) => seen.push(p));
    files.set('ws/a.txt', 'x');
    files.set('elsewhere/b.txt', 'y');
    await files.write('ws/a.txt', bytes('z'), bytes('x'));
    files.delete('ws/a.txt');
    stop();
    files.set('ws/c.txt', 'w');
    assert.deepEqual(seen, ['ws/a.txt', 'ws/a.txt', 'ws/a.txt']);
  });

  it('gives a sidecar storage (UTF-8 text) that refuses a write over a change', async () => {
    const files = new MemoryWorkspaceFiles({ 's.yaml': 'قال' });
    const storage = sidecarStorageOf(files, 's.yaml');
    assert.equal(await storage.read(), 'قال');
    assert.deepEqual(await storage.write('new', 'old'), { written: false, current: 'قال' });
    assert.deepEqual(await storage.write('new', 'قال'), { written: true });
    files.set('bad.yaml', new Uint8Array([0xff, 0xfe, 0x00]));
    await assert.rejects(sidecarStorageOf(files, 'bad.yaml').read(), /bad\.yaml is/);
    assert.equal(await sidecarStorageOf(files, 'none.yaml').read(), undefined);
  });

  it('splits and joins paths with /', () => {
    assert.equal(dirnameOf('a/b/c.txt'), 'a/b');
    assert.equal(dirnameOf('c.txt'), '');
    assert.equal(dirnameOf('/c.txt'), '/');
    assert.equal(basenameOf('a/b/c.txt'), 'c.txt');
    assert.equal(joinPath('a/', 'b'), 'a/b');
    assert.equal(joinPath('', 'b'), 'b');
  });
});
