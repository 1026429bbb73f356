// One file though over 500 lines: every scenario shares the temporary repositories and driver set-up below.
// `hashiya merge` as git runs it: real git in temporary repositories, the driver configured as
// the README says (node bin/hashiya.js, which runs dist/cli.js), real merges and rebases.
import { strict as assert } from 'node:assert';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Annotation, type Label, conflictAlternatives } from '../../../src/core/model/annotation';
import { AnnotationSet, type TextChange } from '../../../src/core/model/annotationSet';
import { resolveAnnotationConflict, resolveEntityConflict } from '../../../src/core/merge/conflict';
import {
  type Registry,
  createEntity,
  mergeEntities,
  parseRegistry,
  serializeRegistry,
  updateEntity,
} from '../../../src/core/entities/entityRegistry';
import { type Sidecar, emptySidecar, parseSidecar, serializeSidecar } from '../../../src/core/format/sidecar';
import { textSha256 } from '../../../src/core/text/textHash';
import type { ProjectSchema } from '../../../src/core/model/projectSchema';
import { parseProjectSchema } from '../../../src/core/format/projectSchemaFile';
import { fixturePath, repoRoot } from '../../support/fixtures';
import { heavyTimeout } from '../../support/timeouts';

const NOW = { now: '2026-11-29T12:00:00.000Z', author: 'base' };
const NEWS = readFileSync(fixturePath('workspace', 'news.txt'), 'utf8');
const BIN = path.join(repoRoot(), 'bin', 'hashiya.js');

function run(cwd: string, cmd: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd, LC_ALL: 'C' },
  });
}

function git(cwd: string, ...args: string[]): string {
  const r = run(cwd, 'git', args);
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

function hashiya(cwd: string, ...args: string[]): SpawnSyncReturns<string> {
  return run(cwd, process.execPath, [BIN, ...args]);
}

/** A repository with the merge driver set up as the README says, on branch main. */
function newRepo(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-git-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Analyst');
  git(dir, 'config', 'user.email', 'analyst@example.invalid');
  git(dir, 'config', 'core.autocrlf', 'false');
  git(dir, 'config', 'merge.hashiya.driver', `node "${BIN}" merge %O %A %B %P`);
  writeFileSync(
    path.join(dir, '.gitattributes'),
    '*.annotations.yaml merge=hashiya\n.hashiya/entities.yaml merge=hashiya\n',
  );
  return dir;
}

function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}

/** Code points [start, end) of the `nth` occurrence of `quote` in `text`. */
function spanOf(text: string, quote: string, nth = 0): [number, number] {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(quote, at + 1);
    assert.ok(at >= 0, `"${quote}" (${nth}) not in the text`);
  }
  const start = [...text.slice(0, at)].length;
  return [start, start + [...quote].length];
}

function add(set: AnnotationSet, label: Label, quote: string, nth = 0): Annotation {
  const [s, e] = spanOf(set.text, quote, nth);
  return set.add(label, s, e, NOW);
}

function sidecarOf(file: string, set: AnnotationSet): Sidecar {
  const sidecar = emptySidecar(file);
  sidecar.text.length = set.index.codePointLength;
  sidecar.text.sha256 = textSha256(set.text);
  sidecar.annotations = set.annotations;
  return sidecar;
}

function readSidecar(dir: string, name = 'news.txt.annotations.yaml'): { sidecar: Sidecar; source: string } {
  const source = readFileSync(path.join(dir, name), 'utf8');
  const parsed = parseSidecar(source);
  assert.ok(parsed.ok, `${name}: ${JSON.stringify(!parsed.ok && parsed.problems)}\n${source}`);
  return { sidecar: parsed.sidecar, source };
}

/** Changes the sidecar on disk as Hashiya would (comments kept), through an AnnotationSet on the article. */
function editSidecar(dir: string, change: (set: AnnotationSet) => void, name = 'news.txt'): void {
  const text = readFileSync(path.join(dir, name), 'utf8');
  const { sidecar, source } = readSidecar(dir, `${name}.annotations.yaml`);
  const set = new AnnotationSet(text, sidecar.annotations);
  change(set);
  const next = { ...sidecarOf(name, set), published: sidecar.published };
  if (!next.published) delete next.published;
  writeFileSync(path.join(dir, `${name}.annotations.yaml`), serializeSidecar(next, source));
}

/** Every file of the working tree (not .git), for conflict markers. */
function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === '.git') return [];
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesOf(full) : [full];
  });
}

function assertNoMarkers(dir: string): void {
  for (const file of filesOf(dir))
    assert.ok(!/^(<{7}|>{7}|={7})( |$)/m.test(readFileSync(file, 'utf8')), `conflict markers in ${file}`);
}

/** Each annotation placed is on its quote in the article; returns id → [quote, status]. */
function placedOn(dir: string, article = 'news.txt'): Map<string, [string, string]> {
  const text = readFileSync(path.join(dir, article), 'utf8');
  const { sidecar } = readSidecar(dir, `${article}.annotations.yaml`);
  assert.equal(sidecar.text.sha256, textSha256(text), 'the sidecar describes the merged article');
  const points = [...text];
  const out = new Map<string, [string, string]>();
  for (const a of sidecar.annotations) {
    if (a.anchored !== 'orphaned')
      assert.equal(points.slice(a.start, a.end).join(''), a.quote, `${a.id} is on its quote`);
    out.set(a.id, [a.quote, a.anchored ?? 'exact']);
  }
  return out;
}

/** The base of every scenario: news.txt with five annotations, committed on main. */
function baseRepo(): { dir: string; ids: Record<string, string> } {
  const dir = newRepo();
  writeFileSync(path.join(dir, 'news.txt'), NEWS);
  const set = new AnnotationSet(NEWS);
  const ids = {
    lavrov: add(set, 'actor', 'سيرغي لافروف').id,
    agreed: add(set, 'claim', 'تم الاتفاق على عقد لقاء جديد لمجموعة دعم سوريا').id,
    tuesday: add(set, 'date', 'مساء الثلاثاء').id,
    kerry: add(set, 'actor', 'جون كيري').id,
    support: add(set, 'claim', 'ندعم عقد مؤتمر حول سوريا في نيويورك هذه الجمعة').id,
  };
  set.update(ids.support, { speaker: ids.lavrov }, NOW);
  writeFileSync(path.join(dir, 'news.txt.annotations.yaml'), serializeSidecar(sidecarOf('news.txt', set)));
  commitAll(dir, 'base');
  return { dir, ids };
}

