// Issue 8 in the real extension host: sidecar templates that would write into .git, sidecars
// that are symbolic-link loops, sidecars of another article, read-only sidecars, and file text
// in tree items and quick-pick rows made inert.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { emptySidecar, serializeSidecar } from '../../src/core/format/sidecar';
import { textSha256 } from '../../src/core/text/textHash';
import { Commands } from '../../src/extension/commandIds';
import { closeAll, hashiya, openArticle, readSidecar, selectText, waitFor, ws } from './support';

describe('Hostile files (issue 8)', function () {
  this.timeout(30000);
  afterEach(closeAll);

  it('a sidecar template that writes into .git is refused: sidecars go to the default place, nothing reaches .git', async () => {
    const config = vscode.workspace.getConfiguration('hashiya');
    fs.writeFileSync(ws('template.txt').fsPath, 'The council met on Thursday.\n');
    try {
      await config.update('sidecar.template', '.git/{fileName}.yaml', vscode.ConfigurationTarget.Workspace);
      const editor = await openArticle('template.txt');
      const api = await hashiya();
      const article = api.sessions.peek(editor.document.uri)!;
      assert.equal(article.sidecarUri.path.endsWith('/template.txt.annotations.yaml'), true, article.sidecarUri.path);
      selectText(editor, 'Thursday');
      await vscode.commands.executeCommand(Commands.annotateDate);
      await waitFor(() => readSidecar('template.txt')?.annotations.length === 1, 'the sidecar at the default place');
      assert.equal(fs.existsSync(ws('.git').fsPath), false, 'nothing written into .git');
    } finally {
      await config.update('sidecar.template', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('a sidecar that is a symbolic link loop is an error with its reason, not "no sidecar", and is never written over', async () => {
    fs.writeFileSync(ws('loop.txt').fsPath, 'Talks resume on Friday.\n');
    fs.symlinkSync('loop-other.yaml', ws('loop.txt.annotations.yaml').fsPath);
    fs.symlinkSync('loop.txt.annotations.yaml', ws('loop-other.yaml').fsPath);
    const editor = await openArticle('loop.txt');
    const api = await hashiya();
    const article = api.sessions.peek(editor.document.uri)!;
    const state = await waitFor(() => article.session.state.kind === 'broken' && article.session.state, 'the broken state');
    assert.match(state.problems[0].message, /loop\.txt\.annotations\.yaml is a symbolic link that loops \(ELOOP\)/);
    selectText(editor, 'Friday');
    await vscode.commands.executeCommand(Commands.annotateDate);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(fs.lstatSync(ws('loop.txt.annotations.yaml').fsPath).isSymbolicLink(), 'the link is left as it is');
    assert.equal(fs.readlinkSync(ws('loop.txt.annotations.yaml').fsPath), 'loop-other.yaml');
  });

  it('a sidecar whose text.file names another article is read-only in the extension too, at text.file, and never rewritten', async () => {
    const text = 'Kerry met Lavrov in Moscow.\n';
    const sidecar = emptySidecar('elsewhere.txt');
    sidecar.text.sha256 = textSha256(text);
    sidecar.annotations = [{ id: 'e1', label: 'actor', start: 0, end: 5, quote: 'Kerry', prefix: '', suffix: '' }];
    const source = serializeSidecar(sidecar);
    fs.writeFileSync(ws('copied.txt').fsPath, text);
    fs.writeFileSync(ws('copied.txt.annotations.yaml').fsPath, source);
    const editor = await openArticle('copied.txt');
    const api = await hashiya();
    const article = api.sessions.peek(editor.document.uri)!;
    const state = await waitFor(() => article.session.state.kind === 'broken' && article.session.state, 'the broken state');
    assert.match(state.problems[0].message, /^text\.file is "elsewhere\.txt" but the article is "copied\.txt"/);
    assert.equal(article.session.set.size, 0, 'another article\'s annotations are not shown on this one');
    const diagnostics = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(ws('copied.txt.annotations.yaml'));
      return d.length > 0 && d;
    }, 'the diagnostic');
    assert.equal(diagnostics[0].range.start.line, source.split('\n').findIndex((l) => /^\s+file:/.test(l)));
    selectText(editor, 'Lavrov');
    await vscode.commands.executeCommand(Commands.annotateActor);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(fs.readFileSync(ws('copied.txt.annotations.yaml').fsPath, 'utf8'), source);
  });

  it('a read-only sidecar (mode 0444) is never replaced: the change stays pending, is kept on close with the reason, and is written once the file is writable', async () => {
    fs.writeFileSync(ws('readonly.txt').fsPath, 'The minister said talks resume on Friday.\n');
    const sidecar = ws('readonly.txt.annotations.yaml').fsPath;
    const editor = await openArticle('readonly.txt');
    const api = await hashiya();
    const article = api.sessions.peek(editor.document.uri)!;
    selectText(editor, 'Friday');
    await vscode.commands.executeCommand(Commands.annotateDate);
    await waitFor(() => readSidecar('readonly.txt')?.annotations.length === 1, 'the first annotation written');
    const before = fs.readFileSync(sidecar, 'utf8');
    fs.chmodSync(sidecar, 0o444);
    try {
      selectText(editor, 'The minister');
      await vscode.commands.executeCommand(Commands.annotateActor);
      await waitFor(() => article.session.set.size === 2, 'the annotation added in the session');
      assert.equal(article.session.hasPendingWrite, true, 'pending, not dropped');
      await assert.rejects(api.sessions.flushAll(), /not written: readonly\.txt\.annotations\.yaml is read-only \(mode 0444\)/);
      assert.equal(fs.readFileSync(sidecar, 'utf8'), before, 'not replaced');
      assert.equal(fs.statSync(sidecar).mode & 0o777, 0o444);
      const kept = new Promise<{ reason: string; file: vscode.Uri | undefined }>((resolve) => {
        const sub = api.sessions.onDidKeepAnnotations((e) => { sub.dispose(); resolve(e); });
      });
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      const event = await kept;
      assert.match(event.reason, /read-only \(mode 0444\)/);
      assert.equal(fs.readFileSync(sidecar, 'utf8'), before);
    } finally {
      fs.chmodSync(sidecar, 0o644);
    }
    // writable again: the next save writes what was kept pending
    await openArticle('readonly.txt');
    assert.equal(article.session.hasPendingWrite, true, 'still pending after the tab was closed');
    await api.sessions.flushAll();
    assert.equal(readSidecar('readonly.txt')?.annotations.length, 2, 'both annotations written');
    assert.equal(article.session.hasPendingWrite, false);
  });

  it('file text in tree rows, descriptions and tooltips is inert: no icon syntax, no override, each piece isolated', async () => {
    fs.writeFileSync(ws('inert.txt').fsPath, 'The spokesman $(alert) Omar\u202Eevil said so.\n');
    const editor = await openArticle('inert.txt');
    selectText(editor, '$(alert) Omar\u202Eevil');
    await vscode.commands.executeCommand(Commands.annotateActor);
    const api = await hashiya();
    api.tree.setScope('article');
    const roots = await waitFor(async () => {
      const r = await api.tree.getChildren();
      return r.some((n) => n.kind === 'category' && n.category === 'actor' && n.mentions.length > 0) && r;
    }, 'the tree');
    const actors = roots.find((n) => n.kind === 'category' && n.category === 'actor')!;
    const [entity] = await api.tree.getChildren(actors);
    const entityItem = api.tree.getTreeItem(entity);
    const [mention] = await api.tree.getChildren(entity);
    const mentionItem = api.tree.getTreeItem(mention);
    for (const label of [entityItem.label, mentionItem.label] as string[]) {
      assert.ok(label.startsWith('\u2068') && label.endsWith('\u2069'), JSON.stringify(label));
      assert.doesNotMatch(label, /\$\(/, 'no icon syntax');
      assert.doesNotMatch(label, /\u202E/, 'no override');
      assert.equal(label.replace(/[\u2060\u2066-\u2069]/g, ''), '$(alert) Omarevil');
    }
    const tooltip = mentionItem.tooltip as vscode.MarkdownString;
    assert.ok(!tooltip.isTrusted && !tooltip.supportThemeIcons && !tooltip.supportHtml);
    assert.doesNotMatch(tooltip.value, /[^\\]\$\(/);
    assert.doesNotMatch(tooltip.value, /\u202E/);
  });
});
