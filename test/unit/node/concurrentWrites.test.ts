// Issue 8, item 1 (lost update): a sidecar replaced on disk while Hashiya writes a large one was
// overwritten in 3 of 20 runs. A REAL race, no mocks: a 5,000-annotation sidecar written by a
// session in this process, or by `hashiya anchor`, while another process replaces the file at
// random moments (blindly, by rename as git does, or in place as some editors do), or another
// Hashiya session (another window) writes it too. Every run must end with a valid sidecar that
// holds both sides' annotations; the only exception is a blind write landing after ours, which
// leaves exactly their file (their write was the last one; ours was not lost by us).
import { strict as assert } from 'node:assert';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { parseSidecar } from '../../../src/core/format/sidecar';
import { SidecarSession } from '../../../src/core/session/sidecarSession';
import { textSha256 } from '../../../src/core/text/textHash';
import { NodeSidecarStorage } from '../../../src/node/nodeFiles';
import { repoRoot } from '../../support/fixtures';
import { largeSidecar } from '../../support/largeSidecar';
import { heavyTimeout } from '../../support/timeouts';

/** A writer process (writers.child.ts) answering one JSON line per command. */
class Writer {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly answers: unknown[] = [];
  private waiting: ((answer: unknown) => void) | undefined;

  constructor(mode: string, file: string, article?: string) {
    const script = path.join(repoRoot(), 'out', 'test', 'unit', 'node', 'writers.child.js');
    this.proc = spawn(process.execPath, [script, mode, file, ...(article ? [article] : [])], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr.on('data', (d) => process.stderr.write(d));
    createInterface({ input: this.proc.stdout }).on('line', (line) => {
      const answer = JSON.parse(line);
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(answer);
      } else {
        this.answers.push(answer);
      }
    });
  }

  next<T = Record<string, unknown>>(): Promise<T> {
    const ready = this.answers.shift();
    if (ready !== undefined) return Promise.resolve(ready as T);
    return new Promise((resolve) => { this.waiting = resolve as (a: unknown) => void; });
  }

  /** Sends a command and waits until the writer has it (then its delay runs). */
  async send(command: object): Promise<void> {
    this.proc.stdin.write(`${JSON.stringify(command)}\n`);
    await this.next();
  }

  stop(): void {
    this.proc.kill();
  }
}

/** `source` with one more annotation appended (on code points [start, end) of `text`), as a colleague's version. */
function withAnnotation(source: string, text: string, id: string, start: number, end: number): string {
  const quote = [...text].slice(start, end).join('');
  return `${source}  - id: "${id}"\n    label: "actor"\n    start: ${start}\n    end: ${end}\n    quote: ${JSON.stringify(quote)}\n    note: "theirs"\n`;
}

/** Code-point spans of the words of `text`. */
function wordSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let cp = 0;
  let start = -1;
  for (const ch of text) {
    const space = /\s/u.test(ch);
    if (!space && start < 0) start = cp;
    if (space && start >= 0) {
      spans.push([start, cp]);
      start = -1;
    }
    cp++;
  }
  if (start >= 0) spans.push([start, cp]);
  return spans;
}

function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.includes('.hashiya.') || n.endsWith('.tmp') || n.includes('.kept-'));
}

const ms = () => Number(process.hrtime.bigint() / 1000n) / 1000;

/** Runs of the race (issue 8, item 1: at least 20 in all), each with a 5,000-annotation sidecar. */
const SESSION_RUNS = 20;
const ANCHOR_RUNS = 6;

