import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Annotation } from '../../../../src/core/model/annotation';
import { type Sidecar, serializeSidecar } from '../../../../src/core/format/sidecar';
import { summariseSidecar, summaryOfSidecar } from '../../../../src/core/corpus/articleSummary';
import { largeSidecar } from '../../../support/largeSidecar';
import { heavyTimeout } from '../../../support/timeouts';

const base: Sidecar = { version: 1, text: { file: 'a.txt', unit: 'codepoint', length: 40 }, annotations: [] };

function annotation(id: string, label: string, extra: Partial<Annotation> = {}): Annotation {
  return { id, label, start: 0, end: 3, quote: 'abc', prefix: '', suffix: '', ...extra };
}

function summary(source: string | undefined) {
  const result = summariseSidecar(source);
  assert.ok(result.ok, JSON.stringify(result));
  return result.summary;
}

describe('article summary of a sidecar', () => {
  it('counts per label, orphaned apart, annotators once each, sorted', () => {
    const sidecar: Sidecar = {
      ...base,
      annotations: [
        annotation('a1', 'actor', { author: 'Salma' }),
        annotation('a2', 'actor', { author: 'أحمد' }),
        annotation('a3', 'claim', { author: 'Salma', start: 4, end: 7 }),
        annotation('a4', 'date', { anchored: 'orphaned', author: 'Bob' }),
        annotation('a5', 'claim', { conflict: { theirs: { note: 'x' } }, start: 9, end: 12 }),
      ],
    };
    const s = summary(serializeSidecar(sidecar));
    assert.deepEqual(s.counts, { actor: 2, claim: 2 });
    assert.equal(s.orphaned, 1);
    assert.equal(s.conflicts, 1);
    assert.equal(s.annotations, 5);
    assert.deepEqual(s.annotators, ['Bob', 'Salma', 'أحمد']);
    assert.equal(s.status, 'in-progress');
    assert.equal(s.statusRecord, undefined);
  });

  it('no sidecar, or one without annotations: new; a recorded status wins', () => {
    assert.equal(summary(undefined).status, 'new');
    assert.equal(summary(serializeSidecar(base)).status, 'new');
    const done = { ...base, status: { value: 'done' as const, by: 'Salma', at: '2026-12-03T10:00:00.000Z' } };
    const s = summary(serializeSidecar(done));
    assert.equal(s.status, 'done');
    assert.deepEqual(s.statusRecord, done.status);
  });

  it('reads hand-written shapes the scan leaves to the full parse (flow maps, plain scalars, comments)', () => {
    const flow = [
      'version: 1',
      'text: {file: a.txt, unit: codepoint}',
      'status: {value: needs-review}',
      'annotations:',
      '- {id: a1, label: actor, start: 0, end: 3, quote: abc, author: Salma}',
      '- id: a2   # a comment',
      '  label: claim',
      '  start: 0',
      '  end: 3',
      '  quote: |-',
      '    abc',
      '',
    ].join('\n');
    const s = summary(flow);
    assert.deepEqual(s.counts, { actor: 1, claim: 1 });
    assert.equal(s.status, 'needs-review');
    assert.deepEqual(s.annotators, ['Salma']);
  });

  it('a sidecar that does not parse: the problem with its line and column', () => {
    const result = summariseSidecar('version: 1\ntext: {file: a.txt, unit: codepoint}\nstatus:\n  value: finished\nannotations: []\n');
    assert.ok(!result.ok);
    assert.equal(result.line, 4);
    const broken = summariseSidecar('version: [\n');
    assert.ok(!broken.ok);
  });

  it('the line scan agrees with the full parse on every sidecar Hashiya writes', function () {
    this.timeout(heavyTimeout(20_000));
    const text = fc.string({ unit: 'grapheme', maxLength: 12 });
    const item = fc.record({
      label: fc.constantFrom('claim', 'actor', 'date'),
      author: fc.option(text, { nil: undefined }),
      note: fc.option(text, { nil: undefined }),
      orphaned: fc.boolean(),
      conflict: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), fc.option(fc.constantFrom('new', 'done', 'adjudicated'), { nil: undefined }),
        (items, status) => {
          const sidecar: Sidecar = {
            ...base,
            ...(status ? { status: { value: status, by: 'x"\u200fy' } } : {}),
            annotations: items.map((it, i) => annotation(`a${i}`, it.label, {
              start: i, end: i + 1,
              ...(it.author !== undefined ? { author: it.author } : {}),
              ...(it.note !== undefined ? { note: it.note } : {}),
              ...(it.orphaned ? { anchored: 'orphaned' as const } : {}),
              ...(it.conflict ? { conflict: { with: 'b', theirs: { note: null, label: 'date' } } } : {}),
            })),
          };
          const source = serializeSidecar(sidecar);
          assert.deepEqual(summary(source), summaryOfSidecar(sidecar));
        }),
      { numRuns: 300 },
    );
  });

  it('a large sidecar (58 annotations, ANERcorp) is summarised like the full parse', function () {
    this.timeout(heavyTimeout(10_000));
    const { source, annotations } = largeSidecar(58);
    const s = summary(source);
    assert.equal(s.annotations, 58);
    assert.equal(s.annotations, annotations.length);
  });
});
