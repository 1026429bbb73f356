// src/node/nodeFiles.ts: NodeSidecarStorage.holds (issue 12: the look that spares an action re-reading an
// unchanged sidecar must never take a change by someone else for no change, even one of the same size
// within the file system's time granularity), and the clean-up that readers of many sidecars do before
// they read (the workspace scan of the Articles view, the Entities tree and the conflict index).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync,
  statSync, symlinkSync, utimesSync, writeFileSync, writeSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSidecar } from '../../../src/core/format/sidecar';
import { SidecarSession } from '../../../src/core/session/sidecarSession';
import { baseTag } from '../../../src/node/atomicWrite';
import { NodeSidecarStorage, cleanLeftoversBeside, filesUnder, findFilesUnder } from '../../../src/node/nodeFiles';
import { TEST_PROVENANCE as NOW } from '../../support/model';

const TEXT = 'The governor said the curfew will end on Friday in Basra.';

/** A whole second: set as the file's times, it reads back exactly. */
const TICK = 1_790_000_000;

/** Writes `content` into `file` in place (same inode) within the same time tick: its times stay as they were. */
function sameSizeSameTime(file: string, content: string): void {
  utimesSync(file, TICK, TICK);
  const before = statSync(file);
  assert.equal(Buffer.byteLength(content), before.size, 'same size');
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, content, 0, 'utf8');
  } finally {
    closeSync(fd);
  }
  utimesSync(file, TICK, TICK);
  assert.equal(statSync(file).mtimeMs, before.mtimeMs);
  assert.equal(statSync(file).ino, before.ino);
}

describe('node/nodeFiles: NodeSidecarStorage.holds (issue 12)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-holds-'));
    file = path.join(dir, 'a.txt.annotations.yaml');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('says yes only for what it last read or wrote, while the file holds it byte for byte', async () => {
    writeFileSync(file, 'version: 1\n');
    const storage = new NodeSidecarStorage(file);
    assert.equal(await storage.holds('version: 1\n'), false, 'nothing read yet');
    const text = await storage.read();
    assert.equal(await storage.holds(text!), true);
    assert.equal(await storage.holds('version: 2\n'), false, 'another text');
    assert.equal((await storage.write('version: 2\n', text)).written, true);
    assert.equal(await storage.holds('version: 2\n'), true, 'what it wrote');
    assert.equal(await storage.holds(text!), false);
    rmSync(file);
    assert.equal(await storage.holds('version: 2\n'), false, 'no file');
  });

  it('a change of the same size, same inode and same modification time is seen', async () => {
    writeFileSync(file, 'note: aaaa\n');
    utimesSync(file, TICK, TICK);
    const storage = new NodeSidecarStorage(file);
    const text = await storage.read();
    sameSizeSameTime(file, 'note: bbbb\n');
    assert.equal(await storage.holds(text!), false);
  });

  it('a write refused by the compare-and-swap forgets what was held', async () => {
    writeFileSync(file, 'a: 1\n');
    const storage = new NodeSidecarStorage(file);
    const text = await storage.read();
    writeFileSync(file, 'a: 2\n');
    assert.equal((await storage.write('a: 3\n', text)).written, false);
    assert.equal(await storage.holds(text!), false);
    assert.equal(await storage.holds('a: 3\n'), false);
  });

  it('the file replaced by a rename with the same bytes still holds them', async () => {
    writeFileSync(file, 'a: 1\n');
    const storage = new NodeSidecarStorage(file);
    const text = await storage.read();
    writeFileSync(`${file}.new`, 'a: 1\n');
    renameSync(`${file}.new`, file);
    assert.equal(await storage.holds(text!), true);
  });

  it('a session takes in an outside change of the same size and time before its next action (never written over)', async () => {
    const storage = new NodeSidecarStorage(file);
    const session = new SidecarSession(storage, 'a.txt', TEXT);
    await session.load();
    const governor = await session.add('actor', 4, 12, NOW);
    await session.update(governor.id, { note: 'aaaa' }, NOW);
    utimesSync(file, TICK, TICK);
    const written = readFileSync(file, 'utf8');
    assert.ok(written.includes('note: "aaaa"'), written);
    // a colleague's tool rewrites the note in place within the same time tick
    sameSizeSameTime(file, written.replace('note: "aaaa"', 'note: "bbbb"'));
    const basra = await session.add('actor', 51, 56, NOW);
    const parsed = parseSidecar(readFileSync(file, 'utf8'));
    assert.ok(parsed.ok);
    const byId = new Map(parsed.sidecar.annotations.map((a) => [a.id, a]));
    assert.equal(byId.get(governor.id)?.note, 'bbbb', 'their change kept');
    assert.ok(byId.has(basra.id), 'ours written');
    assert.equal(session.set.get(governor.id)?.note, 'bbbb', 'and taken in here');
  });
});

const HOST = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6);

