// Issue 12: the Articles view and the Entities tree (workspace scope) share one scan of the
// workspace (src/extension/files/workspaceScan.ts): they read again only the sidecar that changed,
// once for both, and follow articles added and deleted, without searching the workspace again.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { emptySidecar, serializeSidecar } from '../../src/core/format/sidecar';
import type { Annotation } from '../../src/core/model/annotation';
import type { EntityNode } from '../../src/extension/views/entityTreeProvider';
import { closeAll, hashiya, waitFor, ws } from './support';

const FOLDER = 'incremental-it';
const TEXT = 'Kerry met Lavrov in Geneva on Monday.\n';

function actor(id: string, quote: string): Annotation {
  const start = TEXT.indexOf(quote);
  return { id, label: 'actor', start, end: start + quote.length, quote, prefix: '', suffix: '', author: 'Salma' };
}

function writeArticle(name: string, annotations: Annotation[], status?: 'done'): void {
  fs.writeFileSync(ws(FOLDER, name).fsPath, TEXT);
  fs.writeFileSync(ws(FOLDER, `${name}.annotations.yaml`).fsPath, serializeSidecar({
    ...emptySidecar(name), ...(status ? { status: { value: status, by: 'Salma' } } : {}), annotations,
  }));
}

/** The names of the article rows of the test folder in the Articles view, with their status words. */
async function articleRows(): Promise<string[]> {
  const api = await hashiya();
  const folder = (await api.articles.getChildren()).find((n) => n.kind === 'folder' && n.folder === FOLDER);
  if (!folder) return [];
  return (await api.articles.getChildren(folder)).map((node) => {
    const item = api.articles.getTreeItem(node);
    return `${String(item.label).replace(/[\u2066-\u2069]/g, '')} ${String(item.description).split(' · ')[0]}`;
  });
}

/** The actor groups' names of the Entities tree with the articles of their mentions (test folder only). */
async function actorGroups(): Promise<string[]> {
  const api = await hashiya();
  const roots = await api.tree.getChildren();
  const actors = roots.find((n) => n.kind === 'category' && n.category === 'actor');
  if (!actors) return [];
  const groups = await api.tree.getChildren(actors);
  return groups.flatMap((g: EntityNode) => g.kind !== 'entity' ? [] : g.group.mentions
    .filter((m) => m.article.includes(`/${FOLDER}/`))
    .map((m) => `${g.group.name}@${m.article.split('/').pop()}`)).sort();
}

/**
 * Waits until neither view, listing again and again, has read a sidecar (or searched) for a
 * second: the watcher's events of earlier writes (a write may come as a create and a change,
 * late on a busy machine) are all handled.
 */
async function settled(): Promise<void> {
  const api = await hashiya();
  // a folder's own creation, told late, has the workspace searched again: counted too
  const count = () => api.articles.sidecarReads + api.tree.sidecarReads + api.articles.searches;
  let last = count();
  let since = Date.now();
  const deadline = Date.now() + 20_000;
  while (Date.now() - since < 1000 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    // hidden views list only when asked: asked here, as the tests ask
    await articleRows();
    await actorGroups();
    if (count() !== last) {
      last = count();
      since = Date.now();
    }
  }
}

