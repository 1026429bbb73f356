import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnnotationSet } from '../../../src/core/model/annotationSet';
import { emptySidecar, serializeSidecar } from '../../../src/core/format/sidecar';
import { textSha256 } from '../../../src/core/text/textHash';
import { cpSpan } from '../../support/model';
import { runMain } from '../../support/cli';
import { heavyTimeout } from '../../support/timeouts';

const NOW = { now: '2026-11-29T12:00:00.000Z' };
// Arabic with an emoji: code points differ from UTF-16 units
const TEXT = 'قال وزير الخارجية 🙂 يوم الخميس إن الحكومة ستخفض الضرائب.\n';

/** What one annotator marks: [label, quote] pairs, and whether the claim gets the actor as its speaker. */
type Marks = { spans: [string, string][]; speaker?: boolean };

/** Writes `file` (relative) with TEXT (or `text`) and a sidecar of `marks` into `dir`. */
function annotate(dir: string, file: string, marks: Marks, text = TEXT): void {
  const set = new AnnotationSet(text);
  const made = marks.spans.map(([label, quote]) => set.add(label, ...cpSpan(text, quote), NOW));
  const actor = made.find((a) => a.label === 'actor');
  const claim = made.find((a) => a.label === 'claim');
  if (marks.speaker && actor && claim) set.update(claim.id, { speaker: actor.id }, NOW);
  const sidecar = emptySidecar(path.basename(file));
  sidecar.text.sha256 = textSha256(text);
  sidecar.text.length = [...text].length;
  sidecar.annotations = set.annotations;
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
  writeFileSync(path.join(dir, `${file}.annotations.yaml`), serializeSidecar(sidecar));
}

