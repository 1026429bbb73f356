import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { PairReport } from '../../src/core/agreement/agreementReport';
import { emptySidecar, serializeSidecar } from '../../src/core/format/sidecar';
import type { Annotation } from '../../src/core/model/annotation';
import { Commands } from '../../src/extension/commandIds';
import { closeAll, hashiya, ws } from './support';

const TEXT = 'Kerry met Lavrov in Geneva on Monday.\n';

/** An annotation of TEXT from `start` to `end` (code points = UTF-16 here). */
function span(id: string, label: string, start: number, end: number): Annotation {
  return { id, label, start, end, quote: TEXT.slice(start, end), prefix: '', suffix: '' };
}

/** An annotator's folder in the workspace with the article and their sidecar. */
function annotator(name: string, annotations: Annotation[]): vscode.Uri {
  fs.mkdirSync(ws(name, 'news').fsPath, { recursive: true });
  fs.writeFileSync(ws(name, 'news', 'a.txt').fsPath, TEXT);
  fs.writeFileSync(
    ws(name, 'news', 'a.txt.annotations.yaml').fsPath,
    serializeSidecar({ ...emptySidecar('a.txt'), annotations }),
  );
  return ws(name);
}

describe('Show Agreement of Annotators (issue 10)', function () {
  this.timeout(30000);
  afterEach(async () => {
    await closeAll();
    for (const name of ['alice', 'bob']) fs.rmSync(ws(name).fsPath, { recursive: true, force: true });
  });

  it('measures two annotators\' folders from the palette and opens the report, as hashiya agree does', async () => {
    await hashiya();
    const alice = annotator('alice', [span('a1', 'actor', 0, 5), span('a2', 'actor', 10, 16), span('a3', 'date', 30, 36)]);
    const bob = annotator('bob', [span('b1', 'actor', 0, 5), span('b2', 'actor', 10, 19)]);
    const reports = await vscode.commands.executeCommand<PairReport[]>(Commands.showAgreement, [alice, bob]);
    assert.equal(reports.length, 1);
    const [pair] = reports;
    assert.deepEqual([pair.a, pair.b, pair.articles.map((r) => r.article)], ['alice', 'bob', ['news/a.txt']]);
    assert.equal(pair.agreement.labels.actor.exactF1, 0.5, 'Kerry matches exactly, Lavrov / "Lavrov in" does not');
    assert.equal(pair.agreement.labels.actor.overlapF1, 1);
    assert.equal(pair.agreement.labels.date.exactF1, 0, 'Monday: alice only');
    const shown = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(shown, /alice \(A\) and bob \(B\)/);
    assert.match(shown, /actor\s+2\s+2\s+0\.500 \(1\)\s+1\.000 \(2\)/);
  });

  it('skips an article whose text differs between the folders, and says why', async () => {
    await hashiya();
    const alice = annotator('alice', [span('a1', 'actor', 0, 5)]);
    const bob = annotator('bob', [span('b1', 'actor', 0, 5)]);
    fs.writeFileSync(ws('bob', 'news', 'a.txt').fsPath, TEXT.replace('Monday', 'Friday'));
    const reports = await vscode.commands.executeCommand<PairReport[]>(Commands.showAgreement, [alice, bob]);
    assert.deepEqual(reports[0].articles, []);
    assert.match(reports[0].skipped[0].reason, /changed since it was annotated|text differs/);
  });
});

describe('Export Annotations… (issue 10)', function () {
  this.timeout(30000);
  afterEach(async () => {
    await closeAll();
    for (const name of ['exp-out', 'exp.txt', 'exp.txt.annotations.yaml']) fs.rmSync(ws(name).fsPath, { recursive: true, force: true });
  });

  it('writes every annotated article in the chosen format into the chosen folder, code points as in the sidecar', async () => {
    await hashiya();
    const text = '📰 قال لافروف في جنيف.\n';
    fs.writeFileSync(ws('exp.txt').fsPath, text);
    const quote = 'لافروف';
    const start = [...text.slice(0, text.indexOf(quote))].length; // 6: the emoji is one code point, two UTF-16 units
    fs.writeFileSync(
      ws('exp.txt.annotations.yaml').fsPath,
      serializeSidecar({
        ...emptySidecar('exp.txt'),
        annotations: [{ id: 'e1', label: 'actor', start, end: start + quote.length, quote, prefix: '', suffix: '' }],
      }),
    );
    const written = await vscode.commands.executeCommand<vscode.Uri[]>(Commands.exportAnnotations, 'jsonl', ws('exp-out'), true);
    assert.deepEqual(written.map((u) => u.path.split('/').pop()), ['annotations.jsonl']);
    const lines = fs.readFileSync(ws('exp-out', 'annotations.jsonl').fsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const line = lines.find((l) => l.article === 'exp.txt');
    assert.ok(line, lines.map((l) => l.article).join(', '));
    assert.equal(line.text, text);
    assert.deepEqual(line.spans.map((s: { start: number; end: number; label: string }) => [s.label, s.start, s.end]), [
      ['actor', start, start + quote.length],
    ]);
    assert.equal([...text].slice(line.spans[0].start, line.spans[0].end).join(''), quote);
  });
});