/** A process id that is not running (a child that has exited). */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('clean-up beside a sidecar for readers of many (src/node/nodeFiles)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-beside-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const temp = (name: string, pid: number) => path.join(dir, `.${name}.hashiya.${HOST}.${pid}.abcd1234.tmp`);
  const swap = (name: string, pid: number, base: string) =>
    path.join(dir, `.${name}.hashiya.${HOST}.${pid}.abcd1234.${base}.swap`);

  it('cleans the whole folder (every sidecar\'s leftovers), keeps a swap holding another change under a visible name', () => {
    const a = path.join(dir, 'a.txt.annotations.yaml');
    const b = path.join(dir, 'b.txt.annotations.yaml');
    writeFileSync(a, 'version: 1\n');
    writeFileSync(b, 'version: 1\n');
    const pid = deadPid();
    writeFileSync(temp('a.txt.annotations.yaml', pid), '');
    writeFileSync(swap('b.txt.annotations.yaml', pid, baseTag('the base')), 'version: 1\n# a colleague\'s change\n');
    const kept = cleanLeftoversBeside(a);
    assert.equal(kept.length, 1, kept.join(', '));
    assert.match(path.basename(kept[0]!), /^b\.txt\.annotations\.yaml\.kept-.*\.yaml$/);
    assert.match(readFileSync(kept[0]!, 'utf8'), /a colleague's change/);
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp') || n.endsWith('.swap')), []);
  });

  it('a sidecar a killed save moved away is put back before it is read', () => {
    const a = path.join(dir, 'a.txt.annotations.yaml');
    writeFileSync(swap('a.txt.annotations.yaml', deadPid(), baseTag('version: 1\n')), 'version: 1\n');
    assert.deepEqual(cleanLeftoversBeside(a), []);
    assert.equal(readFileSync(a, 'utf8'), 'version: 1\n');
  });

  it('at most every 10 s per folder (a listing reads a thousand sidecars of a few folders)', () => {
    const a = path.join(dir, 'a.txt.annotations.yaml');
    writeFileSync(a, 'version: 1\n');
    cleanLeftoversBeside(a);
    const later = temp('a.txt.annotations.yaml', deadPid());
    writeFileSync(later, '');
    cleanLeftoversBeside(path.join(dir, 'b.txt.annotations.yaml'));
    assert.ok(existsSync(later), 'the folder is not listed again within 10 s');
    // a sidecar read again because it changed or came: cleaned beside it at once, whatever the folder's last time
    const other = temp('b.txt.annotations.yaml', deadPid());
    writeFileSync(other, '');
    cleanLeftoversBeside(a, false);
    assert.ok(!existsSync(later), 'its own leftovers are cleaned');
    assert.ok(existsSync(other), 'only its own');
  });

  it('a linked sidecar: the folder of its target is cleaned; a folder that cannot be listed gives nothing', () => {
    const target = path.join(dir, 'elsewhere');
    mkdirSync(target);
    writeFileSync(path.join(target, 'a.txt.annotations.yaml'), 'version: 1\n');
    const left = temp('a.txt.annotations.yaml', deadPid()).replace(dir, target);
    writeFileSync(left, '');
    const link = path.join(dir, 'inner', 'a.txt.annotations.yaml');
    mkdirSync(path.dirname(link));
    symlinkSync(path.join(target, 'a.txt.annotations.yaml'), link);
    cleanLeftoversBeside(link);
    assert.ok(!existsSync(left));
    assert.deepEqual(cleanLeftoversBeside(path.join(dir, 'missing', 'x.annotations.yaml')), []);
  });
});

describe('the workspace walk of the views (findFilesUnder, src/node/nodeFiles)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-walk-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const put = (rel: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), '');
  };

  it('finds what the synchronous walk finds (links followed once, node_modules and .git skipped), filtered', async () => {
    for (const rel of ['a.txt', 'a.txt.annotations.yaml', 'x/b.md', 'x/y/c.txt', 'node_modules/p/d.txt', '.git/e.txt',
      'x/y/z/notes.json']) put(rel);
    symlinkSync(path.join(dir, 'x'), path.join(dir, 'link-to-x'));
    symlinkSync(dir, path.join(dir, 'x', 'loop'));
    const text = (f: string) => /\.(txt|md|annotations\.yaml)$/.test(f);
    const found = (await findFilesUnder(dir, text, 100)).sort();
    // the same files (a linked folder may be reached by another of its paths)
    const real = (files: string[]) => files.map((f) => realpathSync(f)).sort();
    assert.deepEqual(real(found), real(filesUnder(dir).filter(text)));
    assert.equal(new Set(real(found)).size, found.length, 'each file once');
    assert.deepEqual(await findFilesUnder(dir, text, 100), await findFilesUnder(dir, text, 100), 'the same each time');
    assert.ok(found.includes(path.join(dir, 'link-to-x', 'b.md')), found.join(', '));
    assert.ok(!found.some((f) => f.includes('node_modules') || f.includes('.git')), found.join(', '));
  });

  it('lists a link to nothing (its reader says so), never a FIFO (a read would wait forever)', async function () {
    if (process.platform === 'win32') this.skip();
    put('a.txt');
    symlinkSync(path.join(dir, 'gone.txt'), path.join(dir, 'dangling.txt'));
    spawnSync('mkfifo', [path.join(dir, 'pipe.txt')]);
    const found = (await findFilesUnder(dir, () => true, 10)).map((f) => path.basename(f)).sort();
    assert.deepEqual(found, ['a.txt', 'dangling.txt']);
  });

  it('stops at `max`; a folder that is not there gives nothing', async () => {
    for (let i = 0; i < 30; i++) put(`f${i % 3}/a${i}.txt`);
    assert.equal((await findFilesUnder(dir, () => true, 7)).length, 7);
    assert.deepEqual(await findFilesUnder(path.join(dir, 'missing'), () => true, 10), []);
  });
});
