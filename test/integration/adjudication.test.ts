import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { emptySidecar, parseSidecar, serializeSidecar } from '../../src/core/format/sidecar';
import type { Annotation } from '../../src/core/model/annotation';
import { Commands } from '../../src/extension/commandIds';
import type { AdjudicationSummary } from '../../src/extension/commands/adjudicationCommands';
import { closeAll, hashiya, waitFor, ws } from './support';

// an emoji (two UTF-16 units, one code point) and CR LF before the names: offsets are code points
const TEXT = '📰 Geneva\r\nKerry met Lavrov in Geneva on Monday.\r\n';
const cp = (needle: string) => [...TEXT.slice(0, TEXT.indexOf(needle))].length;

/** An annotation of TEXT on the first `needle` (code points), with `extra` fields. */
function span(id: string, label: string, needle: string, extra: Partial<Annotation> = {}): Annotation {
  const start = cp(needle);
  return { id, label, start, end: start + [...needle].length, quote: needle, prefix: '', suffix: '', ...extra };
}

/** An annotator's folder with a copy of the article at the same path and their sidecar. */
function annotator(name: string, annotations: Annotation[], text = TEXT, file = 'meeting.txt'): vscode.Uri {
  fs.mkdirSync(ws(name, 'adj').fsPath, { recursive: true });
  fs.writeFileSync(ws(name, 'adj', file).fsPath, text);
  fs.writeFileSync(ws(name, 'adj', `${file}.annotations.yaml`).fsPath,
    serializeSidecar({ ...emptySidecar(file), annotations }));
  return ws(name);
}

/** The gold sidecar's annotations (each test adjudicates an article of its own: sessions outlive a test). */
function gold(file = 'meeting.txt'): Annotation[] {
  const parsed = parseSidecar(fs.readFileSync(ws('adj', `${file}.annotations.yaml`).fsPath, 'utf8'));
  assert.ok(parsed.ok);
  return parsed.sidecar.annotations;
}


/** An annotation's adjudication record without `versions` (checked where it matters). */
function record(a: Annotation): Omit<NonNullable<Annotation['adjudication']>, 'versions'> | undefined {
  if (!a.adjudication) return undefined;
  const { versions: _versions, ...rest } = a.adjudication;
  return rest;
}

