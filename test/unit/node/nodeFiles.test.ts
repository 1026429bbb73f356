// NodeSidecarStorage.holds (issue 12): the look that spares an action re-reading an unchanged sidecar
// must never take a change by someone else for no change, even one of the same size within the
// file system's time granularity.
import { strict as assert } from 'node:assert';
import { mkdtempSync, openSync, rmSync, statSync, utimesSync, writeFileSync, writeSync, closeSync, readFileSync, renameSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeSidecarStorage } from '../../../src/node/nodeFiles';
import { SidecarSession } from '../../../src/core/session/sidecarSession';
import { parseSidecar } from '../../../src/core/format/sidecar';
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