describe('command line: hashiya agree', function () {
  this.timeout(heavyTimeout(300));
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'hashiya-agree-'));
    // alice and bob agree on the actor and the claim; bob's date is shorter (overlap, not exact)
    annotate(path.join(root, 'alice'), 'news/a.txt', {
      spans: [['actor', 'وزير الخارجية'], ['date', 'يوم الخميس'], ['claim', 'الحكومة ستخفض الضرائب']], speaker: true,
    });
    annotate(path.join(root, 'bob'), 'news/a.txt', {
      spans: [['actor', 'وزير الخارجية'], ['date', 'الخميس'], ['claim', 'الحكومة ستخفض الضرائب']], speaker: true,
    });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('prints a table per pair of annotators and exits 0', async () => {
    const r = await runMain(root, 'agree', 'alice', 'bob');
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.equal(r.out[0], 'alice (A) and bob (B): 1 article in common, 57 code points; 0 skipped'); // 58 UTF-16 units: 🙂 is two
    assert.match(r.out[1], /^ {2}label +spans A +spans B +exact F1 \(pairs\) +overlap F1 \(pairs\) +κ +αU$/);
    assert.match(r.out.find((l) => l.trim().startsWith('date '))!, /^ {2}date +1 +1 +0\.000 \(0\) +1\.000 \(1\)/);
    assert.ok(r.out.includes('  claim speaker: 1.000 (1 of 1 paired spans agree)'));
    assert.ok(r.out.some((l) => l.startsWith('    news/a.txt  0.667  1.000')), r.out.join('\n'));
  });

  it('--json: pairs with labels, counts, F1, κ, αU, <relation>Agreement and rows per article', async () => {
    const r = await runMain(root, 'agree', '--json', 'alice', 'bob');
    assert.equal(r.code, 0);
    const json = JSON.parse(r.out.join('\n'));
    assert.equal(json.pairs.length, 1);
    const pair = json.pairs[0];
    assert.deepEqual([pair.a, pair.b, pair.articles], ['alice', 'bob', 1]);
    assert.deepEqual(Object.keys(pair.labels), ['claim', 'actor', 'date']);
    const date = pair.labels.date;
    assert.deepEqual([date.a, date.b, date.exactTp, date.exactFp, date.exactFn, date.exactF1, date.overlapF1],
      [1, 1, 0, 1, 1, 0, 1]);
    assert.equal(pair.speakerAgreement, 1);
    assert.equal(pair.exactF1, 2 / 3);
    assert.equal(pair.perArticle[0].article, 'news/a.txt');
    assert.equal(json.passed, true);
  });

  it('--csv: a header, then a row per article and label and one for all labels (*)', async () => {
    const r = await runMain(root, 'agree', '--csv', 'alice', 'bob');
    assert.equal(r.out[0], 'a,b,article,label,a_spans,b_spans,exact_tp,exact_fp,exact_fn,exact_f1,overlap_tp,overlap_fp,overlap_fn,overlap_f1,kappa,alpha_u');
    assert.deepEqual(r.out.slice(1).map((l) => l.split(',').slice(0, 10).join(',')), [
      'alice,bob,news/a.txt,claim,1,1,1,0,0,1',
      'alice,bob,news/a.txt,actor,1,1,1,0,0,1',
      'alice,bob,news/a.txt,date,1,1,0,1,1,0',
      'alice,bob,news/a.txt,*,3,3,2,1,1,0.6666666666666666',
    ]);
  });

  it('--min-f1 LABEL=F: exit 1 when a pair is under it, 0 when not', async () => {
    let r = await runMain(root, 'agree', '--min-f1', 'date=0.5', '--min-f1', 'actor=1', 'alice', 'bob');
    assert.equal(r.code, 1);
    assert.ok(r.out.includes('  exact F1 of date is 0.000, under --min-f1 0.5'));
    r = await runMain(root, 'agree', '--min-f1', 'actor=0.9', '--json', 'alice', 'bob');
    assert.equal(r.code, 0);
    assert.equal(JSON.parse(r.out.join('\n')).passed, true);
  });

  it('--min-f1 never passes on no data: an article without its sidecar is said, a pair that compared none fails', async () => {
    rmSync(path.join(root, 'bob', 'news', 'a.txt.annotations.yaml'));
    let r = await runMain(root, 'agree', '--min-f1', 'claim=0.5', 'alice', 'bob');
    assert.equal(r.code, 1, [...r.out, ...r.err].join('\n'));
    assert.ok(r.err.some((l) => l.includes('news/a.txt: skipped: no sidecar in bob')), r.err.join('\n'));
    assert.ok(r.out.includes('  no article compared: --min-f1 cannot be met on no data'), r.out.join('\n'));
    r = await runMain(root, 'agree', '--min-f1', 'claim=0.5', '--json', 'alice', 'bob');
    assert.equal(JSON.parse(r.out.join('\n')).passed, false);
    r = await runMain(root, 'agree', 'alice', 'bob');
    assert.equal(r.code, 0, 'without a threshold, no data is a report, not a failure');
  });

  it('exit 2 on bad usage, saying what is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [['alice'], /name at least two folders/],
      [['alice', 'nowhere'], /nowhere is not a folder/],
      [['alice', 'alice'], /the folder alice is named twice/],
      [['--json', '--csv', 'alice', 'bob'], /--json or --csv, not both/],
      [['--min-f1', 'date', 'alice', 'bob'], /--min-f1 needs LABEL=F.*not "date"/],
      [['--min-f1', 'date=1.5', 'alice', 'bob'], /not "date=1\.5"/],
      [['--min-f1', 'speaker=0.5', 'alice', 'bob'], /names the label "speaker", which these articles do not have/],
    ];
    for (const [args, message] of cases) {
      const r = await runMain(root, 'agree', ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err[0], message);
    }
  });

  it('warns about an article whose text differs between the folders and skips it', async () => {
    annotate(path.join(root, 'alice'), 'b.txt', { spans: [['actor', 'وزير']] });
    annotate(path.join(root, 'bob'), 'b.txt', { spans: [['actor', 'وزير']] }, `${TEXT}!`);
    const r = await runMain(root, 'agree', 'alice', 'bob');
    assert.deepEqual(r.err, ['b.txt: skipped: its text differs between alice and bob (text hash)']);
    assert.equal(r.out[0], 'alice (A) and bob (B): 1 article in common, 57 code points; 1 skipped');
  });

  it('every pair of three annotators; an article only one of them has is left out', async () => {
    annotate(path.join(root, 'carol'), 'news/a.txt', { spans: [] });
    annotate(path.join(root, 'carol'), 'only-carol.txt', { spans: [['actor', 'وزير']] });
    const r = await runMain(root, 'agree', '--json', 'alice', 'bob', 'carol');
    const pairs = JSON.parse(r.out.join('\n')).pairs;
    assert.deepEqual(pairs.map((p: { a: string; b: string }) => `${p.a}/${p.b}`), ['alice/bob', 'alice/carol', 'bob/carol']);
    assert.equal(pairs[1].labels.actor.exactF1, 0);
    assert.equal(pairs[1].articles, 1);
  });
});