describe('Adjudicate Article… (issue 10)', function () {
  this.timeout(60000);
  afterEach(async () => {
    await vscode.commands.executeCommand(Commands.endAdjudication);
    await closeAll();
    for (const name of ['adj', 'adj-alice', 'adj-bob', 'adj-carol']) {
      fs.rmSync(ws(name).fsPath, { recursive: true, force: true });
    }
  });

  it('prefills the unanimous, then takes B, neither, A and both through the palette commands into the gold sidecar', async () => {
    await hashiya();
    fs.mkdirSync(ws('adj').fsPath, { recursive: true });
    fs.writeFileSync(ws('adj', 'meeting.txt').fsPath, TEXT);
    const alice = annotator('adj-alice', [
      span('k1', 'actor', 'Kerry'),
      span('c1', 'claim', 'met Lavrov in Geneva', { speaker: 'k1' }),
      span('a2', 'actor', 'Lavrov'),
      span('a3', 'date', 'Monday'),
    ]);
    const bob = annotator('adj-bob', [
      span('b1', 'actor', 'Kerry'),
      span('c9', 'claim', 'met Lavrov in Geneva', { speaker: 'b1' }),
      span('b2', 'actor', 'Lavrov in'),
      span('b4', 'actor', 'Geneva on'),
    ]);
    const carol = annotator('adj-carol', [span('x', 'actor', 'Kerry')], TEXT.replace('Monday', 'Friday'));
    const summary = await vscode.commands.executeCommand<AdjudicationSummary>(
      Commands.adjudicateArticle, ws('adj', 'meeting.txt'), [alice, bob, carol]);
    assert.deepEqual(summary.names, ['adj-alice', 'adj-bob']);
    assert.deepEqual(summary.skipped.map((s) => s.folder), ['adj-carol']);
    assert.match(summary.skipped[0].reason, /text differs/);
    assert.deepEqual([summary.items, summary.unanimous, summary.open], [5, 2, 3]);
    // the unanimous are in gold at once, the claim's speaker pointing at the gold Kerry
    await waitFor(() => fs.existsSync(ws('adj', 'meeting.txt.annotations.yaml').fsPath), 'gold written');
    let g = gold();
    assert.deepEqual(g.map((a) => [a.id, a.quote, a.adjudication?.status]), [
      ['k1', 'Kerry', 'unanimous'], ['c1', 'met Lavrov in Geneva', 'unanimous']]);
    assert.equal(g[1].speaker, 'k1');
    assert.deepEqual(g[0].adjudication?.from, ['adj-alice', 'adj-bob']);
    assert.equal(g[0].start, cp('Kerry'));
    // items in reading order: Lavrov (boundary), Geneva (bob only), Monday (alice only)
    await vscode.commands.executeCommand(Commands.adjudicationTakeB);
    await vscode.commands.executeCommand(Commands.adjudicationTakeNeither);
    await vscode.commands.executeCommand(Commands.adjudicationTakeA);
    g = gold();
    assert.deepEqual(g.map((a) => [a.quote, record(a)]), [
      ['Kerry', { status: 'unanimous', from: ['adj-alice', 'adj-bob'] }],
      ['met Lavrov in Geneva', { status: 'unanimous', from: ['adj-alice', 'adj-bob'] }],
      ['Lavrov in', { status: 'adjudicated', from: ['adj-bob'], decision: 'take' }],
      ['Monday', { status: 'adjudicated', from: ['adj-alice'], decision: 'take' }],
    ]);
    // every item decided: the next is the one after the last decided (wrapping), Lavrov; both
    await vscode.commands.executeCommand(Commands.adjudicationNext);
    await vscode.commands.executeCommand(Commands.adjudicationTakeBoth);
    g = gold();
    assert.deepEqual(g.filter((a) => a.quote.startsWith('Lavrov')).map((a) => [a.quote, a.adjudication?.decision]),
      [['Lavrov in', 'both'], ['Lavrov', 'both']]);
    const sidecarText = fs.readFileSync(ws('adj', 'meeting.txt.annotations.yaml').fsPath, 'utf8');
    assert.match(sidecarText, /adjudication:\n\s+status: "adjudicated"\n\s+from:\n\s+- "adj-bob"\n\s+decision: "both"/);
  });

  it('writes the gold to hashiya.adjudication.goldTemplate and leaves the article\'s own sidecar alone', async () => {
    await hashiya();
    const config = vscode.workspace.getConfiguration('hashiya');
    await config.update('adjudication.goldTemplate', 'gold/{fileName}.annotations.yaml', vscode.ConfigurationTarget.Workspace);
    try {
      fs.mkdirSync(ws('adj').fsPath, { recursive: true });
      fs.writeFileSync(ws('adj', 'template.txt').fsPath, TEXT);
      const own = serializeSidecar({ ...emptySidecar('template.txt'), annotations: [span('mine', 'date', 'Monday')] });
      fs.writeFileSync(ws('adj', 'template.txt.annotations.yaml').fsPath, own);
      const alice = annotator('adj-alice', [span('k1', 'actor', 'Kerry'), span('a2', 'actor', 'Lavrov')], TEXT,
        'template.txt');
      const bob = annotator('adj-bob', [span('b1', 'actor', 'Kerry')], TEXT, 'template.txt');
      const summary = await vscode.commands.executeCommand<AdjudicationSummary>(
        Commands.adjudicateArticle, ws('adj', 'template.txt'), [alice, bob]);
      assert.deepEqual([summary.unanimous, summary.open], [1, 1]);
      await vscode.commands.executeCommand(Commands.adjudicationTakeA);
      const goldFile = ws('adj', 'gold', 'template.txt.annotations.yaml').fsPath;
      await waitFor(() => fs.existsSync(goldFile), 'gold written');
      const parsed = parseSidecar(fs.readFileSync(goldFile, 'utf8'));
      assert.ok(parsed.ok);
      assert.deepEqual(parsed.sidecar.annotations.map((a) => [a.quote, a.adjudication?.status]),
        [['Kerry', 'unanimous'], ['Lavrov', 'adjudicated']]);
      // the article's own sidecar keeps its one annotation (Hashiya may have filled in its computed fields)
      const ownNow = parseSidecar(fs.readFileSync(ws('adj', 'template.txt.annotations.yaml').fsPath, 'utf8'));
      assert.ok(ownNow.ok);
      assert.deepEqual(ownNow.sidecar.annotations.map((a) => [a.id, a.adjudication]), [['mine', undefined]]);
    } finally {
      await config.update('adjudication.goldTemplate', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('leaves out a copy whose sidecar does not parse, and Edit takes A\'s version as edited and selects it', async () => {
    await hashiya();
    fs.mkdirSync(ws('adj').fsPath, { recursive: true });
    fs.writeFileSync(ws('adj', 'edit.txt').fsPath, TEXT);
    const alice = annotator('adj-alice', [span('a2', 'actor', 'Lavrov')], TEXT, 'edit.txt');
    const bob = annotator('adj-bob', [span('b2', 'date', 'Lavrov')], TEXT, 'edit.txt');
    const carol = annotator('adj-carol', [], TEXT, 'edit.txt');
    fs.writeFileSync(ws('adj-carol', 'adj', 'edit.txt.annotations.yaml').fsPath, 'version: 1\nannotations: [\n');
    const summary = await vscode.commands.executeCommand<AdjudicationSummary>(
      Commands.adjudicateArticle, ws('adj', 'edit.txt'), [alice, bob, carol]);
    assert.deepEqual(summary.skipped.map((s) => s.folder), ['adj-carol']);
    assert.match(summary.skipped[0].reason, /does not parse \(edit\.txt\.annotations\.yaml:\d+:\d+/);
    assert.equal(summary.open, 1);
    await vscode.commands.executeCommand(Commands.adjudicationEdit);
    const g = gold('edit.txt');
    assert.deepEqual(g.map((a) => [a.label, a.quote, record(a)]),
      [['actor', 'Lavrov', { status: 'adjudicated', from: ['adj-alice'], decision: 'edited' }]]);
    assert.deepEqual(g[0].adjudication?.versions, ['adj-alice:a2'], 'tied to alice\'s annotation, whatever the edit');
  });
});