describe('concurrent writes: a sidecar replaced on disk while Hashiya writes it is merged, never overwritten', function () {
  // measured on the shared 2-core machine (load 2 to 7): 100 to 170 s for the session runs,
  // 45 to 75 s for the `hashiya anchor` runs
  this.timeout(heavyTimeout(170_000));
  let dir: string;
  let big: ReturnType<typeof largeSidecar>;
  let words: [number, number][];

  before(() => {
    big = largeSidecar(5000);
    words = wordSpans(big.text);
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-race-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it(`a session writing a 5,000-annotation sidecar vs. blind replacements (rename, in place) and another Hashiya session at random moments: ${SESSION_RUNS} runs, nothing lost`, async () => {
    const file = path.join(dir, 'article.txt.annotations.yaml');
    const articleFile = path.join(dir, 'article.txt');
    writeFileSync(articleFile, big.text);
    writeFileSync(file, big.source);
    const session = new SidecarSession(new NodeSidecarStorage(file), 'article.txt', big.text);
    await session.load();
    let concurrent = 0;
    session.onChange((c) => { if (c.concurrent) concurrent++; });
    const blind = new Writer('replace', file);
    const other = new Writer('session', file, articleFile);
    await blind.next();
    await other.next();
    const outcomes: Record<string, number> = {};
    const count = (what: string) => { outcomes[what] = (outcomes[what] ?? 0) + 1; };
    try {
      // how long an add takes here, to place the other write inside it
      let t = ms();
      const [ws, we] = words[7];
      await session.add('actor', ws, we, { now: '2026-11-29T12:00:00.000Z' });
      let window = ms() - t;
      const runs = SESSION_RUNS;
      for (let run = 0; run < runs; run++) {
        const kind = run % 5 === 4 ? 'session' : run % 5 < 2 ? 'rename' : 'inplace';
        const after = run % 2 === 0 ? 'start' : 'temp';
        // from the start: inside the session's read, merge and serialization; after the temporary
        // file appears: inside the storage's write and swap
        const delayMs = after === 'start' ? Math.random() * window * 0.7 : Math.random() * 10;
        const [os1, oe1] = words[11 + run * 13];
        const [ts1, te1] = words[17 + run * 13];
        const theirId = `their${String(run).padStart(4, '0')}x`;
        const before = readFileSync(file, 'utf8');
        const theirs = withAnnotation(before, big.text, theirId, ts1, te1);
        concurrent = 0;
        t = ms();
        let otherDone: Promise<Record<string, unknown>>;
        if (kind === 'session') {
          await other.send({ delayMs: after === 'start' ? delayMs : 0, start: ts1, end: te1, label: 'claim' });
          otherDone = other.next();
        } else {
          await blind.send({ content: theirs, delayMs, how: kind, after });
          otherDone = blind.next();
        }
        const ours = await session.add('actor', os1, oe1, { now: '2026-11-29T12:00:00.000Z' });
        if (!concurrent) window = Math.max(50, ms() - t);
        const done = await otherDone;
        assert.equal(done.error, undefined, `run ${run}: the other writer failed: ${done.error}`);
        const final = readFileSync(file, 'utf8');
        const parsed = parseSidecar(final);
        assert.ok(parsed.ok, `run ${run} (${kind}, ${after}): the sidecar is broken`);
        const ids = new Set(parsed.sidecar.annotations.map((a) => a.id));
        const otherId = kind === 'session' ? String(done.id) : theirId;
        assert.ok(ids.has(otherId), `run ${run} (${kind}, ${after}, ${delayMs.toFixed(1)} ms): their annotation was lost`);
        if (ids.has(ours.id)) {
          count(`${kind}/${after}: both kept${concurrent ? ', merged after a concurrent change' : ''}`);
        } else {
          assert.notEqual(kind, 'session', `run ${run}: another Hashiya session replaced ours`);
          assert.equal(final, theirs, `run ${run} (${kind}): our annotation is missing, yet the file is not exactly theirs`);
          count(`${kind}/${after}: their blind write came last`);
        }
        // nothing of the earlier runs was lost either (the blind writer copies what it found)
        for (const a of big.annotations) assert.ok(ids.has(a.id), `run ${run}: ${a.id} lost`);
        assert.deepEqual(leftovers(dir), [], `run ${run}: files left beside the sidecar`);
      }
      // enough runs must land inside the write (between its read and its rename), else the test proves little
      const inside = Object.entries(outcomes).filter(([k]) => k.includes('concurrent')).reduce((n, [, v]) => n + v, 0);
      assert.ok(inside >= 5, `only ${inside} runs hit the window between read and write: ${JSON.stringify(outcomes)}`);
      if (process.env.HASHIYA_RACE_REPORT) process.stdout.write(`      session race outcomes: ${JSON.stringify(outcomes)}\n`);
    } finally {
      blind.stop();
      other.stop();
    }
  });

  it(`\`hashiya anchor\` re-anchoring a 5,000-annotation sidecar vs. blind replacements at random moments: ${ANCHOR_RUNS} runs, nothing lost`, async () => {
    const file = path.join(dir, 'article.txt.annotations.yaml');
    const articleFile = path.join(dir, 'article.txt');
    // the article was corrected: a line added at its end (the sidecar's hash no longer matches)
    const newText = `${big.text}تم التحديث\n`;
    writeFileSync(articleFile, newText);
    const cli = path.join(repoRoot(), 'dist', 'cli.js');
    const blind = new Writer('replace', file);
    await blind.next();
    const outcomes: Record<string, number> = {};
    const count = (what: string) => { outcomes[what] = (outcomes[what] ?? 0) + 1; };
    const anchor = () => new Promise<{ code: number | null; out: string }>((resolve) => {
      const proc = spawn(process.execPath, [cli, 'anchor', articleFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      proc.stdout.on('data', (d) => { out += d; });
      proc.stderr.on('data', (d) => { out += d; });
      proc.on('exit', (code) => resolve({ code, out }));
    });
    try {
      writeFileSync(file, big.source);
      let t = ms();
      const warm = await anchor();
      assert.equal(warm.code, 0, warm.out);
      let window = ms() - t;
      const runs = ANCHOR_RUNS;
      for (let run = 0; run < runs; run++) {
        writeFileSync(file, big.source);
        const kind = run % 2 === 0 ? 'rename' : 'inplace';
        const after = run % 3 === 2 ? 'temp' : 'start';
        const delayMs = after === 'start' ? Math.random() * window * 0.8 : Math.random() * 10;
        const [ts1, te1] = words[19 + run * 11];
        const theirId = `their${String(run).padStart(4, '0')}x`;
        const theirs = withAnnotation(big.source, big.text, theirId, ts1, te1);
        t = ms();
        await blind.send({ content: theirs, delayMs, how: kind, after });
        const result = await anchor();
        window = Math.max(100, ms() - t);
        await blind.next();
        assert.equal(result.code, 0, `run ${run}: ${result.out.split('\n').slice(-3).join('\n')}`);
        const final = readFileSync(file, 'utf8');
        const parsed = parseSidecar(final);
        assert.ok(parsed.ok, `run ${run} (${kind}, ${after}): the sidecar is broken`);
        const ids = new Set(parsed.sidecar.annotations.map((a) => a.id));
        assert.ok(ids.has(theirId), `run ${run} (${kind}, ${after}, ${delayMs.toFixed(1)} ms): their annotation was lost`);
        for (const a of big.annotations) assert.ok(ids.has(a.id), `run ${run}: ${a.id} lost`);
        if (parsed.sidecar.text.sha256 === textSha256(newText)) {
          const their = parsed.sidecar.annotations.find((a) => a.id === theirId)!;
          assert.equal(their.quote, [...newText].slice(their.start, their.end).join(''), `run ${run}: their annotation is not on its words`);
          count(`${kind}/${after}: both kept${/merged/.test(result.out) ? ', merged after a concurrent change' : ''}`);
        } else {
          assert.equal(final, theirs, `run ${run} (${kind}): not re-anchored, yet the file is not exactly theirs`);
          count(`${kind}/${after}: their blind write came last`);
        }
        assert.deepEqual(leftovers(dir), [], `run ${run}: files left beside the sidecar`);
      }
      const inside = Object.entries(outcomes).filter(([k]) => k.includes('concurrent')).reduce((n, [, v]) => n + v, 0);
      assert.ok(inside >= 1, `no run hit the window between read and write: ${JSON.stringify(outcomes)}`);
      if (process.env.HASHIYA_RACE_REPORT) process.stdout.write(`      anchor race outcomes: ${JSON.stringify(outcomes)}\n`);
    } finally {
      blind.stop();
    }
  });
});