describe('Workspace views read again only what changed (issue 12)', function () {
  this.timeout(90000);
  before(async () => {
    await closeAll();
    fs.mkdirSync(ws(FOLDER).fsPath, { recursive: true });
    writeArticle('one.txt', [actor('k1', 'Kerry')]);
    writeArticle('two.txt', [actor('l1', 'Lavrov')], 'done');
    const api = await hashiya();
    api.articles.refresh();
    api.tree.setScope('workspace');
  });
  after(async () => {
    const api = await hashiya();
    api.tree.setScope('article');
    fs.rmSync(ws(FOLDER).fsPath, { recursive: true, force: true });
  });

  it('a sidecar changed on disk: both views show it, the scan having read that sidecar only, once for both', async () => {
    const api = await hashiya();
    await waitFor(async () => (await articleRows()).length === 2 && (await actorGroups()).length === 2, 'both listed');
    await settled();
    const searches = api.articles.searches;
    const readsOf = (name: string) => ({ articles: api.articles.sidecarReadsOf(ws(FOLDER, `${name}.annotations.yaml`)),
      entities: api.tree.sidecarReadsOf(ws(FOLDER, name)) });
    const before = { one: readsOf('one.txt'), two: readsOf('two.txt') };
    writeArticle('one.txt', [actor('k1', 'Kerry'), actor('g1', 'Geneva')], 'done');
    await waitFor(async () => (await articleRows()).includes('one.txt Done'), 'the Articles view shows the status');
    await waitFor(async () => (await actorGroups()).includes('Geneva@one.txt'), 'the Entities tree shows the actor');
    // read again (once per watcher event: a write may come as two), the other sidecar not
    const after = { one: readsOf('one.txt'), two: readsOf('two.txt') };
    assert.ok(after.one.articles > before.one.articles && after.one.entities > before.one.entities,
      JSON.stringify({ before, after }));
    // one scan for both views: a change is read once (once per watcher event), not once per view
    assert.equal(after.one.articles, after.one.entities, JSON.stringify({ before, after }));
    assert.deepEqual(after.two, before.two, 'the unchanged sidecar is not read again');
    assert.equal(api.articles.searches, searches, 'the workspace was not searched again');
  });

  it('an article added and one deleted: both views follow, reading the new sidecar only', async () => {
    const api = await hashiya();
    const readsOf = (name: string) => ({ articles: api.articles.sidecarReadsOf(ws(FOLDER, `${name}.annotations.yaml`)),
      entities: api.tree.sidecarReadsOf(ws(FOLDER, name)) });
    await settled();
    const one = readsOf('one.txt');
    writeArticle('three.txt', [actor('m1', 'Monday')]);
    fs.rmSync(ws(FOLDER, 'two.txt').fsPath);
    fs.rmSync(ws(FOLDER, 'two.txt.annotations.yaml').fsPath);
    await waitFor(async () => {
      const rows = await articleRows();
      return rows.some((r) => r.startsWith('three.txt')) && !rows.some((r) => r.startsWith('two.txt'));
    }, 'the Articles view lists three.txt, not two.txt');
    await waitFor(async () => {
      const groups = await actorGroups();
      return groups.includes('Monday@three.txt') && !groups.some((g) => g.endsWith('@two.txt'));
    }, 'the Entities tree shows three.txt\'s actor, not two.txt\'s');
    const three = readsOf('three.txt');
    assert.ok(three.articles >= 1 && three.entities >= 1, JSON.stringify(three));
    assert.deepEqual(readsOf('one.txt'), one, 'the unchanged sidecar is not read again');
  });

  it('a sidecar that does not parse: a problem in both views, its text inert, the file left as it is', async () => {
    const api = await hashiya();
    fs.writeFileSync(ws(FOLDER, 'broken.txt').fsPath, TEXT);
    const broken = 'version: 1\ntext: {file: broken.txt, unit: codepoint, length: 38}\nannotations:\n'
      + '  - id: b1\n    label: "actor\u202E<img src=x onerror=alert(1)>"\n    start: not a number\n';
    fs.writeFileSync(ws(FOLDER, 'broken.txt.annotations.yaml').fsPath, broken);
    await waitFor(async () => (await articleRows()).some((r) => r.startsWith('broken.txt sidecar cannot be read')),
      'the Articles view says the sidecar cannot be read');
    const problem = await waitFor(async () => (await api.tree.getChildren()).find((n) =>
      n.kind === 'problem' && n.message.includes('broken.txt.annotations.yaml')), 'the Entities tree shows the problem');
    const item = api.tree.getTreeItem(problem);
    assert.ok(!String(item.label).includes('\u202E'), 'no override reaches the row');
    assert.equal(fs.readFileSync(ws(FOLDER, 'broken.txt.annotations.yaml').fsPath, 'utf8'), broken, 'never written');
    fs.rmSync(ws(FOLDER, 'broken.txt').fsPath);
    fs.rmSync(ws(FOLDER, 'broken.txt.annotations.yaml').fsPath);
  });

  it('the scan cleans up what a killed save left before it reads, as a session does, and names what it kept', async () => {
    const api = await hashiya();
    const asked: string[] = [];
    const ask = api.sessions.ask;
    api.sessions.ask = async (message) => {
      asked.push(message.replace(/[\u2060\u2066-\u2069]/g, ''));
      return undefined;
    };
    try {
      const folder = `${FOLDER}-killed`;
      fs.mkdirSync(ws(folder).fsPath, { recursive: true });
      fs.writeFileSync(ws(folder, 'k.txt').fsPath, TEXT);
      const good = serializeSidecar({ ...emptySidecar('k.txt'), status: { value: 'done', by: 'Salma' }, annotations: [] });
      fs.writeFileSync(ws(folder, 'k.txt.annotations.yaml').fsPath, good);
      const host = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6);
      const base = createHash('sha256').update('the base').digest('hex').slice(0, 16);
      const left = (end: string) => ws(folder, `.k.txt.annotations.yaml.hashiya.${host}.4194000.0badc0de.${end}`).fsPath;
      fs.writeFileSync(left('tmp'), '');
      fs.writeFileSync(left(`${base}.swap`), `${good}# a colleague's change\n`);
      // the Articles view lists it (the Entities tree is not asked): its read cleans the folder
      await waitFor(async () => {
        const folderNode = (await api.articles.getChildren()).find((n) => n.kind === 'folder' && n.folder === folder);
        return !!folderNode && !fs.existsSync(left('tmp')) && !fs.existsSync(left(`${base}.swap`));
      }, 'the leftovers cleaned up by the listing', 20000);
      const kept = fs.readdirSync(ws(folder).fsPath).filter((n) => n.startsWith('k.txt.annotations.yaml.kept-'));
      assert.equal(kept.length, 1, fs.readdirSync(ws(folder).fsPath).join(', '));
      await waitFor(() => asked.some((m) => m.includes(kept[0]!)), `the kept file named (asked: ${asked.join(' | ')})`);
      fs.rmSync(ws(folder).fsPath, { recursive: true, force: true });
    } finally {
      api.sessions.ask = ask;
    }
  });

  it('a folder deleted takes its articles out of both views', async () => {
    fs.rmSync(ws(FOLDER).fsPath, { recursive: true, force: true });
    await waitFor(async () => (await articleRows()).length === 0, 'the Articles view without the folder');
    await waitFor(async () => (await actorGroups()).length === 0, 'the Entities tree without the folder');
  });
});
