// Over 500 lines: recorded conflicts of annotations, publication dates and entities share the fixtures
// and the resolution helpers at the top.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import type { Annotation } from '../../../../src/core/model/annotation';
import {
  conflictingFields,
  describeAnnotationConflict,
  describeEntityConflict,
  registryConflicts,
  resolveAnnotationConflict,
  resolveEntityConflict,
  resolvePublishedConflict,
  shownValue,
  sidecarConflicts,
} from '../../../../src/core/merge/conflict';
import { parseRegistry, serializeRegistry } from '../../../../src/core/entities/entityRegistry';
import { parseSidecar, serializeSidecar } from '../../../../src/core/format/sidecar';
import { heavyTimeout } from '../../../support/timeouts';

const TEXT = 'قال لافروف إن المحادثات ستستأنف يوم الجمعة في جنيف.';
//            0123456789...: لافروف is 4..10, المحادثات ستستأنف 14..31, الجمعة 36..42, جنيف 46..50

const SOURCE = `# a comment on the file
version: 1
text:
  file: "a.txt"
  unit: "codepoint"
published:
  date: "2015-12-16"
  conflict:
    with: "origin/feature-x"
    theirs:
      date: "2015-12-17"
annotations:
  - id: "act1"
    label: "actor"
    start: 4
    end: 10
    quote: "لافروف"
    note: "ours"
    conflict:
      with: "origin/feature-x"
      theirs:
        label: "claim"
        note: null
  - id: "clm1"
    label: "claim"
    start: 14
    end: 31
    quote: "المحادثات ستستأنف"
    speaker: "act1"
    conflict:
      removed: "theirs"
  - id: "dat1"
    label: "date"
    start: 36
    end: 42
    quote: "الجمعة"
    conflict:
      theirs:
        start: 46
        end: 50
        quote: "جنيف"
        prefix: "المحادثات ستستأنف يوم الجمعة في "
        suffix: "."
`;

function parsed(source = SOURCE) {
  const r = parseSidecar(source);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.sidecar;
}

