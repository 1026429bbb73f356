// Random interleavings of actions, text edits, reloads and other writers (an adversarial review's fuzzer).
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  SidecarSession,
  type SidecarStorage,
  BrokenSidecarError,
  TextChangedError,
} from '../../../../src/core/session/sidecarSession';
import { parseSidecar } from '../../../../src/core/format/sidecar';
import { anchorToText } from '../../../../src/core/anchoring/anchoring';
import { splitsCrLf } from '../../../../src/core/text/offsets';
import { textSha256 } from '../../../../src/core/text/textHash';
import { heavyTimeout } from '../../../support/timeouts';

const NOW = { author: 'tester', now: '2026-11-29T12:00:00.000Z' };
class MemoryStorage implements SidecarStorage {
  writes: string[] = [];
  constructor(public content?: string) {}
  async read() {
    return this.content;
  }
  async write(content: string) {
    this.writes.push(content);
    this.content = content;
  }
}
const WORDS = [
  'قال',
  'الوزير',
  'إن',
  'السد',
  'متصدع',
  'the',
  'dam',
  'is',
  'cracked',
  '\r\n',
  '\n',
  '👩‍👧',
  'كَتَبَ',
  '12',
  '١٢',
];
const wordArb = fc.constantFrom(...WORDS);
const textArb = fc.array(wordArb, { minLength: 3, maxLength: 12 }).map((w) => w.join(' '));

type Op =
  | { k: 'add'; a: number; b: number }
  | { k: 'remove'; i: number }
  | { k: 'note'; i: number; note: string }
  | { k: 'undo' }
  | { k: 'redo' }
  | { k: 'edit'; at: number; del: number; ins: string }
  | { k: 'flush' }
  | { k: 'external'; what: 'add' | 'remove' | 'note'; i: number }
  | { k: 'replaceText'; at: number; del: number; ins: string }
  | { k: 'reload' }
  | { k: 'break' }
  | { k: 'fix' };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('add' as const), a: fc.nat(200), b: fc.nat(200) }),
  fc.record({ k: fc.constant('remove' as const), i: fc.nat(10) }),
  fc.record({ k: fc.constant('note' as const), i: fc.nat(10), note: fc.constantFrom('n1', 'n2', '') }),
  fc.constant({ k: 'undo' as const }),
  fc.constant({ k: 'redo' as const }),
  fc.constant({ k: 'undo' as const }),
  fc.constant({ k: 'redo' as const }),
  fc.record({
    k: fc.constant('edit' as const),
    at: fc.nat(200),
    del: fc.nat(8),
    ins: fc.array(wordArb, { maxLength: 2 }).map((w) => w.join(' ')),
  }),
  // characters that join the one before them (a ZWJ sequence, an accent, a haraka, a flag's second half): never an
  // offset inside the cluster they make
  fc.record({
    k: fc.constant('edit' as const),
    at: fc.nat(200),
    del: fc.constant(0),
    ins: fc.constantFrom('\u200D👧', '\u0301', '\u064E', '🇴', '\u200D'),
  }),
  fc.constant({ k: 'flush' as const }),
  fc.record({
    k: fc.constant('external' as const),
    what: fc.constantFrom('add' as const, 'remove' as const, 'note' as const),
    i: fc.nat(10),
  }),
  fc.record({
    k: fc.constant('replaceText' as const),
    at: fc.nat(200),
    del: fc.nat(8),
    ins: fc.array(wordArb, { maxLength: 2 }).map((w) => w.join(' ')),
  }),
  fc.constant({ k: 'reload' as const }),
  fc.constant({ k: 'break' as const }),
  fc.constant({ k: 'fix' as const }),
);

function edited(text: string, at: number, del: number, ins: string) {
  const cps = [...text];
  let s = at % (cps.length + 1);
  let e = Math.min(cps.length, s + del);
  // never split CR LF or produce mixed... keep simple: move off CRLF middle
  const u = (cp: number) => cps.slice(0, cp).join('').length;
  if (splitsCrLf(text, u(s))) s--;
  if (splitsCrLf(text, u(e))) e++;
  const next = cps.slice(0, s).join('') + ins + cps.slice(e).join('');
  return { change: { start: s, end: e, text: ins }, next };
}
function graphemeSpan(text: string, a: number, b: number): [number, number] | undefined {
  const cps = [...text];
  if (cps.length === 0) return undefined;
  let s = Math.min(a, b) % cps.length,
    e = Math.max(a, b) % (cps.length + 1);
  if (s >= e) return undefined;
  return [s, e];
}

