import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import {
  chmodSync, linkSync, mkdirSync, mkdtempSync, readFileSync,
  readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  baseTag, cleanLeftovers, readFileDuringWrites, replaceFileIfUnchanged, swapOwner, writeFileAtomic,
} from '../../../src/node/atomicWrite';
import { NodeSidecarStorage, readSidecarBytes } from '../../../src/node/nodeFiles';
import { SidecarSession } from '../../../src/core/session/sidecarSession';
import { repoRoot } from '../../support/fixtures';
import { canRunAsOtherUser } from '../../support/program';

const decode = (bytes: Buffer) => bytes.toString('utf8');
const HOST = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("crypto").createHash("sha256").update(require("os").hostname()).digest("hex").slice(0, 6))'], { encoding: 'utf8' }).stdout;

/** A process id that is not running (a child that has exited). */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('atomic writes: compare-and-swap of one file (src/node/atomicWrite)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-cas-'));
    file = path.join(dir, 'a.txt.annotations.yaml');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const names = () => readdirSync(dir).sort();

  it('writes when the file holds what the write expects, and leaves nothing beside it', async () => {
    writeFileSync(file, 'old');
    assert.deepEqual(await replaceFileIfUnchanged(file, 'new', 'old', { decode }), { written: true });
    assert.equal(readFileSync(file, 'utf8'), 'new');
    assert.deepEqual(names(), ['a.txt.annotations.yaml']);
  });

  it('creates the file only when there is none (expected undefined)', async () => {
    assert.deepEqual(await replaceFileIfUnchanged(file, 'first', undefined, { decode }), { written: true });
    assert.deepEqual(await replaceFileIfUnchanged(file, 'second', undefined, { decode }), { written: false, current: 'first' });
    assert.equal(readFileSync(file, 'utf8'), 'first');
  });

  it('does not write when someone changed the file, and returns what it holds', async () => {
    writeFileSync(file, 'theirs');
    assert.deepEqual(await replaceFileIfUnchanged(file, 'ours', 'base', { decode }), { written: false, current: 'theirs' });
    assert.equal(readFileSync(file, 'utf8'), 'theirs');
    assert.deepEqual(names(), ['a.txt.annotations.yaml']);
  });

  it('a deleted file is a change too: not written, current undefined', async () => {
    assert.deepEqual(await replaceFileIfUnchanged(file, 'ours', 'base', { decode }), { written: false, current: undefined });
    assert.deepEqual(names(), []);
  });

  it('a BOM in the file is not part of its text', async () => {
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('نص')]));
    assert.deepEqual(await replaceFileIfUnchanged(file, 'new', 'نص', { decode }), { written: true });
  });

  it('keeps the permissions of the file it replaces', async () => {
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    await replaceFileIfUnchanged(file, 'new', 'old', { decode });
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('through a symbolic link: replaces the file it points to, the link stays', async () => {
    const real = path.join(dir, 'real.yaml');
    writeFileSync(real, 'old');
    symlinkSync(real, file);
    assert.deepEqual(await replaceFileIfUnchanged(file, 'new', 'old', { decode }), { written: true });
    assert.equal(readFileSync(real, 'utf8'), 'new');
    assert.ok(readdirSync(dir).includes('a.txt.annotations.yaml'));
    assert.equal(readFileSync(file, 'utf8'), 'new');
  });

  it('a write error leaves no temporary file (read-only folder)', async function () {
    if (process.getuid?.() === 0) this.skip();
    writeFileSync(file, 'old');
    chmodSync(dir, 0o555);
    try {
      await assert.rejects(replaceFileIfUnchanged(file, 'new', 'old', { decode }), /EACCES/);
    } finally {
      chmodSync(dir, 0o755);
    }
    assert.deepEqual(names(), ['a.txt.annotations.yaml']);
    assert.equal(readFileSync(file, 'utf8'), 'old');
  });

  describe('what killed writers leave behind', () => {
    const temp = (pid: number | string, host = HOST) => path.join(dir, `.a.txt.annotations.yaml.hashiya.${host}.${pid}.abcd1234.tmp`);
    const swap = (pid: number | string, base: string, host = HOST) => path.join(dir, `.a.txt.annotations.yaml.hashiya.${host}.${pid}.abcd1234.${base}.swap`);

    it('removes a dead writer\'s temporary file, keeps a live writer\'s', () => {
      writeFileSync(file, 'x');
      writeFileSync(temp(deadPid()), '');
      writeFileSync(temp(process.pid), 'being written');
      const report = cleanLeftovers(file);
      assert.equal(report.removed.length, 1);
      assert.deepEqual(names(), [path.basename(temp(process.pid)), 'a.txt.annotations.yaml'].sort());
    });

    it('another host\'s files are judged by age only (10 minutes)', () => {
      writeFileSync(file, 'x');
      const young = temp(1, 'ffffff');
      const old = path.join(dir, '.a.txt.annotations.yaml.hashiya.ffffff.2.abcd1234.tmp');
      writeFileSync(young, '');
      writeFileSync(old, '');
      const past = new Date(Date.now() - 11 * 60 * 1000);
      utimesSync(old, past, past);
      cleanLeftovers(file);
      assert.deepEqual(names(), [path.basename(young), 'a.txt.annotations.yaml'].sort());
    });

    it('removes Hashiya 0.3\'s temporary files (no writer in the name) once older than a minute', () => {
      writeFileSync(file, 'x');
      const legacy = path.join(dir, '.a.txt.annotations.yaml.0123abcd.tmp');
      const fresh = path.join(dir, '.a.txt.annotations.yaml.89abcdef.tmp');
      writeFileSync(legacy, '');
      writeFileSync(fresh, '');
      const past = new Date(Date.now() - 2 * 60 * 1000);
      utimesSync(legacy, past, past);
      cleanLeftovers(file);
      assert.deepEqual(names(), [path.basename(fresh), 'a.txt.annotations.yaml'].sort());
    });

    it('never touches other files, nor the temporary files of another sidecar', () => {
      writeFileSync(file, 'x');
      const others = ['.b.txt.annotations.yaml.hashiya.' + HOST + '.1.abcd1234.tmp', 'notes.tmp', '.a.txt.annotations.yaml.swp'];
      for (const n of others) writeFileSync(path.join(dir, n), 'keep');
      const past = new Date(Date.now() - 3600 * 1000);
      for (const n of others) utimesSync(path.join(dir, n), past, past);
      cleanLeftovers(file);
      assert.deepEqual(names(), [...others, 'a.txt.annotations.yaml'].sort());
    });

    it('a dead writer\'s swap, the file missing: put back (the kill came inside the swap)', async () => {
      writeFileSync(swap(deadPid(), baseTag('base')), 'base');
      assert.equal((await readFileDuringWrites(file))?.toString(), 'base');
      assert.deepEqual(names(), ['a.txt.annotations.yaml']);
    });

    it('a dead writer\'s swap holding its base, the file there: removed (the write went through)', () => {
      writeFileSync(file, 'new');
      writeFileSync(swap(deadPid(), baseTag('base')), 'base');
      assert.equal(cleanLeftovers(file).removed.length, 1);
      assert.deepEqual(names(), ['a.txt.annotations.yaml']);
      assert.equal(readFileSync(file, 'utf8'), 'new');
    });

    it('a dead writer\'s swap that is the file itself (a hard link left after putting it back): removed', () => {
      writeFileSync(file, 'theirs');
      linkSync(file, swap(deadPid(), baseTag('base')));
      cleanLeftovers(file);
      assert.deepEqual(names(), ['a.txt.annotations.yaml']);
    });

    it('a dead writer\'s swap holding someone else\'s change, the file there: never deleted, kept under a visible name', () => {
      writeFileSync(file, 'created meanwhile');
      writeFileSync(swap(deadPid(), baseTag('base')), 'their change');
      const report = cleanLeftovers(file);
      assert.equal(report.kept.length, 1);
      assert.match(path.basename(report.kept[0]), /^a\.txt\.annotations\.yaml\.kept-\d{8}T\d{6}Z-[0-9a-f]{4}\.yaml$/);
      assert.equal(readFileSync(report.kept[0], 'utf8'), 'their change');
      assert.equal(readFileSync(file, 'utf8'), 'created meanwhile');
    });

    it('the storage reports kept files; a swap names the sidecar it belongs to', async () => {
      writeFileSync(file, 'created meanwhile');
      writeFileSync(swap(deadPid(), baseTag('base')), 'their change');
      const storage = new NodeSidecarStorage(file);
      assert.equal(await storage.read(), 'created meanwhile');
      assert.equal(storage.kept.length, 1);
      assert.equal(swapOwner(path.basename(swap(1, 'none'))), 'a.txt.annotations.yaml');
      assert.equal(swapOwner('.a.txt.annotations.yaml.1234.tmp'), undefined);
    });

    it('a reader waits for a live writer\'s swap instead of seeing no file', async () => {
      const live = swap(process.pid, baseTag('base'));
      writeFileSync(live, 'base');
      const read = readFileDuringWrites(file);
      setTimeout(() => { writeFileSync(file, 'new'); rmSync(live); }, 30);
      assert.equal((await read)?.toString(), 'new');
    });

    it('a write waits for a live writer\'s swap, then compares with what it put there', async () => {
      const live = swap(process.pid, baseTag('base'));
      writeFileSync(live, 'base');
      setTimeout(() => { writeFileSync(file, 'the other write'); rmSync(live); }, 30);
      // the file is missing while the other writer swaps: the write waits and then sees its result
      assert.deepEqual(await replaceFileIfUnchanged(file, 'ours', 'base', { decode }), { written: false, current: 'the other write' });
      assert.equal(readFileSync(file, 'utf8'), 'the other write');
    });

    it('a swap whose writer seems alive (a stopped process, a reused pid) but keeps the file missing for 2 s is put back', async () => {
      writeFileSync(swap(process.pid, baseTag('base')), 'base');
      assert.deepEqual(await replaceFileIfUnchanged(file, 'ours', 'base', { decode }), { written: true });
      assert.equal(readFileSync(file, 'utf8'), 'ours');
      assert.deepEqual(names(), ['a.txt.annotations.yaml']);
    });

    it('a bulk reader (the Entities tree) cleans the whole folder once, then not again for 10 s', async () => {
      const other = path.join(dir, 'b.txt.annotations.yaml');
      writeFileSync(file, 'a');
      writeFileSync(other, 'b');
      const dead = deadPid();
      writeFileSync(temp(dead), '');
      writeFileSync(path.join(dir, `.b.txt.annotations.yaml.hashiya.${HOST}.${dead}.abcd1234.tmp`), '');
      assert.equal(await new NodeSidecarStorage(other, { bulk: true }).read(), 'b');
      assert.deepEqual(names(), ['a.txt.annotations.yaml', 'b.txt.annotations.yaml']);
      writeFileSync(temp(dead), '');
      await new NodeSidecarStorage(file, { bulk: true }).read();
      assert.equal(names().length, 3, 'not listed again within 10 s');
      await new NodeSidecarStorage(file).read();
      assert.equal(names().length, 2, 'a session\'s read cleans its own sidecar\'s at once');
    });

    it('writeFileAtomic (one writer) removes the temporary files of its killed runs', () => {
      writeFileSync(temp(deadPid()), '');
      writeFileAtomic(file, 'x');
      assert.deepEqual(names(), ['a.txt.annotations.yaml']);
    });
  });
  describe('the clean-up runs whatever the caller asks for (lesser finding)', () => {
    const temp = (pid: number) => path.join(dir, `.a.txt.annotations.yaml.hashiya.${HOST}.${pid}.abcd1234.tmp`);
    const swap = (pid: number, base: string) => path.join(dir, `.a.txt.annotations.yaml.hashiya.${HOST}.${pid}.abcd1234.${base}.swap`);

    it('without a kept list: a dead writer\'s temporary file is removed and a swap with someone\'s change is still kept visibly', async () => {
      writeFileSync(file, 'old');
      writeFileSync(temp(deadPid()), '');
      writeFileSync(swap(deadPid(), baseTag('base')), 'their change');
      assert.deepEqual(await replaceFileIfUnchanged(file, 'new', 'old', { decode }), { written: true });
      const left = names();
      assert.equal(left.length, 2, left.join(', '));
      assert.ok(left.includes('a.txt.annotations.yaml'));
      assert.match(left.find((n) => n !== 'a.txt.annotations.yaml')!, /^a\.txt\.annotations\.yaml\.kept-/);
    });

    it('with a kept list (the storage): the same clean-up, and the kept file is reported', async () => {
      writeFileSync(file, 'old');
      writeFileSync(temp(deadPid()), '');
      writeFileSync(swap(deadPid(), baseTag('base')), 'their change');
      const storage = new NodeSidecarStorage(file);
      assert.deepEqual(await storage.write('new', 'old'), { written: true });
      assert.equal(storage.kept.length, 1);
      assert.equal(names().length, 2);
    });
  });

  describe('a sidecar the user may not write is never replaced (finding 12)', () => {
    it('mode without write bits: refused even for root, with the file and why; nothing replaced, nothing left', async () => {
      writeFileSync(file, 'old');
      chmodSync(file, 0o444);
      await assert.rejects(replaceFileIfUnchanged(file, 'new', 'old', { decode }),
        (e: NodeJS.ErrnoException) => e.code === 'EACCES' && /^not written: a\.txt\.annotations\.yaml is read-only \(mode 0444\)/.test(e.message));
      assert.equal(readFileSync(file, 'utf8'), 'old');
      assert.equal(statSync(file).mode & 0o777, 0o444);
      assert.deepEqual(names(), ['a.txt.annotations.yaml']);
    });

    it('refused before anything else: a read-only file someone changed meanwhile stays exactly as they left it', async () => {
      writeFileSync(file, 'theirs');
      chmodSync(file, 0o400);
      await assert.rejects(replaceFileIfUnchanged(file, 'new', 'base', { decode }), /read-only \(mode 0400\)/);
      assert.equal(readFileSync(file, 'utf8'), 'theirs');
    });

    it('through a symbolic link: the mode of the file it points to counts', async () => {
      const real = path.join(dir, 'real.yaml');
      writeFileSync(real, 'old');
      chmodSync(real, 0o444);
      symlinkSync(real, file);
      await assert.rejects(replaceFileIfUnchanged(file, 'new', 'old', { decode }), /real\.yaml is read-only/);
      assert.equal(readFileSync(real, 'utf8'), 'old');
    });

    it('the entity registry (same writer) and writeFileAtomic (the merge driver\'s result) are refused too', async () => {
      const registry = path.join(dir, 'entities.yaml');
      writeFileSync(registry, 'version: 1\nentities: []\n');
      chmodSync(registry, 0o444);
      await assert.rejects(new NodeSidecarStorage(registry).write('version: 1\nentities: []\n# x\n', 'version: 1\nentities: []\n'), /entities\.yaml is read-only/);
      assert.throws(() => writeFileAtomic(registry, 'x'), /entities\.yaml is read-only/);
      assert.equal(readFileSync(registry, 'utf8'), 'version: 1\nentities: []\n');
      assert.deepEqual(names(), ['entities.yaml']);
    });

    it('a session keeps its change pending and says why; once the file is writable again the change is written', async () => {
      const text = 'قال لافروف إن المحادثات ستستأنف.';
      const session = new SidecarSession(new NodeSidecarStorage(file), 'a.txt', text);
      await session.load();
      await session.add('actor', 4, 10, { now: '2026-11-29T12:00:00.000Z' });
      const written = readFileSync(file, 'utf8');
      chmodSync(file, 0o444);
      await assert.rejects(session.add('claim', 14, 31, { now: '2026-11-29T12:00:00.000Z' }), /not written: a\.txt\.annotations\.yaml is read-only/);
      assert.equal(session.hasPendingWrite, true, 'kept pending');
      assert.equal(session.set.size, 2);
      assert.equal(readFileSync(file, 'utf8'), written, 'nothing replaced');
      chmodSync(file, 0o644);
      await session.flush();
      assert.equal(session.hasPendingWrite, false);
      assert.equal((readFileSync(file, 'utf8').match(/  - id:/g) ?? []).length, 2);
    });

    it('as another user (not root): a file of someone else that the user may not write is refused, though the folder is writable', function () {
      if (!canRunAsOtherUser()) this.skip(); // needs root and runuser to run as nobody
      writeFileSync(file, 'old');
      chmodSync(file, 0o644);
      chmodSync(dir, 0o777);
      const cli = path.join(repoRoot(), 'dist', 'cli.js');
      const script = `require(${JSON.stringify(cli)}).writeFileAtomic(${JSON.stringify(file)}, 'new')`;
      const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', script], { encoding: 'utf8' });
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /not written: a\.txt\.annotations\.yaml is not writable for you \(permission denied\)/);
      assert.equal(readFileSync(file, 'utf8'), 'old');
      assert.deepEqual(names(), ['a.txt.annotations.yaml']);
    });
  });

  describe('what is at a sidecar\'s path, as every reader takes it (findings 7, 11)', () => {
    it('a live writer\'s swap (the file moved away for an instant) is waited for: its result, never "none"', async () => {
      const live = path.join(dir, `.a.txt.annotations.yaml.hashiya.${HOST}.${process.pid}.abcd1234.${baseTag('base')}.swap`);
      writeFileSync(live, 'base');
      setTimeout(() => { writeFileSync(file, 'new'); rmSync(live); }, 50);
      const read = await readSidecarBytes(file);
      assert.equal(read.kind === 'bytes' && read.bytes.toString(), 'new');
    });

    it('a folder, a FIFO (never opened: it would block) and a link loop are reasons, not "none"', async () => {
      mkdirSync(file);
      assert.deepEqual(await readSidecarBytes(file), { kind: 'folder' });
      rmSync(file, { recursive: true });
      assert.equal(spawnSync('mkfifo', [file]).status, 0);
      assert.deepEqual(await readSidecarBytes(file), { kind: 'special', what: 'a FIFO (named pipe)' });
      await assert.rejects(new NodeSidecarStorage(file).read(), /a\.txt\.annotations\.yaml is a FIFO \(named pipe\), not a sidecar file/);
      rmSync(file);
      symlinkSync('a.txt.annotations.yaml', file);
      assert.equal((await readSidecarBytes(file)).kind, 'link');
    });
  });
});
