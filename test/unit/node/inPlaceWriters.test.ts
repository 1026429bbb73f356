// Adversarial review, finding 6: a colleague's program that writes the sidecar IN PLACE (open
// with O_TRUNC, write, close: not through a rename) and stalls half way, where what it wrote so
// far is a valid sidecar (an annotation boundary). `hashiya anchor` read that part (20 of 40
// annotations), its compare-and-swap saw the same bytes, and it wrote: the rest of the
// colleague's write went into the replaced file, 20 annotations lost. Real processes and files:
// the writer is another process, Hashiya runs as a program (and as a session, like the extension).
import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { AnnotationSet } from '../../../src/core/model/annotationSet';
import { emptySidecar, parseSidecar, serializeSidecar } from '../../../src/core/format/sidecar';
import { SidecarSession } from '../../../src/core/session/sidecarSession';
import { textSha256 } from '../../../src/core/text/textHash';
import {
  QUIET_MS,
  WRITER_WAIT_MS,
  openWriters,
  readFileDuringWrites,
  replaceFileIfUnchanged,
} from '../../../src/node/atomicWrite';
import { NodeSidecarStorage } from '../../../src/node/nodeFiles';
import { repoRoot } from '../../support/fixtures';
import { canRunAsOtherUser, startProgram } from '../../support/program';
import { heavyTimeout } from '../../support/timeouts';

const NOW = '2026-11-29T12:00:00.000Z';

/**
 * A program writing `file` in place: opens it with O_TRUNC (flags `w`, or `r+` to keep it open
 * without writing; `r`: a reader, writes nothing), writes `content` in pieces ending at the byte offsets `cuts`,
 * pausing
 * `pauses[i]` ms after piece i, then closes it. Says "started" after the first piece.
 */
