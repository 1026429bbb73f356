import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { emptySidecar, parseSidecar, serializeSidecar } from '../../src/core/format/sidecar';
import type { Annotation } from '../../src/core/model/annotation';
import { Commands } from '../../src/extension/commandIds';
import type { ArticleNode } from '../../src/extension/views/articleTreeProvider';
import { closeAll, hashiya, waitFor, ws } from './support';

const FOLDER = 'articles-it';
const TEXT = 'Kerry met Lavrov in Geneva on Monday.\n';

function span(id: string, label: string, start: number, end: number, author: string): Annotation {
  return { id, label, start, end, quote: TEXT.slice(start, end), prefix: '', suffix: '', author };
}

/** The article nodes of the test folder as the tree shows them: name, description, tooltip, icon. */
async function shown(): Promise<{ name: string; description: string; tooltip: string; icon: string }[]> {
  const api = await hashiya();
  const folders = await api.articles.getChildren();
  const folder = folders.find((n) => n.kind === 'folder' && n.folder === FOLDER);
  if (!folder) return [];
  const articles = await api.articles.getChildren(folder);
  return articles.map((node: ArticleNode) => {
    const item = api.articles.getTreeItem(node);
    // names from files reach the tree isolated (FSI … PDI, see plainText): compared without the marks
    const bare = (text: unknown) => String(text).replace(/[\u2066-\u2069]/g, '');
    return {
      name: bare(item.label),
      description: bare(item.description),
      tooltip: bare(item.tooltip),
      icon: (item.iconPath as vscode.ThemeIcon).id,
    };
  });
}

function sidecarOf(name: string): string | undefined {
  const path = ws(FOLDER, `${name}.annotations.yaml`).fsPath;
  return fs.existsSync(path) ? fs.readFileSync(path, 'utf8') : undefined;
}

describe('Articles view (issue 10)', function () {
  this.timeout(60000);
  before(() => {
    fs.mkdirSync(ws(FOLDER).fsPath, { recursive: true });
    for (const name of ['a.txt', 'b.txt', 'c.txt']) fs.writeFileSync(ws(FOLDER, name).fsPath, TEXT);
    fs.writeFileSync(ws(FOLDER, 'a.txt.annotations.yaml').fsPath, serializeSidecar({
      ...emptySidecar('a.txt'),
      annotations: [
        span('a1', 'actor', 0, 5, 'Salma'),
        span('a2', 'actor', 10, 16, 'Bob'),
        { ...span('a3', 'date', 30, 36, 'Salma'), anchored: 'orphaned' },
      ],
    }));
    fs.writeFileSync(ws(FOLDER, 'b.txt.annotations.yaml').fsPath, serializeSidecar({
      ...emptySidecar('b.txt'),
      status: { value: 'done', by: 'Salma', at: '2026-12-01T10:00:00.000Z' },
      annotations: [span('b1', 'claim', 0, 16, 'Salma')],
    }));
  });
  after(async () => {
    const api = await hashiya();
    api.articles.setFilter({});
    await closeAll();
    fs.rmSync(ws(FOLDER).fsPath, { recursive: true, force: true });
  });

  it('lists the folder\'s articles with status, counts per label, orphaned and annotators', async () => {
    const api = await hashiya();
    api.articles.refresh();
    const rows = await waitFor(async () => {
      const r = await shown();
      return r.length === 3 && r;
    }, 'the three articles listed');
    assert.deepEqual(rows.map((r) => r.name), ['a.txt', 'b.txt', 'c.txt']);
    assert.equal(rows[0]!.icon, 'edit');
    assert.match(rows[0]!.description, /^In progress · Actor 2 · 1 orphaned · Bob, Salma$/);
    assert.match(rows[1]!.description, /^Done · Claim 1 · Salma$/);
    assert.match(rows[1]!.tooltip, /Status: Done \(Salma, 2026-12-01T10:00:00.000Z\)/);
    assert.equal(rows[2]!.icon, 'circle-large-outline');
    assert.match(rows[2]!.description, /^New/);
  });

  it('sets a status by command: the sidecar records it (one is created when there is none), the tree follows', async () => {
    const api = await hashiya();
    await vscode.commands.executeCommand(Commands.setArticleStatus, ws(FOLDER, 'a.txt'), 'needs-review');
    const written = parseSidecar(sidecarOf('a.txt')!);
    assert.ok(written.ok);
    assert.equal(written.sidecar.status?.value, 'needs-review');
    assert.ok(written.sidecar.status?.at);
    assert.equal(written.sidecar.annotations.length, 3, 'the annotations are kept');
    assert.equal(sidecarOf('c.txt'), undefined);
    await vscode.commands.executeCommand(Commands.setArticleStatus, ws(FOLDER, 'c.txt'), 'in-progress');
    const created = parseSidecar(sidecarOf('c.txt')!);
    assert.ok(created.ok && created.sidecar.status?.value === 'in-progress' && created.sidecar.annotations.length === 0);
    api.articles.refresh();
    await waitFor(async () => {
      const r = await shown();
      return r[0]?.icon === 'eye' && /^Needs review/.test(r[0].description) && /^In progress/.test(r[2]?.description ?? '');
    }, 'the tree shows the new statuses');
  });

  it('filters by status and by annotator, and says so in the view', async () => {
    const api = await hashiya();
    await vscode.commands.executeCommand(Commands.filterArticlesByStatus, ['done', 'needs-review']);
    assert.deepEqual((await shown()).map((r) => r.name), ['a.txt', 'b.txt']);
    assert.match(api.articles.view.description ?? '', /Done, Needs review/);
    await vscode.commands.executeCommand(Commands.filterArticlesByAnnotator, 'Bob');
    assert.deepEqual((await shown()).map((r) => r.name), ['a.txt']);
    assert.match(api.articles.view.description ?? '', /Bob/);
    assert.match(api.articles.view.message ?? '', /1 of \d+ articles shown/);
    await vscode.commands.executeCommand(Commands.clearArticleFilters);
    assert.equal(api.articles.view.description, undefined);
    assert.equal((await shown()).length, 3);
  });

  it('opens the next article to annotate after the current one, in Hashiya\'s view', async () => {
    const api = await hashiya();
    // a.txt needs review, b.txt is done, c.txt is in progress: after a.txt comes c.txt
    await vscode.commands.executeCommand(Commands.openWithHashiya, ws(FOLDER, 'a.txt'));
    await waitFor(() => api.editorProvider.activeView?.document.uri.path.endsWith(`${FOLDER}/a.txt`), 'a.txt open');
    await vscode.commands.executeCommand(Commands.openNextArticle);
    await waitFor(() => {
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      return tab?.input instanceof vscode.TabInputCustom && tab.input.uri.path.endsWith(`${FOLDER}/c.txt`);
    }, 'c.txt opened in the Hashiya view');
  });
});
