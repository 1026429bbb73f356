import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { exportDocs } from '../../src/core/exchange/formats';
import { Commands } from '../../src/extension/commandIds';
import type { ImportOutcome } from '../../src/extension/commands/importCommands';
import { ARTICLE_TEXT, exchangeDoc, spanOf } from '../support/exchangeArticle';
import { closeAll, hashiya, readSidecar, waitFor, ws } from './support';

describe('Import Annotations… (issue 10)', function () {
  this.timeout(60000);
  const files = ['imported.txt', 'imported.txt.annotations.yaml', 'imported.ann'];
  afterEach(async () => {
    await closeAll();
    for (const f of files) fs.rmSync(ws(f).fsPath, { force: true });
  });

  it('shows a brat file as suggestions; accepting one writes it with code points; a mismatch is reported', async () => {
    // Arabic, an emoji with a skin tone, a flag and CR LF: code points, UTF-16 units and bytes part ways
    fs.writeFileSync(ws('imported.txt').fsPath, ARTICLE_TEXT);
    const ann = exportDocs('brat', [exchangeDoc()]).find((f) => f.name.endsWith('.ann'))!.content;
    const [from, to] = spanOf('القاهرة');
    fs.writeFileSync(ws('imported.ann').fsPath, `${ann}T9\tactor ${from} ${to}\tطرابلس\n`);
    const badLine = ann.split('\n').length;
    const api = await hashiya();
    const article = ws('imported.txt');
    const outcome = await vscode.commands.executeCommand<ImportOutcome>(
      Commands.importAnnotations,
      ws('imported.ann'),
      'brat',
      article,
    );
    assert.equal(outcome.suggested, 4);
    assert.equal(outcome.notPlaced.length, 1);
    assert.match(
      outcome.notPlaced[0],
      new RegExp(`^imported\\.ann:${badLine}:1: actor ${from}\\.\\.${to} "طرابلس": its quote is not the text`),
    );
    assert.equal(readSidecar('imported.txt'), undefined, 'nothing written before a suggestion is accepted');
    const list = api.suggestions.list(article);
    assert.deepEqual(new Set(list.map((s) => s.rule)), new Set(['import: imported.ann']));
    await waitFor(
      () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputCustom)),
      "the article in Hashiya's view",
    );

    const claim = list.find((s) => s.label === 'claim')!;
    await vscode.commands.executeCommand(Commands.acceptSuggestion, article, claim.key);
    const one = await waitFor(() => readSidecar('imported.txt')?.annotations.length === 1 && readSidecar('imported.txt'),
      'the accepted claim in the sidecar');
    const [written] = one.annotations;
    assert.deepEqual([written.label, written.start, written.end], ['claim', ...spanOf('«المحادثات» كانت مثمرة 🇸🇾')]);
    assert.equal(written.quote, '«المحادثات» كانت مثمرة 🇸🇾');
    assert.deepEqual([written.stance, written.attributes], ['asserts', { type: 'other' }]);
    assert.equal(api.suggestions.list(article).length, 3, 'the others stay under review');

    // its speaker, accepted afterwards, becomes the claim's speaker (the relation of the file)
    const actor = api.suggestions.list(article).find((s) => s.quote === 'سيرغي لافروف')!;
    await vscode.commands.executeCommand(Commands.acceptSuggestion, article, actor.key);
    const two = await waitFor(
      () => readSidecar('imported.txt')?.annotations.some((a) => a.speaker !== undefined) && readSidecar('imported.txt'),
      'the claim with its speaker',
    );
    const person = two.annotations.find((a) => a.label === 'actor')!;
    assert.equal(person.entity, 'lavrov');
    assert.equal(two.annotations.find((a) => a.label === 'claim')!.speaker, person.id);
  });
});
