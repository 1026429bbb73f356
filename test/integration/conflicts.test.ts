import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseRegistry } from '../../src/core/entities/entityRegistry';
import { Commands } from '../../src/extension/commandIds';
import type { EntityNode } from '../../src/extension/views/entityTreeProvider';
import { GitMergingError, type GitMergingPlan, planGitMerging } from '../../src/extension/files/gitMerging';
import { CONFLICT_TEXT as TEXT, conflictSidecar as sidecarSource } from '../support/conflictFixture';
import { closeAll, hashiya, openArticle, readSidecar, waitFor, ws } from './support';

/** 0-based lines of the `conflict:` keys of a YAML text, in order. */
function conflictLines(source: string): number[] {
  return source.split('\n').flatMap((line, i) => (/^\s+conflict:$/.test(line) ? [i] : []));
}

async function treeConflicts(): Promise<EntityNode[]> {
  const api = await hashiya();
  const root = await api.tree.getChildren();
  const group = root.find((n) => n.kind === 'conflicts');
  return group ? api.tree.getChildren(group) : [];
}

describe('Recorded conflicts in VS Code (issue 8)', function () {
  this.timeout(60000);
  afterEach(closeAll);

  it('shows each recorded conflict in the Problems view at its conflict: key, in the tree and the hover; resolves ours / theirs / both by command, one undo step each', async () => {
    const source = sidecarSource();
    fs.writeFileSync(ws('conflict.txt').fsPath, TEXT);
    fs.writeFileSync(ws('conflict.txt.annotations.yaml').fsPath, source);
    const sidecarUri = ws('conflict.txt.annotations.yaml');
    const editor = await openArticle('conflict.txt');
    const api = await hashiya();
    const article = api.sessions.peek(editor.document.uri)!;
    const uri = editor.document.uri.toString();

    // Problems: one error per conflict, at the line and column of its conflict: key
    const expected = conflictLines(source);
    const problems = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(sidecarUri).filter((x) => x.code === 'conflict');
      return d.length === 4 && d;
    }, 'four conflict diagnostics');
    assert.deepEqual(
      problems.map((d) => d.range.start.line).sort((a, b) => a - b),
      expected,
    );
    for (const d of problems) {
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(d.range.start.character, source.split('\n')[d.range.start.line].indexOf('conflict:'));
    }
    const messages = problems.map((d) => d.message).join('\n');
    assert.match(
      messages,
      /actor "لافروف": conflict with "origin\/feature-x": label is "actor" here, "claim" in theirs; note is "ours" here, none in theirs/,
    );
    assert.match(
      messages,
      /publication date: conflict with "origin\/feature-x": publication date is "2015-12-16" here, "2015-12-17" in theirs/,
    );
    assert.match(
      messages,
      /claim "المحادثات ستستأنف": conflict with "origin\/feature-x": theirs removed it, it was changed here/,
    );
    // quick fixes on the conflict: key, in the sidecar opened as YAML
    await vscode.workspace.openTextDocument(sidecarUri);
    const fixes = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      sidecarUri,
      problems.find((d) => d.range.start.line === expected[1])!.range,
    );
    assert.deepEqual(
      fixes.filter((f) => f.title.startsWith('Hashiya')).map((f) => f.title),
      ['Hashiya: Take Ours', 'Hashiya: Take Theirs', 'Hashiya: Take Both'],
    );

    // the tree: a Conflicts group listing the four
    const nodes = await waitFor(async () => {
      const n = await treeConflicts();
      return n.length === 4 && n;
    }, 'the Conflicts group');
    const items = nodes.map((n) => api.tree.getTreeItem(n));
    assert.deepEqual(
      items.map((i) => String(i.label)),
      ['Publication date', '\u2068لافروف\u2069', '\u2068المحادثات ستستأنف\u2069', '\u2068الجمعة\u2069'],
    );
    assert.match(String(items[1].description), /label, note · with "origin\/feature-x"/);
    assert.equal(items[1].command?.command, Commands.revealAnnotation);

    // the text editor's hover: ours and theirs, and links that resolve it, trusted for those commands only
    const at = editor.document.positionAt(TEXT.indexOf('لافروف') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      at,
    );
    const conflictHover = hovers
      .flatMap((h) => h.contents)
      .find(
        (c) => c instanceof vscode.MarkdownString && c.value.includes('Recorded conflict'),
      ) as vscode.MarkdownString;
    assert.ok(conflictHover, 'a conflict section in the hover');
    assert.match(conflictHover.value, /\| label \| \\"actor\\" \| \\"claim\\" \|/);
    assert.match(conflictHover.value, /\]\(command:hashiya\.resolveConflictTheirs\?/);
    assert.notEqual(conflictHover.isTrusted, true, 'trusted for the resolve commands only');
    // wavy underline in the editor for placed conflicts
    await waitFor(() => api.decorations.conflictRangesOf(editor)?.length === 3, 'three conflict decorations');

    // Go to Next Conflict selects the next conflicting annotation; Take Theirs without argument acts on the one at the
    // cursor
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand(Commands.nextConflict);
    assert.equal(editor.document.getText(editor.selection), 'لافروف');
    await vscode.commands.executeCommand(Commands.nextConflict);
    assert.equal(editor.document.getText(editor.selection), 'المحادثات ستستأنف');
    await vscode.commands.executeCommand(Commands.previousConflict);
    assert.equal(editor.document.getText(editor.selection), 'لافروف');
    // take theirs: their label, no note
    assert.equal(await vscode.commands.executeCommand(Commands.resolveConflictTheirs), true);
    let sidecar = await waitFor(
      () =>
        readSidecar('conflict.txt')?.annotations.find((a) => a.id === 'act1' && !a.conflict) &&
        readSidecar('conflict.txt'),
      'act1 resolved',
    );
    const act1 = sidecar.annotations.find((a) => a.id === 'act1')!;
    assert.deepEqual([act1.label, act1.note, act1.conflict], ['claim', undefined, undefined]);
    // take ours of a removal by theirs (the tree's context menu passes its node): kept, conflict dropped
    const removal = (await treeConflicts()).find(
      (n) => n.kind === 'conflict' && 'id' in n.entry.ref && n.entry.ref.id === 'clm1',
    );
    assert.ok(removal);
    assert.equal(await vscode.commands.executeCommand(Commands.resolveConflictOurs, removal), true);
    sidecar = await waitFor(
      () =>
        readSidecar('conflict.txt')?.annotations.find((a) => a.id === 'clm1' && !a.conflict) &&
        readSidecar('conflict.txt'),
      'clm1 resolved',
    );
    // take both of a position conflict: ours stays, a copy on their words with a new id
    assert.equal(
      await vscode.commands.executeCommand(Commands.resolveConflictBoth, { article: uri, id: 'dat1' }),
      true,
    );
    sidecar = await waitFor(
      () => readSidecar('conflict.txt')?.annotations.length === 4 && readSidecar('conflict.txt'),
      'a copy with theirs',
    );
    assert.deepEqual(
      sidecar.annotations.filter((a) => a.label === 'date').map((a) => [a.start, a.end, a.quote, !!a.conflict]),
      [
        [36, 42, 'الجمعة', false],
        [46, 50, 'جنيف', false],
      ],
    );
    // one undo step puts the conflict back (and takes the copy away); redo does it again
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand(Commands.undoAnnotation);
    sidecar = await waitFor(
      () => readSidecar('conflict.txt')?.annotations.length === 3 && readSidecar('conflict.txt'),
      'undone',
    );
    assert.ok(sidecar.annotations.find((a) => a.id === 'dat1')?.conflict?.theirs?.start === 46);
    await vscode.commands.executeCommand(Commands.redoAnnotation);
    await waitFor(() => readSidecar('conflict.txt')?.annotations.length === 4, 'redone');
    // the publication date: theirs
    assert.equal(
      await vscode.commands.executeCommand(Commands.resolveConflictTheirs, { article: uri, published: true }),
      true,
    );
    sidecar = await waitFor(
      () =>
        readSidecar('conflict.txt')?.published &&
        !readSidecar('conflict.txt')!.published!.conflict &&
        readSidecar('conflict.txt'),
      'the date resolved',
    );
    assert.deepEqual(sidecar.published, { date: '2015-12-17' });
    // a conflict resolved already: nothing happens
    assert.equal(
      await vscode.commands.executeCommand(Commands.resolveConflictOurs, { article: uri, id: 'act1' }),
      false,
    );
    // nothing left: Problems and the tree are clear, the file is a plain sidecar
    await waitFor(
      () => vscode.languages.getDiagnostics(sidecarUri).filter((x) => x.code === 'conflict').length === 0,
      'no conflict problems left',
    );
    await waitFor(async () => (await treeConflicts()).length === 0, 'no Conflicts group');
    assert.doesNotMatch(fs.readFileSync(sidecarUri.fsPath, 'utf8'), /conflict:|<<<<<<<|>>>>>>>/);
    assert.equal(article.session.set.annotations.filter((a) => a.conflict).length, 0);
  });

  it("lists the registry's entity conflicts in the tree and Problems, and resolves them through the registry", async () => {
    const registryUri = ws('.hashiya', 'entities.yaml');
    const existed = fs.existsSync(registryUri.fsPath);
    const before = existed ? fs.readFileSync(registryUri.fsPath, 'utf8') : undefined;
    const registry = `version: 1
entities:
  - id: "ent1lavrov"
    name: "سيرغي لافروف"
    kind: "person"
    note: "ours"
    conflict:
      with: "origin/feature-x"
      theirs:
        name: "س. لافروف"
        note: "theirs"
  - id: "ent2kerry0"
    name: "جون كيري"
    kind: "person"
    conflict:
      removed: "ours"
`;
    const api = await hashiya();
    try {
      fs.mkdirSync(path.dirname(registryUri.fsPath), { recursive: true });
      fs.writeFileSync(registryUri.fsPath, registry);
      await api.entities.reload();
      const problems = await waitFor(() => {
        const d = vscode.languages.getDiagnostics(registryUri).filter((x) => x.code === 'conflict');
        return d.length === 2 && d;
      }, 'two registry conflicts in Problems');
      assert.deepEqual(
        problems.map((d) => d.range.start.line),
        conflictLines(registry),
      );
      assert.match(
        problems[0].message,
        /entity "سيرغي لافروف": conflict with "origin\/feature-x": name is "سيرغي لافروف" here, "س\. لافروف" in theirs/,
      );
      await openArticle('news.txt');
      const nodes = await waitFor(async () => {
        const n = (await treeConflicts()).filter((x) => x.kind === 'conflict' && 'entity' in x.entry.ref);
        return n.length === 2 && n;
      }, 'the entity conflicts in the tree');
      assert.equal(api.tree.getTreeItem(nodes[0]).contextValue, 'hashiya.conflict.entity');
      // both: their name becomes an alias, notes joined
      assert.equal(await vscode.commands.executeCommand(Commands.resolveConflictBoth, { entity: 'ent1lavrov' }), true);
      // ours removed Kerry while theirs changed him: taking ours removes him
      assert.equal(await vscode.commands.executeCommand(Commands.resolveConflictOurs, nodes[1]), true);
      const parsed = await waitFor(() => {
        const r = parseRegistry(fs.readFileSync(registryUri.fsPath, 'utf8'));
        return r.ok && r.registry.entities.length === 1 && r;
      }, 'the registry resolved');
      assert.ok(parsed.ok);
      assert.deepEqual(
        parsed.registry.entities.map((e) => [e.id, e.name, e.aliases, e.note, e.conflict]),
        [['ent1lavrov', 'سيرغي لافروف', ['س. لافروف'], 'ours\ntheirs', undefined]],
      );
      await waitFor(
        () => vscode.languages.getDiagnostics(registryUri).filter((x) => x.code === 'conflict').length === 0,
        'no registry conflicts left',
      );
    } finally {
      if (before === undefined) fs.rmSync(registryUri.fsPath, { force: true });
      else fs.writeFileSync(registryUri.fsPath, before);
      await api.entities.reload();
    }
  });

  describe('Set Up Git Merging of Sidecars', () => {
    const temps: string[] = [];
    const tempRepo = (git = true): string => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashiya-git-'));
      temps.push(dir);
      if (git) execFileSync('git', ['init', '-q'], { cwd: dir });
      return dir;
    };
    const config = (dir: string, key: string) => {
      try {
        return execFileSync('git', ['config', '--local', '--get', key], { cwd: dir, encoding: 'utf8' }).trim();
      } catch {
        return undefined;
      }
    };
    after(() => {
      for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('asks first, then appends the .gitattributes line and sets merge.hashiya.* in a real repository; twice changes nothing', async () => {
      const api = await hashiya();
      const dir = tempRepo();
      fs.writeFileSync(path.join(dir, '.gitattributes'), '* text=auto');
      const asked: GitMergingPlan[] = [];
      const confirm = api.gitMerging!.confirm;
      api.gitMerging!.confirm = async (plan) => {
        asked.push(plan);
        return true;
      };
      try {
        const plan = await vscode.commands.executeCommand<GitMergingPlan>(
          Commands.setUpGitMerging,
          vscode.Uri.file(dir),
        );
        assert.ok(plan, 'set up');
        assert.equal(asked.length, 1, 'asked once, before writing');
        assert.equal(fs.realpathSync(asked[0].root), fs.realpathSync(dir));
        assert.deepEqual(asked[0].missing, ['*.annotations.yaml merge=hashiya']);
        assert.equal(
          fs.readFileSync(path.join(dir, '.gitattributes'), 'utf8'),
          '* text=auto\n*.annotations.yaml merge=hashiya\n',
        );
        const driver = config(dir, 'merge.hashiya.driver')!;
        assert.match(driver, / '[^']*[\\/]bin[\\/]hashiya\.js' merge %O %A %B %P$/);
        assert.equal(
          config(dir, 'merge.hashiya.name'),
          'Hashiya: merges sidecars and the entity registry by id and field',
        );
        // git itself now names the driver for sidecars
        const attr = execFileSync('git', ['check-attr', 'merge', '--', 'a/news.txt.annotations.yaml'], {
          cwd: dir,
          encoding: 'utf8',
        });
        assert.match(attr, /merge: hashiya/);
        // again: nothing to do, nothing asked, no line twice
        assert.equal(await vscode.commands.executeCommand(Commands.setUpGitMerging, vscode.Uri.file(dir)), undefined);
        assert.equal(asked.length, 1);
        assert.equal(
          fs.readFileSync(path.join(dir, '.gitattributes'), 'utf8'),
          '* text=auto\n*.annotations.yaml merge=hashiya\n',
        );
        // said no: nothing written
        const other = tempRepo();
        api.gitMerging!.confirm = async () => false;
        assert.equal(await vscode.commands.executeCommand(Commands.setUpGitMerging, vscode.Uri.file(other)), undefined);
        assert.equal(fs.existsSync(path.join(other, '.gitattributes')), false);
        assert.equal(config(other, 'merge.hashiya.driver'), undefined);
      } finally {
        api.gitMerging!.confirm = confirm;
      }
    });

    it('uses npx --no where the repository has hashiya as a dev dependency, names the registry from the root, and refuses a folder outside git', async () => {
      const dir = tempRepo();
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ devDependencies: { hashiya: '^0.4.0' } }));
      const sub = path.join(dir, 'news');
      fs.mkdirSync(sub);
      const plan = await planGitMerging(sub, {
        template: 'annotations/{fileName}.yaml',
        extensionPath: '/opt/x',
        registryFolder: sub,
      });
      // a sidecar template other than the default is passed on to the driver
      assert.equal(plan.driver, "npx --no hashiya merge --template 'annotations/{fileName}.yaml' %O %A %B %P");
      assert.deepEqual(plan.lines, [
        '**/annotations/*.yaml merge=hashiya',
        'news/.hashiya/entities.yaml merge=hashiya',
      ]);
      const outside = tempRepo(false);
      await assert.rejects(
        planGitMerging(outside, { template: '{fileName}.annotations.yaml', extensionPath: '/opt/x' }),
        (err: Error) => err instanceof GitMergingError && /is not in a git repository/.test(err.message),
      );
      assert.deepEqual(fs.readdirSync(outside), []);
    });
  });
});