describe('git merge driver: two branches annotate the same article', function () {
  this.timeout(heavyTimeout(3000)); // real git, a node process per driver run
  let dir: string;
  let ids: Record<string, string>;
  beforeEach(() => ({ dir, ids } = baseRepo()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('(a) different annotations and notes on each side: clean, the union, comments kept, no markers, check passes', () => {
    git(dir, 'checkout', '-q', '-b', 'colleague');
    const added: Record<string, string> = {};
    editSidecar(dir, (set) => {
      added.putin = add(set, 'actor', 'فلاديمير بوتين').id;
      added.december = add(set, 'date', '18 ديسمبر/كانون الأول').id;
      set.update(ids.kerry, { note: 'US secretary of state' }, NOW);
    });
    // a comment written by hand on an annotation the colleague added
    const file = path.join(dir, 'news.txt.annotations.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        `  - id: "${added.putin}"`,
        `  # checked against the Kremlin's release\n  - id: "${added.putin}"`,
      ),
    );
    commitAll(dir, 'colleague annotates');
    git(dir, 'checkout', '-q', 'main');
    editSidecar(dir, (set) => {
      added.assad = add(set, 'actor', 'بشار الأسد').id;
      set.update(ids.tuesday, { note: 'Tuesday 15 December 2015' }, NOW);
      set.update(ids.support, { stance: 'asserts' }, NOW);
    });
    commitAll(dir, 'I annotate');
    const merge = run(dir, 'git', ['merge', '-q', '--no-edit', 'colleague']);
    assert.equal(merge.status, 0, merge.stderr + merge.stdout);
    assertNoMarkers(dir);
    const placed = placedOn(dir);
    assert.deepEqual([...placed.keys()].sort(), [...Object.values(ids), ...Object.values(added)].sort());
    const { sidecar, source } = readSidecar(dir);
    const byId = new Map(sidecar.annotations.map((a) => [a.id, a]));
    assert.equal(byId.get(ids.kerry)!.note, 'US secretary of state');
    assert.equal(byId.get(ids.tuesday)!.note, 'Tuesday 15 December 2015');
    assert.equal(byId.get(ids.support)!.stance, 'asserts');
    assert.equal(byId.get(ids.support)!.speaker, ids.lavrov);
    assert.ok(sidecar.annotations.every((a) => !a.conflict));
    assert.match(source, /# checked against the Kremlin's release\n {2}- id: "/, 'their comment kept');
    assert.match(source, /^# Hashiya annotations of news\.txt/, 'our header kept');
    const check = hashiya(dir, 'check', '.');
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.equal(git(dir, 'status', '--porcelain'), '');
  });

  it('(c) the same label changed differently on both sides: conflict recorded, git merge fails, check names it, ours/theirs/both resolve it', () => {
    git(dir, 'checkout', '-q', '-b', 'colleague');
    editSidecar(dir, (set) => set.update(ids.tuesday, { label: 'claim', note: 'their note' }, NOW));
    commitAll(dir, 'colleague relabels');
    git(dir, 'checkout', '-q', 'main');
    editSidecar(dir, (set) => set.update(ids.tuesday, { label: 'actor' }, NOW));
    commitAll(dir, 'I relabel');
    const merge = run(dir, 'git', ['merge', '--no-edit', 'colleague']);
    assert.notEqual(merge.status, 0, 'git merge reports the conflict');
    assert.match(merge.stdout, /conflict with "colleague": label is "actor" here, "claim" in theirs$/m);
    assertNoMarkers(dir);
    assert.match(git(dir, 'status', '--porcelain'), /^UU news\.txt\.annotations\.yaml$/m);
    const { sidecar, source } = readSidecar(dir);
    const a = sidecar.annotations.find((x) => x.id === ids.tuesday)!;
    // the note, changed on their side only, is theirs; the label is ours, theirs recorded
    assert.deepEqual(
      [a.label, a.note, a.conflict],
      ['actor', 'their note', { with: 'colleague', theirs: { label: 'claim' } }],
    );
    assert.equal(sidecar.annotations.filter((x) => x.conflict).length, 1);
    const check = hashiya(dir, 'check', 'news.txt');
    assert.equal(check.status, 1);
    const line = source.split('\n').findIndex((l) => l.trim() === 'conflict:') + 1;
    assert.match(
      check.stdout,
      new RegExp(
        `^news\\.txt\\.annotations\\.yaml:${line}:5: conflict with "colleague": label is "actor" here, "claim" in theirs$`,
        'm',
      ),
    );
    // resolving with the core functions, then writing: each gives a valid sidecar that check accepts
    const text = readFileSync(path.join(dir, 'news.txt'), 'utf8');
    const resolved = {
      ours: resolveAnnotationConflict(sidecar.annotations, ids.tuesday, 'ours', { text }),
      theirs: resolveAnnotationConflict(sidecar.annotations, ids.tuesday, 'theirs', { text }),
      both: resolveAnnotationConflict(sidecar.annotations, ids.tuesday, 'both', { text }),
    };
    assert.deepEqual([resolved.ours.kept!.label, resolved.ours.kept!.note], ['actor', 'their note']);
    assert.deepEqual([resolved.theirs.kept!.label, resolved.theirs.kept!.note], ['claim', 'their note']);
    assert.deepEqual(
      [resolved.both.kept!.label, resolved.both.added!.label, resolved.both.added!.quote],
      ['actor', 'claim', 'مساء الثلاثاء'],
    );
    for (const [choice, r] of Object.entries(resolved)) {
      writeFileSync(
        path.join(dir, 'news.txt.annotations.yaml'),
        serializeSidecar({ ...sidecar, annotations: r.annotations }, source),
      );
      const after = hashiya(dir, 'check', 'news.txt');
      assert.equal(after.status, 0, `${choice}: ${after.stdout}`);
    }
    git(dir, 'add', 'news.txt.annotations.yaml');
    git(dir, 'commit', '-q', '--no-edit');
  });

  it('git pull names their side as git does ("branch \'colleague\' of ..."), never by a bare commit id (seen in a first-use trial)', () => {
    const clone = mkdtempSync(path.join(os.tmpdir(), 'hashiya-pull-'));
    try {
      git(clone, 'clone', '-q', dir, 'b');
      const b = path.join(clone, 'b');
      git(b, 'config', 'user.name', 'Colleague');
      git(b, 'config', 'user.email', 'colleague@example.invalid');
      editSidecar(b, (set) => set.update(ids.tuesday, { label: 'claim' }, NOW));
      commitAll(b, 'colleague relabels');
      editSidecar(dir, (set) => set.update(ids.tuesday, { label: 'actor' }, NOW));
      commitAll(dir, 'I relabel');
      const pull = run(dir, 'git', ['pull', '--no-rebase', '--no-edit', b, 'main']);
      assert.notEqual(pull.status, 0, 'git pull reports the conflict');
      const a = readSidecar(dir).sidecar.annotations.find((x) => x.id === ids.tuesday)!;
      assert.equal(a.conflict?.with, `branch 'main' of ${b}`);
      assert.doesNotMatch(pull.stdout, /[0-9a-f]{40}/);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });

  it('(d) removed on one side, changed on the other: kept with removed: ours/theirs, both directions', () => {
    git(dir, 'checkout', '-q', '-b', 'colleague');
    editSidecar(dir, (set) => set.update(ids.kerry, { note: 'keep me' }, NOW));
    commitAll(dir, 'colleague edits');
    git(dir, 'checkout', '-q', 'main');
    editSidecar(dir, (set) => {
      set.removeWithRelations(ids.kerry, NOW);
    });
    commitAll(dir, 'I remove');
    git(dir, 'branch', 'mine');
    // ours removed it, theirs changed it
    let merge = run(dir, 'git', ['merge', '--no-edit', 'colleague']);
    assert.notEqual(merge.status, 0);
    assertNoMarkers(dir);
    let a = readSidecar(dir).sidecar.annotations.find((x) => x.id === ids.kerry)!;
    assert.deepEqual([a.note, a.quote, a.conflict], ['keep me', 'جون كيري', { with: 'colleague', removed: 'ours' }]);
    let check = hashiya(dir, 'check', '.');
    assert.equal(check.status, 1);
    assert.match(check.stdout, /conflict with "colleague": removed here, changed in theirs \(their version is kept\)/);
    git(dir, 'merge', '--abort');
    // the other way round: theirs removed it, ours changed it
    git(dir, 'checkout', '-q', 'colleague');
    merge = run(dir, 'git', ['merge', '--no-edit', 'mine']);
    assert.notEqual(merge.status, 0);
    a = readSidecar(dir).sidecar.annotations.find((x) => x.id === ids.kerry)!;
    assert.deepEqual([a.note, a.conflict], ['keep me', { with: 'mine', removed: 'theirs' }]);
    check = hashiya(dir, 'check', '.');
    assert.match(check.stdout, /conflict with "mine": theirs removed it, it was changed here/);
    // removed on one side, unchanged on the other: gone, cleanly
    git(dir, 'merge', '--abort');
    git(dir, 'checkout', '-q', '-b', 'other', 'main~1');
    editSidecar(dir, (set) => set.update(ids.lavrov, { note: 'n' }, NOW));
    commitAll(dir, 'other edits something else');
    merge = run(dir, 'git', ['merge', '--no-edit', 'mine']);
    assert.equal(merge.status, 0, merge.stdout + merge.stderr);
    assert.ok(!readSidecar(dir).sidecar.annotations.some((x) => x.id === ids.kerry));
  });

  it('a version that is not a valid sidecar (conflict markers committed): exit 1, ours untouched, file:line:column', () => {
    const base = path.join(dir, 'base.yaml');
    const ours = path.join(dir, 'ours.yaml');
    const theirs = path.join(dir, 'theirs.yaml');
    const good = readFileSync(path.join(dir, 'news.txt.annotations.yaml'), 'utf8');
    const marked = good.replace('annotations:\n', 'annotations:\n<<<<<<< HEAD\n=======\n>>>>>>> x\n');
    writeFileSync(base, good);
    writeFileSync(ours, marked);
    writeFileSync(theirs, good);
    let r = hashiya(dir, 'merge', base, ours, theirs, 'news.txt.annotations.yaml');
    assert.equal(r.status, 1);
    assert.equal(readFileSync(ours, 'utf8'), marked, 'ours left as it is');
    assert.match(
      r.stderr,
      /^news\.txt\.annotations\.yaml:\d+:1: git conflict markers \(lines \d+ to \d+\): .* \(our version\)$/m,
    );
    assert.match(r.stderr, /not merged, ours left as it is/);
    writeFileSync(ours, good);
    writeFileSync(theirs, good.replace('label: "actor"', 'label: "person"'));
    r = hashiya(dir, 'merge', base, ours, theirs, 'news.txt.annotations.yaml');
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /^news\.txt\.annotations\.yaml:\d+:\d+: annotations\.\d+\.label must be one of .* \(their version\)$/m,
    );
    assert.equal(readFileSync(ours, 'utf8'), good);
    assert.equal(hashiya(dir, 'merge', base, ours).status, 2, 'wrong usage');
  });

  it("the article in the working tree is a FIFO: never read (git is not blocked), the merge goes on from git's texts (found by a review)", function () {
    if (process.platform === 'win32') this.skip();
    const good = readFileSync(path.join(dir, 'news.txt.annotations.yaml'), 'utf8');
    const [base, ours, theirs] = ['base', 'ours', 'theirs'].map((n) => path.join(dir, `${n}.yaml`));
    writeFileSync(base, good);
    writeFileSync(ours, good);
    // a text git does not have: the working tree is where the driver would look for it
    writeFileSync(theirs, good.replace(/sha256: "[0-9a-f]{64}"/, `sha256: "${'0'.repeat(64)}"`));
    rmSync(path.join(dir, 'news.txt'));
    assert.equal(spawnSync('mkfifo', [path.join(dir, 'news.txt')]).status, 0);
    const r = spawnSync(process.execPath, [BIN, 'merge', base, ours, theirs, 'news.txt.annotations.yaml'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.signal, null, 'not killed by the timeout: the FIFO was not opened');
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  });
});

/** The corrections of the article on the "fix" branch, each as found and replaced (in order). */
const CORRECTIONS: [string, string][] = [
  ['Site icon سيريان تلغراف\n\n', ''], // the first line goes: an annotation on it is orphaned, never moved to the last line
  ['لافروف : اتفقنا', '(تحديث) لافروف: اتفقنا'],
  ['أعلن وزير الخارجية الروسي', 'أعلن وزير خارجية روسيا'], // before an annotated actor, same paragraph
  ['مبدئيا ', ''], // deleted inside an annotated paragraph, after the date
  ['جون كيري، الذي', 'جون كِيرِي، الذي'], // tashkeel added to an annotated name
  ['ندعم عقد مؤتمر', 'ندعم بقوة عقد مؤتمر'], // a word inserted inside an annotated claim
  ['في الرياض ما هو', 'في العاصمة السعودية الرياض ما هو'],
];

/**
 * Applies the corrections and LF -> CR LF to the article, moving the sidecar's annotations as Hashiya's editor does.
 */
function correctAsEditor(dir: string): string {
  let text = readFileSync(path.join(dir, 'news.txt'), 'utf8');
  const { sidecar, source } = readSidecar(dir);
  const set = new AnnotationSet(text, sidecar.annotations);
  for (const [find, replace] of CORRECTIONS) {
    const [start, end] = spanOf(text, find);
    const next = text.replace(find, replace);
    set.applyChanges([{ start, end, text: replace } as TextChange], next);
    text = next;
  }
  const crlf = text.replace(/\n/g, '\r\n');
  set.applyChanges([{ start: 0, end: [...text].length, text: crlf }], crlf);
  writeFileSync(path.join(dir, 'news.txt'), crlf);
  writeFileSync(path.join(dir, 'news.txt.annotations.yaml'), serializeSidecar(sidecarOf('news.txt', set), source));
  return crlf;
}

/** What every annotation of both sides must be on after the merge (quote), by the key used in the test. */
const EXPECTED: Record<string, string> = {
  lavrov: 'سيرغي لافروف',
  agreed: 'تم الاتفاق على عقد لقاء جديد لمجموعة دعم سوريا',
  tuesday: 'مساء الثلاثاء',
  kerry: 'جون كِيرِي',
  support: 'ندعم بقوة عقد مؤتمر حول سوريا في نيويورك هذه الجمعة',
  putin: 'فلاديمير بوتين',
  december: '18 ديسمبر/كانون الأول',
  riyadh: 'الرياض',
  assad: 'بشار الأسد',
  lastKerry: 'جون كيري',
};

describe('git merge driver: one branch corrects the article, another annotates it', function () {
  this.timeout(heavyTimeout(4000));
  let dir: string;
  let ids: Record<string, string>;
  beforeEach(() => ({ dir, ids } = baseRepo()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The "annotate" branch: annotations on both untouched and corrected paragraphs, one on the line the fix removes. */
  function annotateBranch(): Record<string, string> {
    git(dir, 'checkout', '-q', '-b', 'annotate', 'main');
    const added: Record<string, string> = {};
    editSidecar(dir, (set) => {
      added.putin = add(set, 'actor', 'فلاديمير بوتين').id;
      added.december = add(set, 'date', '18 ديسمبر/كانون الأول').id;
      added.riyadh = add(set, 'actor', 'الرياض').id;
      added.assad = add(set, 'actor', 'بشار الأسد').id;
      added.lastKerry = add(set, 'actor', 'جون كيري', 1).id;
      added.site = add(set, 'actor', 'سيريان تلغراف').id; // on the first line, which the fix deletes
      set.update(ids.kerry, { note: 'US secretary of state' }, NOW);
    });
    commitAll(dir, 'annotate');
    return added;
  }

  function assertAllOnTheirWords(all: Record<string, string>, siteId: string): void {
    assertNoMarkers(dir);
    const placed = placedOn(dir);
    for (const [key, id] of Object.entries(all)) {
      if (id === siteId) continue;
      assert.deepEqual(placed.get(id)?.[0], EXPECTED[key], `${key} on its words`);
      assert.notEqual(placed.get(id)?.[1], 'orphaned', `${key} placed`);
    }
    // its line was deleted: orphaned with its quote, not moved to "سيريان تلغراف" at the end
    assert.deepEqual(placed.get(siteId), ['سيريان تلغراف', 'orphaned']);
    const { sidecar } = readSidecar(dir);
    assert.equal(sidecar.annotations.find((a) => a.id === ids.kerry)!.note, 'US secretary of state');
    assert.ok(
      sidecar.annotations.every((a) => !a.conflict),
      JSON.stringify(sidecar.annotations.filter((a) => a.conflict)),
    );
    const check = hashiya(dir, 'check', '.');
    assert.equal(check.status, 0, check.stdout + check.stderr);
  }

  it('(b) fix corrected in the editor (sidecar moved with the text), merged into annotate: every annotation on its words', () => {
    git(dir, 'checkout', '-q', '-b', 'fix');
    correctAsEditor(dir);
    commitAll(dir, 'fix the text');
    const added = annotateBranch();
    const merge = run(dir, 'git', ['merge', '--no-edit', 'fix']);
    assert.equal(merge.status, 0, merge.stdout + merge.stderr);
    assert.match(readFileSync(path.join(dir, 'news.txt'), 'utf8'), /\r\n/);
    assertAllOnTheirWords({ ...ids, ...added }, added.site);
  });

  it('(b) the other way round: annotate merged into fix', () => {
    const added = annotateBranch();
    git(dir, 'checkout', '-q', '-b', 'fix', 'main');
    correctAsEditor(dir);
    commitAll(dir, 'fix the text');
    const merge = run(dir, 'git', ['merge', '--no-edit', 'annotate']);
    assert.equal(merge.status, 0, merge.stdout + merge.stderr);
    assertAllOnTheirWords({ ...ids, ...added }, added.site);
  });

  it('(b) fix re-anchored with hashiya anchor (a text edited outside), rebased onto annotate', () => {
    const added = annotateBranch();
    git(dir, 'checkout', '-q', '-b', 'fix', 'main');
    let text = NEWS;
    for (const [find, replace] of CORRECTIONS) text = text.replace(find, replace);
    writeFileSync(path.join(dir, 'news.txt'), text.replace(/\n/g, '\r\n'));
    const anchored = hashiya(dir, 'anchor', 'news.txt');
    assert.equal(anchored.status, 0, anchored.stdout);
    editSidecar(dir, (set) => set.update(ids.lavrov, { note: 'Russian foreign minister' }, NOW));
    commitAll(dir, 'fix the text outside');
    const rebase = run(dir, 'git', ['rebase', 'annotate']);
    assert.equal(rebase.status, 0, rebase.stdout + rebase.stderr);
    assertAllOnTheirWords({ ...ids, ...added }, added.site);
    assert.equal(
      readSidecar(dir).sidecar.annotations.find((a) => a.id === ids.lavrov)!.note,
      'Russian foreign minister',
    );
  });

  it('the article itself conflicts: the sidecar merges cleanly onto the article git writes (with its markers); resolved, anchor finds every annotation', () => {
    const added = annotateBranch();
    git(dir, 'checkout', '-q', '-b', 'fix', 'main');
    writeFileSync(path.join(dir, 'news.txt'), NEWS.replace('هذه الجمعة', 'الجمعة المقبلة'));
    assert.equal(hashiya(dir, 'anchor', 'news.txt').status, 0);
    commitAll(dir, 'fix: next Friday');
    git(dir, 'checkout', '-q', 'annotate');
    writeFileSync(path.join(dir, 'news.txt'), NEWS.replace('هذه الجمعة', 'يوم الجمعة'));
    assert.equal(hashiya(dir, 'anchor', 'news.txt').status, 0);
    commitAll(dir, 'annotate: on Friday');
    const merge = run(dir, 'git', ['merge', '--no-edit', 'fix']);
    assert.notEqual(merge.status, 0, 'the article conflicts');
    assert.match(merge.stdout, /news\.txt\.annotations\.yaml: \d+ annotations;.*merged cleanly/);
    assert.match(git(dir, 'status', '--porcelain'), /^UU news\.txt$/m);
    assert.match(git(dir, 'status', '--porcelain'), /^M {2}news\.txt\.annotations\.yaml$/m);
    const withMarkers = readFileSync(path.join(dir, 'news.txt'), 'utf8');
    assert.match(withMarkers, /^<<<<<<< HEAD$/m);
    assert.equal(
      readSidecar(dir).sidecar.text.sha256,
      textSha256(withMarkers),
      'the sidecar describes the article as git wrote it',
    );
    assert.equal(hashiya(dir, 'check', '.').status, 0);
    // the analyst resolves the article; Hashiya (here: hashiya anchor) finds the annotations again
    writeFileSync(path.join(dir, 'news.txt'), NEWS.replace('هذه الجمعة', 'الجمعة المقبلة'));
    assert.equal(hashiya(dir, 'anchor', 'news.txt').status, 0);
    const placed = placedOn(dir);
    for (const [key, id] of Object.entries({ ...ids, ...added })) {
      if (key === 'support') assert.equal(placed.get(id)?.[1], 'orphaned', 'its words changed on both sides');
      else assert.equal(placed.get(id)?.[1] === 'orphaned', false, key);
    }
  });

  it("(b) the fix branch's sidecar still describes the old text (edited by hand): its text is found in history by sha256", () => {
    git(dir, 'checkout', '-q', '-b', 'fix');
    let text = NEWS;
    for (const [find, replace] of CORRECTIONS) text = text.replace(find, replace);
    writeFileSync(path.join(dir, 'news.txt'), text.replace(/\n/g, '\r\n'));
    const file = path.join(dir, 'news.txt.annotations.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(`  - id: "${ids.lavrov}"`, `  # reviewed\n  - id: "${ids.lavrov}"`),
    );
    commitAll(dir, 'fix the text, comment the sidecar');
    const added = annotateBranch();
    const merge = run(dir, 'git', ['merge', '--no-edit', 'fix']);
    assert.equal(merge.status, 0, merge.stdout + merge.stderr);
    assertAllOnTheirWords({ ...ids, ...added }, added.site);
    assert.match(readSidecar(dir).source, /# reviewed\n/);
  });
});

describe('git merge driver: the entity registry', function () {
  this.timeout(heavyTimeout(3000));
  let dir: string;
  const REG = path.join('.hashiya', 'entities.yaml');
  let ids: Record<string, string>;

  function readRegistry(): Registry {
    const parsed = parseRegistry(readFileSync(path.join(dir, REG), 'utf8'));
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
    return parsed.registry;
  }
  function editRegistry(change: (r: Registry) => Registry): void {
    const file = path.join(dir, REG);
    const source = readFileSync(file, 'utf8');
    writeFileSync(file, serializeRegistry(change(readRegistry()), source));
  }
  const entity = (id: string) => readRegistry().entities.find((e) => e.id === id);

  beforeEach(() => {
    dir = newRepo();
    mkdirSync(path.join(dir, '.hashiya'));
    let registry: Registry = { entities: [] };
    ids = {};
    for (const [key, name, kind] of [
      ['lavrov', 'سيرغي لافروف', 'person'],
      ['lavrov2', 'لافروف', 'person'],
      ['kerry', 'جون كيري', 'person'],
      ['un', 'الأمم المتحدة', 'organisation'],
    ] as const) {
      const made = createEntity(registry, { name, kind });
      registry = made.registry;
      ids[key] = made.entity.id;
    }
    writeFileSync(path.join(dir, REG), serializeRegistry(registry));
    commitAll(dir, 'registry');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('(e) aliases added on both sides: the union; rename vs edit: both kept; merged into vs edited: the edit arrives in the entity merged into', () => {
    git(dir, 'checkout', '-q', '-b', 'colleague');
    editRegistry((r) => {
      let next = updateEntity(r, ids.kerry, { aliases: ['كيري', 'وزير الخارجية الأمريكي'] });
      next = updateEntity(next, ids.un, { note: 'their note' });
      // they edit the entity that we merge into another on our side
      return updateEntity(next, ids.lavrov2, { aliases: ['س. لافروف'], note: 'spelling of Reuters' });
    });
    commitAll(dir, 'colleague edits');
    git(dir, 'checkout', '-q', 'main');
    editRegistry((r) => {
      let next = updateEntity(r, ids.kerry, { aliases: ['كيري', 'John Kerry'] });
      next = updateEntity(next, ids.un, { name: 'منظمة الأمم المتحدة' });
      return mergeEntities(next, ids.lavrov2, ids.lavrov);
    });
    commitAll(dir, 'I edit and merge');
    const merge = run(dir, 'git', ['merge', '--no-edit', 'colleague']);
    assert.equal(merge.status, 0, merge.stdout + merge.stderr);
    assertNoMarkers(dir);
    assert.deepEqual(entity(ids.kerry)!.aliases.sort(), ['John Kerry', 'كيري', 'وزير الخارجية الأمريكي'].sort());
    assert.deepEqual(
      [entity(ids.un)!.name, entity(ids.un)!.note, entity(ids.un)!.aliases],
      ['منظمة الأمم المتحدة', 'their note', ['الأمم المتحدة']],
    );
    assert.equal(entity(ids.lavrov2), undefined, 'merged away');
    const lavrov = entity(ids.lavrov)!;
    assert.deepEqual(lavrov.replaces, [ids.lavrov2]);
    assert.ok(lavrov.aliases.includes('لافروف') && lavrov.aliases.includes('س. لافروف'), JSON.stringify(lavrov));
    assert.equal(lavrov.note, 'spelling of Reuters');
    assert.ok(readRegistry().entities.every((e) => !e.conflict));
    const check = hashiya(dir, 'check', '.hashiya/entities.yaml');
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });

  it('(e) renamed differently on both sides: conflict recorded on the entity; resolved, the registry is valid', () => {
    git(dir, 'checkout', '-q', '-b', 'colleague');
    editRegistry((r) => updateEntity(r, ids.kerry, { name: 'جون فوربس كيري' }));
    commitAll(dir, 'their name');
    git(dir, 'checkout', '-q', 'main');
    editRegistry((r) => updateEntity(r, ids.kerry, { name: 'John Kerry' }));
    commitAll(dir, 'our name');
    const merge = run(dir, 'git', ['merge', '--no-edit', 'colleague']);
    assert.notEqual(merge.status, 0);
    assertNoMarkers(dir);
    const kerry = entity(ids.kerry)!;
    assert.deepEqual(
      [kerry.name, kerry.conflict],
      ['John Kerry', { with: 'colleague', theirs: { name: 'جون فوربس كيري' } }],
    );
    assert.ok(kerry.aliases.includes('جون كيري'), 'the old name stays an alias');
    const check = hashiya(dir, 'check', '.hashiya/entities.yaml');
    assert.equal(check.status, 1);
    assert.match(
      check.stdout,
      /^\.hashiya\/entities\.yaml:\d+:\d+: conflict with "colleague": name is "John Kerry" here, "جون فوربس كيري" in theirs$/m,
    );
    editRegistry((r) => resolveEntityConflict(r, ids.kerry, 'both'));
    assert.deepEqual(
      [entity(ids.kerry)!.name, entity(ids.kerry)!.aliases.includes('جون فوربس كيري')],
      ['John Kerry', true],
    );
    assert.equal(hashiya(dir, 'check', '.hashiya/entities.yaml').status, 0);
  });

  it('(e) both sides merged the same entity into different ones: ids stay unique, theirs recorded', () => {
    git(dir, 'checkout', '-q', '-b', 'colleague');
    editRegistry((r) => mergeEntities(r, ids.lavrov2, ids.kerry));
    commitAll(dir, 'their merge');
    git(dir, 'checkout', '-q', 'main');
    editRegistry((r) => mergeEntities(r, ids.lavrov2, ids.lavrov));
    commitAll(dir, 'our merge');
    const merge = run(dir, 'git', ['merge', '--no-edit', 'colleague']);
    assert.notEqual(merge.status, 0);
    const registry = readRegistry();
    assert.deepEqual(entity(ids.lavrov)!.replaces, [ids.lavrov2]);
    assert.equal(entity(ids.kerry)!.replaces, undefined);
    assert.deepEqual(entity(ids.kerry)!.conflict?.theirs, { replaces: [ids.lavrov2] });
    assert.equal(registry.entities.length, 3);
    editRegistry((r) => resolveEntityConflict(r, ids.kerry, 'theirs'));
    assert.deepEqual([entity(ids.kerry)!.replaces, entity(ids.lavrov)!.replaces], [[ids.lavrov2], undefined]);
    assert.equal(hashiya(dir, 'check', '.hashiya/entities.yaml').status, 0);
  });
});

describe('hashiya merge on plain files (no git): add/add, the registry by content, the publication date', function () {
  this.timeout(heavyTimeout(1500)); // a node process per run
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-merge-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const files = (base: string, ours: string, theirs: string) => {
    const names = ['base', 'ours', 'theirs'].map((n) => path.join(dir, `${n}.yaml`));
    [base, ours, theirs].forEach((content, i) => writeFileSync(names[i], content));
    return names;
  };

  it('a sidecar added on both sides (empty base): the union; the article beside it is the merged text', () => {
    writeFileSync(path.join(dir, 'news.txt'), NEWS);
    const ours = new AnnotationSet(NEWS);
    add(ours, 'actor', 'سيرغي لافروف');
    const theirs = new AnnotationSet(NEWS);
    add(theirs, 'actor', 'جون كيري');
    const [b, o, t] = files(
      '',
      serializeSidecar(sidecarOf('news.txt', ours)),
      serializeSidecar(sidecarOf('news.txt', theirs)),
    );
    const r = hashiya(dir, 'merge', b, o, t, 'news.txt.annotations.yaml');
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const parsed = parseSidecar(readFileSync(o, 'utf8'));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.sidecar.annotations.map((a) => a.quote).sort(), ['جون كيري', 'سيرغي لافروف'].sort());
  });

  it('the publication date set differently on both sides: recorded, exit 1; the registry is told by its content', () => {
    const set = new AnnotationSet(NEWS);
    add(set, 'actor', 'سيرغي لافروف');
    const s = (date: string) => serializeSidecar({ ...sidecarOf('news.txt', set), published: { date } });
    let [b, o, t] = files(s('2015-12-16'), s('2015-12-17'), s('2015-12-18'));
    let r = hashiya(dir, 'merge', b, o, t);
    assert.equal(r.status, 1, r.stderr + r.stdout);
    const parsed = parseSidecar(readFileSync(o, 'utf8'));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.sidecar.published, { date: '2015-12-17', conflict: { theirs: { date: '2015-12-18' } } });
    assert.match(r.stdout, /publication date is "2015-12-17" here, "2015-12-18" in theirs/);
    let registry: Registry = { entities: [] };
    registry = createEntity(registry, { name: 'جون كيري', kind: 'person' }).registry;
    const id = registry.entities[0].id;
    [b, o, t] = files(
      serializeRegistry(registry),
      serializeRegistry(updateEntity(registry, id, { aliases: ['كيري'] })),
      serializeRegistry(updateEntity(registry, id, { aliases: ['John Kerry'] })),
    );
    r = hashiya(dir, 'merge', b, o, t);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const merged = parseRegistry(readFileSync(o, 'utf8'));
    assert.ok(merged.ok);
    assert.deepEqual(merged.registry.entities[0].aliases, ['كيري', 'John Kerry']);
  });
});

// ---------------------------------------------------------------------------------------------
// Adversarial review of the driver: another article's sidecar (2), conflicts recorded before
// (3), their positions (4), positions that do not fit (5), and the other ways git applies a change.

describe("git merge driver: another article's sidecar is refused, a renamed one is not", function () {
  this.timeout(heavyTimeout(4000));
  let dir: string;
  let ids: Record<string, string>;
  beforeEach(() => {
    ({ dir, ids } = baseRepo());
    // a second article with its own sidecar
    const other = 'خبر آخر: قال جون كيري إن لافروف وافق. وأضاف كيري أن موسكو وواشنطن اتفقتا.\n';
    writeFileSync(path.join(dir, 'other.txt'), other);
    const set = new AnnotationSet(other);
    add(set, 'actor', 'لافروف');
    add(set, 'actor', 'موسكو');
    writeFileSync(path.join(dir, 'other.txt.annotations.yaml'), serializeSidecar(sidecarOf('other.txt', set)));
    commitAll(dir, 'another article');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("copied over this article's sidecar on either side: git merge fails, ours untouched, file:line:column of text.file", () => {
    git(dir, 'checkout', '-q', '-b', 'careless');
    writeFileSync(
      path.join(dir, 'news.txt.annotations.yaml'),
      readFileSync(path.join(dir, 'other.txt.annotations.yaml')),
    );
    commitAll(dir, 'oops: copied the other sidecar');
    git(dir, 'checkout', '-q', 'main');
    editSidecar(dir, (set) => add(set, 'actor', 'فلاديمير بوتين'));
    commitAll(dir, 'I annotate');
    const before = readFileSync(path.join(dir, 'news.txt.annotations.yaml'), 'utf8');
    for (const [branch, side] of [
      ['careless', 'their'],
      ['main', 'our'],
    ] as const) {
      if (branch === 'main') {
        git(dir, 'checkout', '-q', 'careless');
      }
      const ours = readFileSync(path.join(dir, 'news.txt.annotations.yaml'), 'utf8');
      const merge = run(dir, 'git', ['merge', '--no-edit', branch]);
      assert.notEqual(merge.status, 0, 'refused');
      assert.match(
        merge.stderr,
        new RegExp(
          `^news\\.txt\\.annotations\\.yaml:\\d+:9: text\\.file is "other\\.txt" but the article is "news\\.txt": the sidecar belongs to another article .*\\(${side} version\\)$`,
          'm',
        ),
      );
      assert.match(merge.stderr, /not merged, ours left as it is/);
      assert.doesNotMatch(merge.stderr, /^\s+at /m, 'no stack trace');
      assert.equal(readFileSync(path.join(dir, 'news.txt.annotations.yaml'), 'utf8'), ours, 'ours left as it is');
      assert.match(git(dir, 'status', '--porcelain'), /^UU news\.txt\.annotations\.yaml$/m);
      assertNoMarkers(dir);
      git(dir, 'merge', '--abort');
    }
    git(dir, 'checkout', '-q', 'main');
    assert.equal(readFileSync(path.join(dir, 'news.txt.annotations.yaml'), 'utf8'), before);
  });

  for (const inVsCode of [true, false])
    it(`the article and its sidecar renamed on one branch (${inVsCode ? 'in VS Code: text.file the new name' : 'git mv: text.file the old name'}), annotated on the other: merged, both ways, onto the new name`, () => {
      git(dir, 'checkout', '-q', '-b', 'colleague');
      editSidecar(dir, (set) => {
        add(set, 'actor', 'فلاديمير بوتين');
        set.update(ids.kerry, { note: 'theirs' }, NOW);
      });
      commitAll(dir, 'colleague annotates news.txt');
      git(dir, 'checkout', '-q', 'main');
      git(dir, 'mv', 'news.txt', 'report.txt');
      git(dir, 'mv', 'news.txt.annotations.yaml', 'report.txt.annotations.yaml');
      // as Hashiya records a rename made in VS Code: the new name in text.file
      const file = path.join(dir, 'report.txt.annotations.yaml');
      if (inVsCode) writeFileSync(file, readFileSync(file, 'utf8').replace('file: "news.txt"', 'file: "report.txt"'));
      // renamed outside VS Code and edited by hand (so that both sides changed it and git runs the driver)
      else
        writeFileSync(
          file,
          readFileSync(file, 'utf8').replace(
            '    quote: "مساء الثلاثاء"\n',
            '    quote: "مساء الثلاثاء"\n    note: "edited after the rename"\n',
          ),
        );
      commitAll(dir, 'rename the article');
      git(dir, 'branch', 'renamed');
      for (const [into, from] of [
        ['main', 'colleague'],
        ['colleague', 'renamed'],
      ]) {
        git(dir, 'checkout', '-q', into);
        const merge = run(dir, 'git', ['merge', '--no-edit', from]);
        assert.equal(merge.status, 0, `${from} into ${into}: ${merge.stdout}${merge.stderr}`);
        const placed = placedOn(dir, 'report.txt');
        assert.equal(placed.size, 6, 'every annotation of both sides');
        const { sidecar } = readSidecar(dir, 'report.txt.annotations.yaml');
        assert.equal(sidecar.text.file, 'report.txt');
        assert.equal(sidecar.annotations.find((a) => a.id === ids.kerry)!.note, 'theirs');
        assert.equal(hashiya(dir, 'check', 'report.txt').status, 0);
        git(dir, 'reset', '-q', '--hard', 'HEAD~1');
      }
    });
});

describe('hashiya merge: a base written for another article', () => {
  it('is left out with a warning at its text.file (merged as if both sides had added everything); ours and theirs merge', () => {
    const { dir } = baseRepo();
    try {
      const good = readFileSync(path.join(dir, 'news.txt.annotations.yaml'), 'utf8');
      const other = good.replace('file: "news.txt"', 'file: "other.txt"');
      for (const [name, content] of [
        ['base.yaml', other],
        ['ours.yaml', good],
        ['theirs.yaml', good],
      ])
        writeFileSync(path.join(dir, name), content);
      const r = hashiya(
        dir,
        'merge',
        path.join(dir, 'base.yaml'),
        path.join(dir, 'ours.yaml'),
        path.join(dir, 'theirs.yaml'),
        'news.txt.annotations.yaml',
      );
      assert.equal(r.status, 0, r.stderr);
      assert.match(
        r.stderr,
        /^news\.txt\.annotations\.yaml:\d+:9: text\.file is "other\.txt" but the article is "news\.txt".* \(the base version\); merged as if both sides had added everything$/m,
      );
      assert.equal(parseSidecar(readFileSync(path.join(dir, 'ours.yaml'), 'utf8')).ok, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('git merge driver: conflicts recorded before are kept, and their positions follow the text', function () {
  this.timeout(heavyTimeout(6000));
  let dir: string;
  let ids: Record<string, string>;
  beforeEach(() => ({ dir, ids } = baseRepo()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function branchWithNote(branch: string, note: string): void {
    git(dir, 'checkout', '-q', '-b', branch, 'main');
    editSidecar(dir, (set) => set.update(ids.kerry, { note }, NOW));
    commitAll(dir, branch);
  }
  const notesOf = () => {
    const a = readSidecar(dir).sidecar.annotations.find((x) => x.id === ids.kerry)!;
    return [a.note, ...conflictAlternatives(a.conflict).map((c) => c.theirs?.note)];
  };
  const commitMerge = () => {
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '--no-edit');
  };

  it("sequential: main merges A (recorded), then B: A's and B's notes both kept; check names both; resolved one after the other", () => {
    for (const b of ['A', 'B']) branchWithNote(b, `note of ${b}`);
    git(dir, 'checkout', '-q', 'main');
    editSidecar(dir, (set) => set.update(ids.kerry, { note: 'note of main' }, NOW));
    commitAll(dir, 'main');
    assert.notEqual(run(dir, 'git', ['merge', '--no-edit', 'A']).status, 0);
    commitMerge();
    const merge = run(dir, 'git', ['merge', '--no-edit', 'B']);
    assert.notEqual(merge.status, 0, 'a new alternative: the merge stops');
    assertNoMarkers(dir);
    assert.deepEqual(notesOf(), ['note of main', 'note of A', 'note of B']);
    const check = hashiya(dir, 'check', 'news.txt');
    assert.match(
      check.stdout,
      /conflict with "A": note is "note of main" here, "note of A" in theirs; 1 more alternative, taken up after this one: \(2\) conflict with "B": note is "note of main" here, "note of B" in theirs/,
    );
    const { sidecar } = readSidecar(dir);
    const text = readFileSync(path.join(dir, 'news.txt'), 'utf8');
    const first = resolveAnnotationConflict(sidecar.annotations, ids.kerry, 'theirs', { text });
    assert.equal(first.kept!.note, 'note of A');
    const second = resolveAnnotationConflict(first.annotations, ids.kerry, 'theirs', { text });
    assert.deepEqual([second.kept!.note, second.kept!.conflict], ['note of B', undefined]);
  });

  it('crossed: C records D, main records A, main merges C: A, C and D all kept (and C merging main keeps them too)', () => {
    for (const b of ['A', 'C', 'D']) branchWithNote(b, `note of ${b}`);
    git(dir, 'checkout', '-q', 'C');
    run(dir, 'git', ['merge', '--no-edit', 'D']);
    commitMerge();
    git(dir, 'checkout', '-q', 'main');
    editSidecar(dir, (set) => set.update(ids.kerry, { note: 'note of main' }, NOW));
    commitAll(dir, 'main');
    run(dir, 'git', ['merge', '--no-edit', 'A']);
    commitMerge();
    git(dir, 'branch', 'mainA');
    assert.notEqual(run(dir, 'git', ['merge', '--no-edit', 'C']).status, 0);
    assertNoMarkers(dir);
    assert.deepEqual(new Set(notesOf()), new Set(['note of main', 'note of A', 'note of C', 'note of D']));
    git(dir, 'merge', '--abort');
    git(dir, 'checkout', '-q', 'C');
    assert.notEqual(run(dir, 'git', ['merge', '--no-edit', 'mainA']).status, 0);
    assert.deepEqual(new Set(notesOf()), new Set(['note of main', 'note of A', 'note of C', 'note of D']));
  });

  it('a recorded position moves with a correction merged in (and with one made outside, re-anchored by hashiya anchor); check passes but for the conflict', () => {
    // main: a position conflict recorded (their place: another word, with context)
    const text = readFileSync(path.join(dir, 'news.txt'), 'utf8');
    const [ps, pe] = spanOf(text, 'فلاديمير بوتين');
    const points = [...text];
    editSidecar(dir, (set) => {
      const a = set.get(ids.kerry)!;
      set.restore({
        ...a,
        conflict: {
          with: 'x',
          theirs: {
            start: ps,
            end: pe,
            quote: 'فلاديمير بوتين',
            prefix: points.slice(ps - 32, ps).join(''),
            suffix: points.slice(pe, pe + 32).join(''),
          },
        },
      });
    });
    commitAll(dir, 'a conflict recorded');
    git(dir, 'checkout', '-q', '-b', 'fix');
    correctAsEditor(dir);
    commitAll(dir, 'fix the text');
    git(dir, 'checkout', '-q', 'main');
    editSidecar(dir, (set) => add(set, 'actor', 'بشار الأسد'));
    commitAll(dir, 'annotate');
    const merge = run(dir, 'git', ['merge', '--no-edit', 'fix']);
    assert.equal(merge.status, 0, merge.stdout + merge.stderr);
    const after = readFileSync(path.join(dir, 'news.txt'), 'utf8');
    const theirs = readSidecar(dir).sidecar.annotations.find((a) => a.id === ids.kerry)!.conflict!.theirs!;
    assert.equal([...after].slice(theirs.start!, theirs.end!).join(''), 'فلاديمير بوتين');
    const check = hashiya(dir, 'check', 'news.txt');
    assert.deepEqual(
      check.stdout
        .trim()
        .split('\n')
        .slice(0, -1)
        .map((l) => /conflict with "x": position is/.test(l)),
      [true],
      check.stdout,
    );
    // the article edited outside: anchor finds the position again; check still names only the conflict
    writeFileSync(path.join(dir, 'news.txt'), `عاجل: تحديث.\r\n\r\n${after}`);
    assert.equal(hashiya(dir, 'anchor', 'news.txt').status, 0);
    const again = readSidecar(dir).sidecar.annotations.find((a) => a.id === ids.kerry)!.conflict!.theirs!;
    assert.equal(
      [...readFileSync(path.join(dir, 'news.txt'), 'utf8')].slice(again.start!, again.end!).join(''),
      'فلاديمير بوتين',
    );
    assert.equal(hashiya(dir, 'check', 'news.txt').stdout.trim().split('\n').length, 2);
  });

  it('a version whose recorded position is outside its text or not on its quote: exit 1, ours untouched, file:line:column, never a stack trace', () => {
    const good = readFileSync(path.join(dir, 'news.txt.annotations.yaml'), 'utf8');
    const sidecarFile = (name: string, content: string) => {
      writeFileSync(path.join(dir, name), content);
      return path.join(dir, name);
    };
    const withConflict = (theirs: string) =>
      good.replace(/( {4}quote: "جون كيري"\n)/, `$1    conflict:\n      theirs:\n${theirs}`);
    for (const [theirs, message] of [
      [
        '        start: 3000\n        end: 3004\n        quote: "كيري"\n',
        /:\d+:14: their position \(recorded conflict\): end 3004 is beyond the end of the text \(\d+ code points\) \(their version, against the article it was written for\)$/m,
      ],
      [
        '        start: 0\n        end: 4\n        quote: "كيري"\n',
        /:\d+:16: their position \(recorded conflict\): quote "كيري" does not match the text at 0\.\.4 \(".*"\) \(their version, against the article it was written for\)$/m,
      ],
    ] as const) {
      const ours = sidecarFile('ours.yaml', good);
      const r = hashiya(
        dir,
        'merge',
        sidecarFile('base.yaml', good),
        ours,
        sidecarFile('theirs.yaml', withConflict(theirs)),
        'news.txt.annotations.yaml',
      );
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /^\s+at |RangeError/m, 'no stack trace');
      assert.equal(readFileSync(ours, 'utf8'), good, 'ours left as it is');
      // check says the same of the sidecar
      writeFileSync(path.join(dir, 'news.txt.annotations.yaml'), withConflict(theirs));
      assert.match(hashiya(dir, 'check', 'news.txt').stdout, /their position \(recorded conflict\)/);
    }
    // the text it was written for unknown (found nowhere): found again by quote, or orphaned; no crash
    const unknown = withConflict('        start: 3000\n        end: 3004\n        quote: "كيري"\n').replace(
      /sha256: "[0-9a-f]+"/,
      `sha256: "${'0'.repeat(64)}"`,
    );
    const ours = sidecarFile('ours.yaml', good);
    const r = hashiya(
      dir,
      'merge',
      sidecarFile('base.yaml', good),
      ours,
      sidecarFile('theirs.yaml', unknown),
      'news.txt.annotations.yaml',
    );
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.doesNotMatch(r.stderr, /^\s+at |RangeError/m);
    assert.ok(parseSidecar(readFileSync(ours, 'utf8')).ok);
  });
});

describe('git merge driver: cherry-pick, revert, diff3 conflicts, octopus merges', function () {
  this.timeout(heavyTimeout(6000));
  let dir: string;
  let ids: Record<string, string>;
  beforeEach(() => ({ dir, ids } = baseRepo()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('git cherry-pick of a correction (git names no commit): the merged article is known, every annotation on its words', () => {
    git(dir, 'checkout', '-q', '-b', 'fix');
    correctAsEditor(dir);
    commitAll(dir, 'fix the text');
    git(dir, 'checkout', '-q', 'main');
    let putin = '';
    editSidecar(dir, (set) => {
      putin = add(set, 'actor', 'فلاديمير بوتين').id;
    });
    commitAll(dir, 'annotate');
    const pick = run(dir, 'git', ['cherry-pick', 'fix']);
    assert.equal(pick.status, 0, pick.stdout + pick.stderr);
    assert.doesNotMatch(pick.stdout, /merged article is unknown/);
    const placed = placedOn(dir); // asserts the sha256 is the merged article's
    assert.deepEqual(placed.get(putin), ['فلاديمير بوتين', 'exact']);
    assert.deepEqual(placed.get(ids.support)?.[0], EXPECTED.support);
    assert.equal(hashiya(dir, 'check', 'news.txt').status, 0);
    // and reverted: back on the old text, annotated words and all
    const revert = run(dir, 'git', ['revert', '--no-edit', 'HEAD']);
    assert.equal(revert.status, 0, revert.stdout + revert.stderr);
    assert.equal(readFileSync(path.join(dir, 'news.txt'), 'utf8'), NEWS);
    assert.deepEqual(placedOn(dir).get(putin), ['فلاديمير بوتين', 'exact']);
  });

  it('git stash apply of an annotation made on the text before a correction was merged: placed on the merged article', () => {
    git(dir, 'checkout', '-q', '-b', 'fix');
    correctAsEditor(dir);
    commitAll(dir, 'fix the text');
    git(dir, 'checkout', '-q', 'main');
    let putin = '';
    editSidecar(dir, (set) => {
      putin = add(set, 'actor', 'فلاديمير بوتين').id;
    });
    git(dir, 'stash', '-q');
    git(dir, 'merge', '-q', '--no-edit', 'fix');
    const pop = run(dir, 'git', ['stash', 'pop']);
    assert.equal(pop.status, 0, pop.stdout + pop.stderr);
    const placed = placedOn(dir);
    assert.deepEqual(placed.get(putin), ['فلاديمير بوتين', 'exact']);
    assert.deepEqual(placed.get(ids.kerry)?.[0], EXPECTED.kerry);
  });

  it('merge.conflictStyle diff3: an annotation in a hunk where the article conflicts gets no position conflict', () => {
    git(dir, 'config', 'merge.conflictStyle', 'diff3');
    git(dir, 'checkout', '-q', '-b', 'fix');
    writeFileSync(path.join(dir, 'news.txt'), NEWS.replace('هذه الجمعة', 'الجمعة المقبلة'));
    assert.equal(hashiya(dir, 'anchor', 'news.txt').status, 0);
    commitAll(dir, 'fix: next Friday');
    git(dir, 'checkout', '-q', 'main');
    writeFileSync(path.join(dir, 'news.txt'), NEWS.replace('هذه الجمعة', 'يوم الجمعة'));
    assert.equal(hashiya(dir, 'anchor', 'news.txt').status, 0);
    editSidecar(dir, (set) => set.update(ids.lavrov, { note: 'n' }, NOW));
    commitAll(dir, 'main: on Friday');
    const merge = run(dir, 'git', ['merge', '--no-edit', 'fix']);
    assert.notEqual(merge.status, 0, 'the article conflicts');
    assert.match(readFileSync(path.join(dir, 'news.txt'), 'utf8'), /^\|{7} /m, 'diff3 markers');
    assert.match(merge.stdout, /news\.txt\.annotations\.yaml: \d+ annotations;.*merged cleanly/);
    const { sidecar } = readSidecar(dir);
    assert.deepEqual(
      sidecar.annotations.filter((a) => a.conflict).map((a) => a.id),
      [],
    );
    placedOn(dir);
  });

  it('an octopus merge does not run the driver: git merges line by line and stops (with its markers when the last branch conflicts); aborted, one branch at a time merges', () => {
    for (const [branch, label] of [
      ['b1', 'actor'],
      ['b2', 'claim'],
    ] as const) {
      git(dir, 'checkout', '-q', '-b', branch, 'main');
      editSidecar(dir, (set) => add(set, label, 'فلاديمير بوتين'));
      commitAll(dir, branch);
    }
    git(dir, 'checkout', '-q', 'main');
    editSidecar(dir, (set) => set.update(ids.lavrov, { note: 'n' }, NOW));
    commitAll(dir, 'main');
    const before = readFileSync(path.join(dir, 'news.txt.annotations.yaml'), 'utf8');
    const octopus = run(dir, 'git', ['merge', '--no-edit', 'b1', 'b2']);
    assert.notEqual(octopus.status, 0);
    assert.match(
      octopus.stdout + octopus.stderr,
      /Should not be doing an octopus|octopus failed|Automatic merge failed/,
    );
    assert.doesNotMatch(octopus.stdout, /hashiya merge:/, 'the driver is not run');
    // the last branch conflicted: git's own markers; Hashiya refuses the file (check says where)
    const check = hashiya(dir, 'check', 'news.txt');
    assert.equal(check.status, 1);
    assert.match(check.stdout, /^news\.txt\.annotations\.yaml:\d+:1: git conflict markers \(lines \d+ to \d+\): /m);
    git(dir, 'merge', '--abort');
    assert.equal(readFileSync(path.join(dir, 'news.txt.annotations.yaml'), 'utf8'), before);
    assertNoMarkers(dir);
    for (const branch of ['b1', 'b2']) assert.equal(run(dir, 'git', ['merge', '--no-edit', branch]).status, 0);
    assert.equal(placedOn(dir).size, 7);
  });
});

describe('git merge driver: a project schema with a fourth label (issue 9)', function () {
  this.timeout(heavyTimeout(8000));
  let dir: string;
  const schemaSource = readFileSync(fixturePath('schema', 'places.yaml'), 'utf8');
  beforeEach(() => {
    dir = newRepo();
    mkdirSync(path.join(dir, '.hashiya'));
    writeFileSync(path.join(dir, '.hashiya', 'schema.yaml'), schemaSource);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function placesSet(): AnnotationSet {
    const set = new AnnotationSet(NEWS);
    const parsed = parseProjectSchema(schemaSource);
    assert.ok(parsed.ok);
    set.schema = parsed.schema;
    return set;
  }

  it('merges sidecars with a label of the schema by id and field, attributes too', () => {
    const set = placesSet();
    const place = add(set, 'place', 'نيويورك');
    const actor = add(set, 'actor', 'سيرغي لافروف');
    writeFileSync(path.join(dir, 'news.txt'), NEWS);
    writeFileSync(path.join(dir, 'news.txt.annotations.yaml'), serializeSidecar(sidecarOf('news.txt', set)));
    commitAll(dir, 'base');
    git(dir, 'checkout', '-q', '-b', 'theirs');
    set.update(place.id, { attributes: { scale: 'city' } }, NOW);
    writeFileSync(path.join(dir, 'news.txt.annotations.yaml'), serializeSidecar(sidecarOf('news.txt', set)));
    commitAll(dir, 'theirs: scale');
    git(dir, 'checkout', '-q', 'main');
    const ours = placesSet();
    for (const a of readSidecarWith(dir, ours.schema).annotations) ours.restore(a);
    ours.update(actor.id, { note: 'FM' }, NOW);
    writeFileSync(path.join(dir, 'news.txt.annotations.yaml'), serializeSidecar(sidecarOf('news.txt', ours)));
    commitAll(dir, 'ours: note');
    const r = run(dir, 'git', ['merge', '-q', '--no-edit', 'theirs']);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const merged = readSidecarWith(dir, ours.schema);
    assert.deepEqual(merged.annotations.find((a) => a.id === place.id)?.attributes, { scale: 'city' });
    assert.equal(merged.annotations.find((a) => a.id === actor.id)?.note, 'FM');
  });

  it("a project schema that does not parse: not merged, ours left as it is, the schema's problem with its line", () => {
    const set = placesSet();
    add(set, 'place', 'نيويورك');
    const good = serializeSidecar(sidecarOf('news.txt', set));
    for (const name of ['base.yaml', 'ours.yaml', 'theirs.yaml']) writeFileSync(path.join(dir, name), good);
    writeFileSync(
      path.join(dir, '.hashiya', 'schema.yaml'),
      'version: 1\nlabels:\n  - {id: place, title: {en: Place}, key: e}\n',
    );
    const r = hashiya(dir, 'merge', 'base.yaml', 'ours.yaml', 'theirs.yaml', 'news.txt.annotations.yaml');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^\.hashiya\/schema\.yaml:3:\d+: key "e" runs a command/m);
    assert.match(r.stderr, /not merged, ours left as it is \(its project schema/);
    assert.equal(readFileSync(path.join(dir, 'ours.yaml'), 'utf8'), good);
  });
});

function readSidecarWith(dir: string, schema: ProjectSchema): Sidecar {
  const parsed = parseSidecar(readFileSync(path.join(dir, 'news.txt.annotations.yaml'), 'utf8'), schema);
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
  return parsed.sidecar;
}