function invariants(s: SidecarSession, storage: MemoryStorage, log: string[], broken = false) {
  const cps = [...s.set.text];
  for (const a of s.set.annotations) {
    if (a.anchored === 'orphaned') {
      assert.equal(a.start, a.end, 'orphan is a point');
      continue;
    }
    assert.equal(
      cps.slice(a.start, a.end).join(''),
      a.quote,
      `memory: ${a.id} ${a.start}..${a.end} ${JSON.stringify(a.quote)}\n${log.join('\n')}`,
    );
  }
  if (!broken && storage.content !== undefined && s.state.kind === 'ready') {
    const p = parseSidecar(storage.content);
    assert.ok(p.ok, 'disk parses\n' + log.join('\n'));
    if (p.sidecar.text.sha256 === textSha256(s.set.text)) {
      const r = anchorToText(s.set.text, p.sidecar);
      assert.ok(r.ok, `disk sidecar refused: ${JSON.stringify(!r.ok && r.problems)}\n${log.join('\n')}`);
    }
  }
}

describe('sidecar session: random interleavings (fuzz)', function () {
  this.timeout(heavyTimeout(1600));
  it('random interleavings keep quotes on their words and write only valid sidecars', async () => {
    await fc.assert(
      fc.asyncProperty(textArb, fc.array(opArb, { minLength: 1, maxLength: 25 }), async (text0, ops) => {
        const storage = new MemoryStorage();
        const s = new SidecarSession(storage, 'a.txt', text0);
        await s.load();
        const log: string[] = [`text0 ${JSON.stringify(text0)}`];
        const known = new Set<string>();
        const externallyRemoved = new Set<string>();
        let brokenContent: string | undefined;
        let goodContent: string | undefined;
        for (const op of ops) {
          log.push(JSON.stringify(op));
          const before = new Set(s.set.annotations.map((a) => a.id));
          const ids = [...before].sort();
          try {
            switch (op.k) {
              case 'add': {
                const span = graphemeSpan(s.set.text, op.a, op.b);
                if (!span) break;
                try {
                  const a = await s.add('claim', span[0], span[1], NOW);
                  known.add(a.id);
                } catch (e) {
                  if (!(e instanceof RangeError)) throw e;
                }
                break;
              }
              case 'remove':
                if (ids.length) await s.remove(ids[op.i % ids.length]);
                break;
              case 'note':
                if (ids.length) await s.update(ids[op.i % ids.length], { note: op.note }, NOW);
                break;
              case 'undo':
                await s.undo();
                break;
              case 'redo':
                await s.redo();
                break;
              case 'edit': {
                const { change, next } = edited(s.set.text, op.at, op.del, op.ins);
                s.applyTextChanges([change], next);
                break;
              }
              case 'flush':
                await s.flush();
                break;
              case 'replaceText': {
                const { next } = edited(s.set.text, op.at, op.del, op.ins);
                s.replaceText(next);
                break;
              }
              case 'reload':
                await s.reloadFromDisk();
                break;
              case 'break':
                if (storage.content !== undefined && brokenContent === undefined) {
                  goodContent = storage.content;
                  brokenContent = storage.content + '\n  - {';
                  storage.content = brokenContent;
                }
                break;
              case 'fix':
                if (brokenContent !== undefined) {
                  storage.content = goodContent;
                  brokenContent = undefined;
                }
                break;
              case 'external': {
                if (storage.content === undefined || brokenContent !== undefined) break;
                const other = new SidecarSession(new MemoryStorage(storage.content), 'a.txt', s.set.text);
                const st = await other.load();
                if (st.kind !== 'ready') break;
                const oids = other.set.annotations.map((a) => a.id).sort();
                const otherStorage = (other as any).storage as MemoryStorage;
                if (op.what === 'add') {
                  const cps = [...s.set.text];
                  if (cps.length < 2) break;
                  try {
                    await other.add('actor', 0, 1, NOW);
                  } catch {
                    break;
                  }
                } else if (op.what === 'remove' && oids.length) {
                  externallyRemoved.add(oids[op.i % oids.length]);
                  await other.remove(oids[op.i % oids.length]);
                } else if (op.what === 'note' && oids.length)
                  await other.update(oids[op.i % oids.length], { note: 'theirs' }, NOW);
                else await other.flush();
                if (otherStorage.content !== undefined) storage.content = otherStorage.content;
                break;
              }
            }
          } catch (e) {
            if (e instanceof TextChangedError || e instanceof BrokenSidecarError) continue;
            throw e;
          }
          if (brokenContent !== undefined)
            assert.equal(storage.content, brokenContent, 'a broken sidecar was overwritten\n' + log.join('\n'));
          invariants(s, storage, log, brokenContent !== undefined);
          const after = new Set(s.set.annotations.map((a) => a.id));
          if (['edit', 'flush', 'replaceText', 'add'].includes(op.k)) {
            for (const id of before)
              assert.ok(after.has(id) || externallyRemoved.has(id), `${id} lost by ${op.k}\n${log.join('\n')}`);
          }
        }
      }),
      { numRuns: 1500, seed: Number(process.env.SEED ?? 1) },
    );
  });
});