function inPlaceWriter(
  file: string,
  content: Buffer,
  cuts: number[],
  pauses: number[],
  flags = 'w',
): { child: ChildProcess; started: Promise<void>; done: Promise<void> } {
  const script = `
    const fs = require('fs');
    const [file, flags, cuts, pauses] = [process.argv[1], process.argv[2], JSON.parse(process.argv[3]), JSON.parse(process.argv[4])];
    const content = fs.readFileSync(0);
    const wait = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    const fd = fs.openSync(file, flags);
    let at = 0;
    [...cuts, content.length].forEach((cut, i) => {
      if (flags !== 'r') fs.writeSync(fd, content, at, cut - at);
      at = cut;
      if (i === 0) process.stdout.write('started\\n');
      if (i < cuts.length) wait(pauses[i] ?? 0);
    });
    fs.closeSync(fd);
    process.stdout.write('done\\n');`;
  const child = spawn(process.execPath, ['-e', script, file, flags, JSON.stringify(cuts), JSON.stringify(pauses)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin!.end(content);
  const lines = createInterface({ input: child.stdout! });
  const started = new Promise<void>((resolve) =>
    lines.on('line', (l) => {
      if (l === 'started') resolve();
    }),
  );
  const done = new Promise<void>((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}`)))),
  );
  return { child, started, done };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The sample article, its sidecar with `count` actor annotations (every 7th word) and the byte offset where annotation
 * `cutAt` begins.
 */
function colleagueSidecar(count: number, cutAt: number): { text: string; source: string; ids: string[]; cut: number } {
  const text = readFileSync(path.join(repoRoot(), 'samples', 'lavrov-kerry.txt'), 'utf8');
  const set = new AnnotationSet(text);
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  for (let i = 0; i < count; i++) {
    const w = words[i * 7];
    const start = set.index.toCodePoint(w.index!);
    set.add('actor', start, start + [...w[0]].length, { now: NOW });
  }
  const sidecar = emptySidecar('a.txt');
  sidecar.text.sha256 = textSha256(text);
  sidecar.text.length = [...text].length;
  sidecar.annotations = set.annotations;
  const source = serializeSidecar(sidecar);
  const ids = sidecar.annotations.map((a) => a.id);
  const cut = Buffer.byteLength(source.slice(0, source.indexOf(`  - id: "${ids[cutAt]}"`)));
  return { text, source, ids, cut };
}

describe('a program writing the sidecar in place is waited for, never cut off (finding 6)', function () {
  // measured alone on the 2-core machine: about 25 s for the whole block
  this.timeout(heavyTimeout(30_000));
  let dir: string;
  let file: string;
  let colleague: ReturnType<typeof colleagueSidecar>;
  before(() => {
    colleague = colleagueSidecar(40, 20);
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-inplace-'));
    file = path.join(dir, 'a.txt.annotations.yaml');
    // the article was edited (one more space): anchor re-anchors and writes
    writeFileSync(path.join(dir, 'a.txt'), `${colleague.text} `);
    const first = colleagueSidecar(3, 1);
    writeFileSync(file, first.source);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The sidecar now: parsed, with its annotation ids. */
  function onDisk(): { ids: Set<string>; sha256: string } {
    const parsed = parseSidecar(readFileSync(file, 'utf8'));
    assert.ok(parsed.ok, 'the sidecar is valid');
    return { ids: new Set(parsed.sidecar.annotations.map((a) => a.id)), sha256: parsed.sidecar.text.sha256 ?? '' };
  }

  const leftovers = () => readdirSync(dir).filter((n) => n.includes('.hashiya.') || n.includes('.kept-'));

  // [stall at the annotation boundary (ms), anchor started this long after the first piece (ms)]
  const timings: [number, number][] = [
    [300, 0],
    [300, 150],
    [1000, 100],
    [1000, 700],
    [2500, 400],
  ];
  for (const [stall, delay] of timings) {
    it(`stalled ${stall} ms at an annotation boundary, anchor started ${delay} ms in: all 40 annotations kept, then re-anchored`, async () => {
      const writer = inPlaceWriter(file, Buffer.from(colleague.source), [colleague.cut], [stall]);
      await writer.started;
      await sleep(delay);
      const anchor = startProgram(dir, ['anchor', 'a.txt']);
      const [result] = await Promise.all([anchor.done, writer.done]);
      assert.equal(result.code, 0, [...result.out.slice(-3), ...result.err].join('\n'));
      assert.deepEqual(result.err, []);
      const now = onDisk();
      assert.deepEqual(
        colleague.ids.filter((id) => !now.ids.has(id)),
        [],
        "none of the colleague's annotations lost",
      );
      assert.equal(
        now.sha256,
        textSha256(`${colleague.text} `),
        'anchor wrote after the colleague, for the edited article',
      );
      assert.deepEqual(leftovers(), []);
    });
  }

  it('a program writing it piece by piece (cut anywhere, 60 ms apart) while anchor runs: all kept', async () => {
    const bytes = Buffer.from(colleague.source);
    const cuts = Array.from({ length: 11 }, (_, i) => Math.floor((bytes.length * (i + 1)) / 12));
    const writer = inPlaceWriter(
      file,
      bytes,
      cuts,
      cuts.map(() => 60),
    );
    await writer.started;
    const anchor = startProgram(dir, ['anchor', 'a.txt']);
    const [result] = await Promise.all([anchor.done, writer.done]);
    assert.equal(result.code, 0, result.out.slice(-3).join('\n'));
    assert.equal(onDisk().ids.size, 40);
  });

  it('a session (as in VS Code) that adds an annotation while the program stalls: both kept', async () => {
    const writer = inPlaceWriter(file, Buffer.from(colleague.source), [colleague.cut], [800]);
    await writer.started;
    const session = new SidecarSession(new NodeSidecarStorage(file), 'a.txt', `${colleague.text} `);
    await session.load();
    const ours = await session.add('date', 0, 3, { now: NOW });
    await session.flush();
    await writer.done;
    // what was loaded waited for the whole file: everything is in the session and on disk
    const now = onDisk();
    assert.ok(now.ids.has(ours.id), 'ours written');
    assert.deepEqual(
      colleague.ids.filter((id) => !now.ids.has(id)),
      [],
      'theirs kept',
    );
    assert.equal(session.set.size, 41);
  });

  it('openWriters names the processes that hold the file open for writing, not readers', async function () {
    if (process.platform !== 'linux') this.skip();
    const reader = inPlaceWriter(file, Buffer.from('xx'), [1], [400], 'r');
    await reader.started;
    assert.deepEqual(openWriters(file, true), [], 'a reader is no writer');
    await reader.done;
    const holder = inPlaceWriter(file, Buffer.from(colleague.source), [colleague.cut], [400], 'r+');
    await holder.started;
    assert.deepEqual(openWriters(file, true), [holder.child.pid]);
    await holder.done;
    assert.deepEqual(openWriters(file, true), []);
  });

  for (const known of ['read', 'written'] as const) {
    it(`a program that opens the file after Hashiya ${known} it (a state it knows) is still looked for before the swap: its write is kept (found by a review)`, async function () {
      if (process.platform !== 'linux') this.skip();
      const decode = (b: Buffer) => b.toString('utf8');
      let before = readFileSync(file, 'utf8');
      if (known === 'read') await readFileDuringWrites(file);
      else {
        const ours = `${before}# ours first\n`;
        assert.deepEqual(await replaceFileIfUnchanged(file, ours, before, { decode }), { written: true });
        before = ours;
      }
      // opened for reading and writing, nothing written for 1 s, then a longer version written in place
      const theirs = `${before}# a colleague's program\n`;
      const holder = inPlaceWriter(file, Buffer.from(theirs), [0], [1000], 'r+');
      await holder.started;
      const r = await replaceFileIfUnchanged(file, `${before}# ours\n`, before, { decode });
      await holder.done;
      assert.deepEqual(r, { written: false, current: theirs }, 'theirs is handed back to be merged, not replaced');
      assert.equal(readFileSync(file, 'utf8'), theirs);
      assert.deepEqual(leftovers(), []);
    });
  }

  it('a reader waits until the program has finished, then reads the whole file', async () => {
    const writer = inPlaceWriter(file, Buffer.from(colleague.source), [colleague.cut], [500]);
    await writer.started;
    const read = await readFileDuringWrites(file);
    assert.equal(read?.toString('utf8'), colleague.source);
    await writer.done;
  });

  it(`a program that keeps the file open for writing longer than ${WRITER_WAIT_MS / 1000} s: the write is refused (EBUSY, naming it), nothing replaced`, async () => {
    const before = readFileSync(file, 'utf8');
    const holder = inPlaceWriter(file, Buffer.from(before), [1], [WRITER_WAIT_MS + 3000], 'r+');
    await holder.started;
    try {
      await assert.rejects(
        replaceFileIfUnchanged(file, 'ours', before, { decode: (b) => b.toString('utf8') }),
        (e: NodeJS.ErrnoException) =>
          e.code === 'EBUSY' &&
          /a\.txt\.annotations\.yaml is being written by another program \(node, process \d+\)/.test(e.message),
      );
      assert.equal(readFileSync(file, 'utf8'), before);
      assert.deepEqual(leftovers(), []);
    } finally {
      holder.child.kill();
    }
  });

  it(`where other processes cannot be seen (another user's writer), a file written less than ${QUIET_MS} ms ago is waited for`, async function () {
    if (!canRunAsOtherUser()) this.skip(); // needs root and runuser: Hashiya runs as nobody, the writer as root
    chmodSync(dir, 0o777);
    chmodSync(file, 0o666);
    chownSync(path.join(dir, 'a.txt'), 65534, 65534);
    // pieces 30 ms apart: never quiet for QUIET_MS until the end
    const bytes = Buffer.from(colleague.source);
    const cuts = Array.from({ length: 19 }, (_, i) => Math.floor((bytes.length * (i + 1)) / 20));
    const writer = inPlaceWriter(
      file,
      bytes,
      cuts,
      cuts.map(() => 30),
    );
    await writer.started;
    const anchor = startProgram(dir, ['anchor', 'a.txt'], { user: 'nobody' });
    const [result] = await Promise.all([anchor.done, writer.done]);
    assert.equal(result.code, 0, [...result.out.slice(-3), ...result.err].join('\n'));
    const now = onDisk();
    assert.equal(now.ids.size, 40);
    assert.equal(now.sha256, textSha256(`${colleague.text} `));
  });
});