describe('recorded conflicts: the format', function () {
  this.timeout(heavyTimeout(500)); // one test starts python3
  it('a sidecar with conflicts is valid, is written back the same, and PyYAML reads it', () => {
    const sidecar = parsed();
    assert.deepEqual(sidecar.annotations[0].conflict, {
      with: 'origin/feature-x',
      theirs: { label: 'claim', note: null },
    });
    assert.deepEqual(sidecar.published?.conflict, { with: 'origin/feature-x', theirs: { date: '2015-12-17' } });
    const written = serializeSidecar(sidecar, SOURCE);
    assert.match(written, /^# a comment on the file/);
    assert.match(
      written,
      /conflict:\n {6}with: "origin\/feature-x"\n {6}theirs:\n {8}label: "claim"\n {8}note: null\n/,
    );
    assert.deepEqual(parsed(written), sidecar);
    if (spawnSync('python3', ['-c', 'import yaml']).status !== 0) return;
    const py = spawnSync(
      'python3',
      [
        '-c',
        'import sys, json, yaml; d = yaml.safe_load(sys.stdin.read()); print(json.dumps([a.get("conflict") for a in d["annotations"]]))',
      ],
      { input: written, encoding: 'utf8', env: { ...process.env, PYTHONIOENCODING: 'utf-8' } },
    );
    assert.equal(py.status, 0, py.stderr);
    assert.deepEqual(JSON.parse(py.stdout), [
      { with: 'origin/feature-x', theirs: { label: 'claim', note: null } },
      { removed: 'theirs' },
      { theirs: { start: 46, end: 50, quote: 'جنيف', prefix: 'المحادثات ستستأنف يوم الجمعة في ', suffix: '.' } },
    ]);
  });

  it('refuses an empty conflict, an unknown side, a position without its quote, with line and column', () => {
    const bad = SOURCE.replace('      removed: "theirs"', '      {}').replace(
      '    conflict:\n      {}',
      '    conflict: {}',
    );
    let r = parseSidecar(bad);
    assert.ok(!r.ok);
    const line = bad.split('\n').findIndex((l) => l.includes('conflict: {}')) + 1;
    assert.deepEqual(
      r.problems.map((p) => [p.line, p.message]),
      [
        [
          line,
          'annotations.1.conflict needs "theirs" (their values of the fields that conflict) or "removed" ("ours" or "theirs")',
        ],
      ],
    );
    r = parseSidecar(SOURCE.replace('removed: "theirs"', 'removed: "both"'));
    assert.ok(!r.ok);
    assert.match(r.problems[0].message, /annotations\.1\.conflict\.removed must be one of "ours", "theirs"/);
    r = parseSidecar(SOURCE.replace('        end: 50\n        quote: "جنيف"\n', ''));
    assert.ok(!r.ok);
    assert.equal(r.problems.length, 1);
    assert.match(
      r.problems[0].message,
      /annotations\.2\.conflict\.theirs must have properties? end, quote when property start is present/,
    );
    r = parseSidecar(SOURCE.replace('        start: 46\n', '        start: 51\n'));
    assert.ok(!r.ok);
    assert.match(r.problems[0].message, /start 51 is after end 50/);
    r = parseSidecar(SOURCE.replace('        note: null\n', '        note: null\n        color: "red"\n'));
    assert.ok(!r.ok);
    assert.match(r.problems[0].message, /unknown key "color" in annotations\.0\.conflict\.theirs/);
    r = parseSidecar(SOURCE.replace('    theirs:\n      date: "2015-12-17"', '    theirs: {}'));
    assert.ok(!r.ok, 'theirs: {} is refused');
  });

  it('each conflict is found at the line and column of its conflict: key, described as inert text', () => {
    const sidecar = parsed();
    const found = sidecarConflicts(SOURCE, sidecar);
    const lines = SOURCE.split('\n');
    const keyLines = lines.flatMap((l, i) => (/^\s*conflict:/.test(l) ? [i + 1] : []));
    assert.deepEqual(
      found.map((p) => [p.line, p.column]),
      keyLines.map((l) => [l, lines[l - 1].indexOf('conflict') + 1]),
    );
    assert.deepEqual(
      found.map((p) => p.message),
      [
        'conflict with "origin/feature-x": publication date is "2015-12-16" here, "2015-12-17" in theirs',
        'conflict with "origin/feature-x": label is "actor" here, "claim" in theirs; note is "ours" here, none in theirs',
        'conflict: theirs removed it, it was changed here',
        'conflict: position is 36..42 "الجمعة" here, 46..50 "جنيف" in theirs',
      ],
    );
    assert.deepEqual(
      found.map((p) => p.id),
      [undefined, 'act1', 'clm1', 'dat1'],
    );
    assert.deepEqual(
      found.map((p) => p.fields),
      [['date'], ['label', 'note'], ['removed'], ['position']],
    );
  });

  it('values from files are shown inert: quoted, controls and bidi overrides escaped, long ones cut', () => {
    assert.equal(shownValue('a\u202Eb\n"c"'), '"a\\u202Eb\\u000A\\"c\\""');
    assert.equal(shownValue(null), 'none');
    assert.equal(shownValue('x'.repeat(100)), `"${'x'.repeat(60)}…"`);
    const a: Annotation = {
      id: 'x',
      label: 'claim',
      start: 0,
      end: 1,
      quote: 'q',
      prefix: '',
      suffix: '',
      note: '[run](command:evil)',
      conflict: { with: 'b\u202Ed', theirs: { note: '$(alert)' } },
    };
    assert.equal(
      describeAnnotationConflict(a),
      'conflict with "b\\u202Ed": note is "[run](command:evil)" here, "$(alert)" in theirs',
    );
  });
});

describe('recorded conflicts: resolving annotations', () => {
  const sidecar = () => parsed().annotations;
  const now = '2026-12-01T10:00:00.000Z';

  it('take ours drops the conflict; take theirs applies their values (null removes); both adds a copy with a new id', () => {
    const ours = resolveAnnotationConflict(sidecar(), 'act1', 'ours', { text: TEXT, now });
    const expected = { ...sidecar()[0] };
    delete expected.conflict;
    assert.deepEqual(ours.kept, expected);
    const theirs = resolveAnnotationConflict(sidecar(), 'act1', 'theirs', { text: TEXT, now });
    assert.equal(theirs.kept!.label, 'claim');
    assert.equal('note' in theirs.kept!, false);
    assert.equal(theirs.kept!.modified, now);
    const both = resolveAnnotationConflict(sidecar(), 'act1', 'both', { text: TEXT, now });
    assert.equal(both.annotations.length, 4);
    assert.deepEqual(
      [both.kept!.label, both.kept!.note, both.added!.label, both.added!.note],
      ['actor', 'ours', 'claim', undefined],
    );
    assert.notEqual(both.added!.id, 'act1');
    assert.deepEqual([both.added!.start, both.added!.end, both.added!.quote], [4, 10, 'لافروف']);
    assert.ok(both.annotations.every((a) => !a.conflict || a.id !== 'act1'));
  });

  it('a conflict of the note alone: both joins the notes in one annotation', () => {
    const list = sidecar().map((a) => (a.id === 'act1' ? { ...a, conflict: { theirs: { note: 'theirs' } } } : a));
    const both = resolveAnnotationConflict(list, 'act1', 'both', { now });
    assert.equal(both.annotations.length, 3);
    assert.equal(both.kept!.note, 'ours\ntheirs');
    assert.equal(both.added, undefined);
  });

  it('removed: theirs: ours keeps it, theirs removes it (and the relations of claims to it), both keeps it', () => {
    const list = sidecar().map((a) => (a.id === 'clm1' ? { ...a, conflict: { removed: 'theirs' as const } } : a));
    assert.equal(resolveAnnotationConflict(list, 'clm1', 'ours').kept!.conflict, undefined);
    assert.equal(resolveAnnotationConflict(list, 'clm1', 'both').annotations.length, 3);
    const gone = resolveAnnotationConflict(list, 'clm1', 'theirs');
    assert.deepEqual(
      gone.annotations.map((a) => a.id),
      ['act1', 'dat1'],
    );
    assert.equal(gone.removed!.id, 'clm1');
    // removed: ours (we removed the actor, they changed it): take ours removes it and the claim's speaker
    const ourRemoval = sidecar().map((a) => (a.id === 'act1' ? { ...a, conflict: { removed: 'ours' as const } } : a));
    const r = resolveAnnotationConflict(ourRemoval, 'act1', 'ours', { now });
    assert.deepEqual(
      r.annotations.map((a) => a.id),
      ['clm1', 'dat1'],
    );
    assert.equal(r.annotations[0].speaker, undefined);
    assert.equal(r.annotations[0].modified, now);
    assert.equal(resolveAnnotationConflict(ourRemoval, 'act1', 'theirs').kept!.conflict, undefined);
  });

  it('their position is taken when their quote is at their offsets, found again when the text changed, orphaned when gone', () => {
    const taken = resolveAnnotationConflict(sidecar(), 'dat1', 'theirs', { text: TEXT });
    assert.deepEqual(
      [taken.kept!.start, taken.kept!.end, taken.kept!.quote, taken.kept!.anchored],
      [46, 50, 'جنيف', undefined],
    );
    assert.equal(taken.kept!.prefix, 'قال لافروف إن المحادثات ستستأنف يوم الجمعة في '.slice(-32));
    const edited = `عاجل: ${TEXT}`;
    const moved = resolveAnnotationConflict(sidecar(), 'dat1', 'theirs', { text: edited });
    assert.deepEqual([moved.kept!.start, moved.kept!.end, moved.kept!.quote], [52, 56, 'جنيف']);
    // their position written by hand, without prefix and suffix: found only where its quote stands unmoved
    const bare = sidecar().map((a) =>
      a.id === 'dat1' ? { ...a, conflict: { ...a.conflict!, theirs: { start: 46, end: 50, quote: 'جنيف' } } } : a,
    );
    assert.deepEqual(resolveAnnotationConflict(bare, 'dat1', 'theirs', { text: `${TEXT}\nعاجل` }).kept!.start, 46);
    assert.equal(resolveAnnotationConflict(bare, 'dat1', 'theirs', { text: edited }).kept!.anchored, 'orphaned');
    const gone = resolveAnnotationConflict(sidecar(), 'dat1', 'theirs', {
      text: TEXT.replace('في جنيف', 'في مكان ما'),
    });
    assert.equal(gone.kept!.anchored, 'orphaned');
    assert.equal(gone.kept!.quote, 'جنيف');
  });

  it('refuses an unknown id, an annotation without conflict, an unknown choice', () => {
    assert.throws(() => resolveAnnotationConflict(sidecar(), 'nope', 'ours'), RangeError);
    const clean = sidecar().map((a) => ({ ...a, conflict: undefined }));
    assert.throws(() => resolveAnnotationConflict(clean, 'act1', 'ours'), /no recorded conflict/);
    assert.throws(() => resolveAnnotationConflict(sidecar(), 'act1', 'mine' as never), RangeError);
    assert.deepEqual(conflictingFields(clean[0]), []);
  });

  it('the publication date: ours, theirs; both is refused', () => {
    const published = parsed().published!;
    assert.deepEqual(resolvePublishedConflict(published, 'ours'), { date: '2015-12-16' });
    assert.deepEqual(resolvePublishedConflict(published, 'theirs'), { date: '2015-12-17' });
    assert.equal(
      resolvePublishedConflict({ date: '2015-12-16', conflict: { theirs: { date: null } } }, 'theirs'),
      undefined,
    );
    assert.throws(() => resolvePublishedConflict(published, 'both'), /one publication date/);
  });
});

describe('recorded conflicts: the entity registry', () => {
  const REGISTRY = `version: 1
entities:
  - id: "lavrov"
    name: "سيرغي لافروف"
    kind: "person"
    aliases:
      - "لافروف"
    note: "ours"
    conflict:
      with: "origin/x"
      theirs:
        name: "س. لافروف"
        note: "theirs"
  - id: "kerry"
    name: "جون كيري"
    kind: "person"
    replaces:
      - "old1"
    conflict:
      removed: "ours"
  - id: "un"
    name: "الأمم المتحدة"
    kind: "organisation"
    conflict:
      theirs:
        kind: "group"
        replaces:
          - "old1"
`;
  const registry = () => {
    const r = parseRegistry(REGISTRY);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    return r.registry;
  };

  it('parses, writes back with the conflicts, and reports them at their conflict: keys', () => {
    const reg = registry();
    const written = serializeRegistry(reg, REGISTRY);
    const again = parseRegistry(written);
    assert.ok(again.ok);
    assert.deepEqual(
      new Map(again.registry.entities.map((e) => [e.id, e.conflict])),
      new Map(reg.entities.map((e) => [e.id, e.conflict])),
    );
    const found = registryConflicts(REGISTRY, reg);
    assert.deepEqual(
      found.map((p) => p.line),
      [9, 19, 24],
    );
    assert.equal(
      found[0].message,
      'conflict with "origin/x": name is "سيرغي لافروف" here, "س. لافروف" in theirs; note is "ours" here, "theirs" in theirs',
    );
    assert.equal(
      describeEntityConflict(reg.entities[1]),
      'conflict: removed here, changed in theirs (their version is kept)',
    );
    assert.ok(!parseRegistry(REGISTRY.replace('      removed: "ours"', '      with: "x"')).ok);
  });

  it('ours, theirs, both; their replaces are taken from the entity that had them, so ids stay unique', () => {
    const ours = resolveEntityConflict(registry(), 'lavrov', 'ours');
    assert.deepEqual(
      [ours.entities[0].name, ours.entities[0].note, ours.entities[0].conflict],
      ['سيرغي لافروف', 'ours', undefined],
    );
    const theirs = resolveEntityConflict(registry(), 'lavrov', 'theirs');
    assert.deepEqual([theirs.entities[0].name, theirs.entities[0].note], ['س. لافروف', 'theirs']);
    const both = resolveEntityConflict(registry(), 'lavrov', 'both');
    assert.deepEqual(
      [both.entities[0].name, both.entities[0].aliases, both.entities[0].note],
      ['سيرغي لافروف', ['لافروف', 'س. لافروف'], 'ours\ntheirs'],
    );
    assert.deepEqual(
      resolveEntityConflict(registry(), 'kerry', 'ours').entities.map((e) => e.id),
      ['lavrov', 'un'],
    );
    assert.equal(resolveEntityConflict(registry(), 'kerry', 'theirs').entities[1].conflict, undefined);
    const un = resolveEntityConflict(registry(), 'un', 'theirs');
    assert.deepEqual(
      [un.entities[2].kind, un.entities[2].replaces, un.entities[1].replaces],
      ['group', ['old1'], undefined],
    );
    assert.ok(parseRegistry(serializeRegistry(un)).ok, 'still valid: old1 listed once');
    const unBoth = resolveEntityConflict(registry(), 'un', 'both');
    assert.equal(unBoth.entities.length, 4);
    assert.deepEqual(
      [unBoth.entities[2].kind, unBoth.entities[3].kind, unBoth.entities[3].name],
      ['organisation', 'group', 'الأمم المتحدة'],
    );
    assert.ok(parseRegistry(serializeRegistry(unBoth)).ok);
  });
});

// ---------------------------------------------------------------------------------------------
// Several alternatives (adversarial review, finding 3): a conflict recorded by one merge and met
// again by the next keeps every alternative, in `also`.

const SEVERAL = `version: 1
text:
  file: "a.txt"
  unit: "codepoint"
published:
  date: "2015-12-16"
  conflict:
    with: "A"
    theirs:
      date: "2015-12-17"
    also:
      - with: "B"
        theirs:
          date: "2015-12-18"
annotations:
  - id: "act1"
    label: "actor"
    start: 4
    end: 10
    quote: "لافروف"
    note: "note of main"
    conflict:
      with: "A"
      theirs:
        note: "note of A"
      also:
        - with: "B"
          theirs:
            note: "note of B"
        - with: "C"
          theirs:
            label: "claim"
            note: "note of A"
        - with: "D"
          removed: "theirs"
  - id: "dat1"
    label: "date"
    start: 36
    end: 42
    quote: "الجمعة"
    conflict:
      theirs:
        label: "actor"
      also:
        - with: "B"
          theirs:
            start: 46
            end: 50
            quote: "جنيف"
`;

describe('recorded conflicts: several alternatives (also)', function () {
  this.timeout(heavyTimeout(500)); // one test starts python3
  const now = '2026-12-01T10:00:00.000Z';
  const list = () => parsed(SEVERAL).annotations;

  it('a conflict with further alternatives is valid, written back the same, read by PyYAML; one alternative is written as before', () => {
    const sidecar = parsed(SEVERAL);
    assert.equal(sidecar.annotations[0].conflict!.also!.length, 3);
    const written = serializeSidecar(sidecar, SEVERAL);
    assert.equal(serializeSidecar(parsed(written), written), written, 'a second write changes nothing');
    assert.deepEqual(parsed(written), sidecar);
    assert.ok(
      written.includes(
        SEVERAL.slice(
          SEVERAL.indexOf('    conflict:\n      with: "A"\n      theirs:\n        note'),
          SEVERAL.indexOf('  - id: "dat1"'),
        ),
      ),
      'the conflict is written back as it was',
    );
    const fresh = serializeSidecar(sidecar);
    assert.match(
      fresh,
      / {4}conflict:\n {6}with: "A"\n {6}theirs:\n {8}note: "note of A"\n {6}also:\n {8}- with: "B"\n {10}theirs:\n {12}note: "note of B"\n/,
    );
    assert.doesNotMatch(serializeSidecar(parsed()), /also/, 'a single alternative has no also');
    if (spawnSync('python3', ['-c', 'import yaml']).status !== 0) return;
    const py = spawnSync(
      'python3',
      [
        '-c',
        'import sys, json, yaml; d = yaml.safe_load(sys.stdin.read()); print(json.dumps([len(a["conflict"].get("also", [])) for a in d["annotations"]]))',
      ],
      { input: written, encoding: 'utf8', env: { ...process.env, PYTHONIOENCODING: 'utf-8' } },
    );
    assert.equal(py.status, 0, py.stderr);
    assert.deepEqual(JSON.parse(py.stdout), [3, 1]);
  });

  it('an empty or unknown alternative, an empty also, a reversed position in also: refused with line and column', () => {
    const lines = SEVERAL.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    let r = parseSidecar(
      SEVERAL.replace('        - with: "D"\n          removed: "theirs"\n', '        - with: "D"\n'),
    );
    assert.ok(!r.ok);
    assert.deepEqual(
      r.problems.map((p) => [p.line, p.message]),
      [
        [
          lineOf('- with: "D"'),
          'annotations.0.conflict.also.2 needs "theirs" (their values of the fields that conflict) or "removed" ("ours" or "theirs")',
        ],
      ],
    );
    r = parseSidecar(SEVERAL.replace('          removed: "theirs"', '          removed: "both"'));
    assert.ok(
      !r.ok && /annotations\.0\.conflict\.also\.2\.removed must be one of "ours", "theirs"/.test(r.problems[0].message),
    );
    r = parseSidecar(
      SEVERAL.replace(
        '        - with: "D"\n          removed: "theirs"\n',
        '        - with: "D"\n          removed: "theirs"\n          also: []\n',
      ),
    );
    assert.ok(
      !r.ok && /unknown key "also" in annotations\.0\.conflict\.also\.2/.test(r.problems[0].message),
      'alternatives do not nest',
    );
    r = parseSidecar(
      SEVERAL.replace(
        / {6}also:\n {8}- with: "B"\n {10}theirs:\n {12}start: 46\n {12}end: 50\n {12}quote: "جنيف"\n/,
        '      also: []\n',
      ),
    );
    assert.ok(
      !r.ok && /annotations\.1\.conflict\.also must NOT have fewer than 1 items/.test(r.problems[0].message),
      JSON.stringify(!r.ok && r.problems),
    );
    r = parseSidecar(SEVERAL.replace('            start: 46', '            start: 51'));
    assert.ok(!r.ok);
    assert.deepEqual(
      [r.problems[0].line, r.problems[0].message, r.problems[0].path],
      [lineOf('start: 46'), 'start 51 is after end 50', ['annotations', 1, 'conflict', 'also', 0, 'theirs', 'start']],
    );
  });

  it('check names every alternative, in the order they are resolved, at the conflict: key', () => {
    const found = sidecarConflicts(SEVERAL, parsed(SEVERAL));
    assert.deepEqual(
      found.map((p) => p.message),
      [
        'conflict with "A": publication date is "2015-12-16" here, "2015-12-17" in theirs; 1 more alternative, taken up after this one: (2) conflict with "B": publication date is "2015-12-16" here, "2015-12-18" in theirs',
        'conflict with "A": note is "note of main" here, "note of A" in theirs; 3 more alternatives, taken up after this one: (2) conflict with "B": note is "note of main" here, "note of B" in theirs; (3) conflict with "C": label is "actor" here, "claim" in theirs; note is "note of main" here, "note of A" in theirs; (4) conflict with "D": theirs removed it, it was changed here',
        'conflict: label is "date" here, "actor" in theirs; 1 more alternative, taken up after this one: (2) conflict with "B": position is 36..42 "الجمعة" here, 46..50 "جنيف" in theirs',
      ],
    );
    assert.deepEqual(
      found.map((p) => p.fields),
      [['date'], ['note'], ['label']],
    );
  });

  it('each choice settles the first alternative; the next comes up; one that asks for nothing new is dropped', () => {
    // ours: A's note dismissed, B's comes up
    const ours = resolveAnnotationConflict(list(), 'act1', 'ours', { text: TEXT, now });
    assert.equal(ours.kept!.note, 'note of main');
    assert.deepEqual(ours.kept!.conflict, {
      with: 'B',
      theirs: { note: 'note of B' },
      also: [
        { with: 'C', theirs: { label: 'claim', note: 'note of A' } },
        { with: 'D', removed: 'theirs' },
      ],
    });
    // theirs: A's note taken; C's alternative keeps only what differs... it asks for label claim and note of A: still
    // open
    const theirs = resolveAnnotationConflict(list(), 'act1', 'theirs', { text: TEXT, now });
    assert.equal(theirs.kept!.note, 'note of A');
    assert.equal(theirs.kept!.conflict!.with, 'B');
    // then B's taken, then C's (label claim, note of A), then D's removal: every value was offered in turn
    let step = theirs.annotations;
    const seen: string[] = [theirs.kept!.note!];
    for (const _ of [1, 2]) {
      const r = resolveAnnotationConflict(step, 'act1', 'theirs', { text: TEXT, now });
      seen.push(`${r.kept!.label}:${r.kept!.note}`);
      step = r.annotations;
    }
    assert.deepEqual(seen, ['note of A', 'actor:note of B', 'claim:note of A']);
    assert.deepEqual(step.find((a) => a.id === 'act1')!.conflict, { with: 'D', removed: 'theirs' });
    const last = resolveAnnotationConflict(step, 'act1', 'ours', { now });
    assert.equal(last.kept!.conflict, undefined);
    assert.equal(resolveAnnotationConflict(step, 'act1', 'theirs').removed!.id, 'act1');
    // an alternative that asks for what the annotation now has is dropped: A then C (label claim is still new: kept)
    const settled = list().map((a) =>
      a.id === 'act1'
        ? {
            ...a,
            conflict: {
              theirs: { note: 'x' },
              also: [
                { with: 'B', theirs: { note: 'x' } },
                { with: 'C', theirs: { note: 'y' } },
              ],
            },
          }
        : a,
    );
    assert.deepEqual(resolveAnnotationConflict(settled, 'act1', 'theirs').kept!.conflict, {
      with: 'C',
      theirs: { note: 'y' },
    });
    // both: the copy has none of the alternatives; ours keeps the rest
    const both = resolveAnnotationConflict(list(), 'dat1', 'both', { text: TEXT, now });
    assert.equal(both.added!.label, 'actor');
    assert.equal(both.added!.conflict, undefined);
    assert.deepEqual(both.kept!.conflict, { with: 'B', theirs: { start: 46, end: 50, quote: 'جنيف' } });
    // the next alternative's position is taken, checked against the text
    const moved = resolveAnnotationConflict(both.annotations, 'dat1', 'theirs', { text: TEXT, now });
    assert.deepEqual(
      [moved.kept!.start, moved.kept!.end, moved.kept!.quote, moved.kept!.conflict],
      [46, 50, 'جنيف', undefined],
    );
  });

  it('the publication date and an entity: the same, alternative after alternative', () => {
    const published = parsed(SEVERAL).published!;
    const first = resolvePublishedConflict(published, 'theirs')!;
    assert.deepEqual(first, { date: '2015-12-17', conflict: { with: 'B', theirs: { date: '2015-12-18' } } });
    assert.deepEqual(resolvePublishedConflict(first, 'theirs'), { date: '2015-12-18' });
    assert.deepEqual(resolvePublishedConflict(published, 'ours'), {
      date: '2015-12-16',
      conflict: { with: 'B', theirs: { date: '2015-12-18' } },
    });
    const registry = {
      entities: [
        {
          id: 'e1',
          name: 'X',
          kind: 'person' as const,
          aliases: [],
          note: 'ours',
          conflict: {
            with: 'A',
            theirs: { note: 'A' },
            also: [
              { with: 'B', theirs: { note: 'B' } },
              { with: 'C', removed: 'theirs' as const },
            ],
          },
        },
      ],
    };
    const a = resolveEntityConflict(registry, 'e1', 'both');
    assert.equal(a.entities[0].note, 'ours\nA');
    assert.deepEqual(a.entities[0].conflict, {
      with: 'B',
      theirs: { note: 'B' },
      also: [{ with: 'C', removed: 'theirs' }],
    });
    const b = resolveEntityConflict(a, 'e1', 'theirs');
    assert.equal(b.entities[0].note, 'B');
    assert.deepEqual(resolveEntityConflict(b, 'e1', 'theirs').entities, []);
    assert.match(
      describeEntityConflict(registry.entities[0]),
      /; 2 more alternatives, taken up after this one: \(2\) conflict with "B": note is "ours" here, "B" in theirs; \(3\) conflict with "C": theirs removed this entity/,
    );
    const written = serializeRegistry(registry);
    const again = parseRegistry(written);
    assert.ok(again.ok, written);
    assert.deepEqual(again.registry.entities[0].conflict, registry.entities[0].conflict);
  });
});
