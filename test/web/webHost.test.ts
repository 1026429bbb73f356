// Hashiya in the web worker extension host (vscode.dev, github.dev): the browser bundle
// (dist/web.js) runs here with `workspace.fs` only. Run by scripts/runIntegrationTests.mjs --web in
// code-server, with the user setting remote.extensionKind moving Hashiya to the web worker host.
import * as vscode from 'vscode';
import { parseProjectSchema } from '../../src/core/format/projectSchemaFile';
import { emptySidecar, parseSidecar, serializeSidecar } from '../../src/core/format/sidecar';
import type { PairReport } from '../../src/core/agreement/agreementReport';
import { createEntity } from '../../src/core/entities/entityRegistry';
import { ARTICLE_VIEW_TYPE, Commands } from '../../src/extension/commandIds';
import {
  check,
  checkSame,
  closeAll,
  hashiya,
  openArticle,
  readSidecar,
  readText,
  selectText,
  waitFor,
  writeText,
  ws,
} from './support';

/** Code-point offset of the UTF-16 offset `utf16` in `text`. */
const codePoints = (text: string, utf16: number) => [...text.slice(0, utf16)].length;

/** What the folder holds of Hashiya's temporary and swap files. */
async function leftovers(): Promise<string[]> {
  const entries = await vscode.workspace.fs.readDirectory(ws());
  return entries.map(([name]) => name).filter((n) => /\.hashiya\..*\.(tmp|swap)$/.test(n));
}

describe('Hashiya in the web worker extension host (vscode.dev, github.dev)', function () {
  this.timeout(60000);
  afterEach(closeAll);

  it('runs without Node, with every command but the one that runs git', async () => {
    check(typeof (globalThis as { process?: unknown }).process === 'undefined', 'Node is here');
    check(vscode.env.uiKind === vscode.UIKind.Web, 'not a web UI');
    const api = await hashiya();
    checkSame(api.platform, 'web', 'the platform');
    check(api.gitMerging === undefined, 'git merging offered in the web');
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = Object.values(Commands).filter((id) => id !== Commands.setUpGitMerging && !all.has(id));
    checkSame(missing, [], 'commands not registered');
    check(!all.has(Commands.setUpGitMerging), 'git merging registered in the web');
  });

  it('marks Arabic spans and a date after emoji; the sidecar, written through workspace.fs, holds code points', async () => {
    const editor = await openArticle('news.txt');
    selectText(editor, 'سيرغي لافروف');
    await vscode.commands.executeCommand(Commands.annotateActor);
    selectText(editor, '18 ديسمبر/كانون الأول');
    await vscode.commands.executeCommand(Commands.annotateDate);
    const sidecar = await waitFor(
      async () => (await readSidecar('news.txt'))?.annotations.length === 2 && readSidecar('news.txt'),
      'the sidecar of news.txt',
    );
    const text = (await readText('news.txt'))!;
    for (const a of sidecar!.annotations) checkSame([...text].slice(a.start, a.end).join(''), a.quote, 'the quote');
    checkSame(
      sidecar!.annotations.map((a) => [a.label, a.quote, a.start]),
      [
        ['actor', 'سيرغي لافروف', codePoints(text, text.indexOf('سيرغي لافروف'))],
        ['date', '18 ديسمبر/كانون الأول', codePoints(text, text.indexOf('18 ديسمبر/كانون الأول'))],
      ].sort((x, y) => (x[2] as number) - (y[2] as number)),
      'the annotations',
    );

    const emoji = await openArticle('emoji.txt');
    selectText(emoji, 'Tuesday');
    await vscode.commands.executeCommand(Commands.annotateDate);
    const dated = await waitFor(async () => (await readSidecar('emoji.txt'))?.annotations[0], 'the sidecar of emoji.txt');
    const emojiText = (await readText('emoji.txt'))!;
    checkSame(dated.start, emojiText.indexOf('Tuesday') - 2, 'two emoji before it: two code points fewer than UTF-16');
    checkSame(await leftovers(), [], 'temporary files left');
  });

  it('shows the annotation in the Entities tree and in the hover', async () => {
    const api = await hashiya();
    const editor = await openArticle('news.txt');
    const article = api.sessions.peek(editor.document.uri)!;
    const actor = await waitFor(() => article.session.set.annotations.find((a) => a.label === 'actor'), 'the actor');
    api.tree.setScope('workspace');
    const roots = await waitFor(async () => {
      const r = await api.tree.getChildren();
      return r.some((n) => n.kind === 'category' && n.category === 'actor') && r;
    }, 'the actor in the tree');
    check(roots.length >= 3, `${roots.length} categories`);
    const at = editor.document.getText().indexOf(actor.quote) + 2;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      editor.document.positionAt(at),
    );
    const shown = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)))
      .join('\n');
    check(shown.includes('سيرغي لافروف'), `hover: ${shown}`);
  });

  it('lists the sidecars of articles that are not open (a walk through workspace.fs: no file search here)', async () => {
    const api = await hashiya();
    await writeText('closed/far.txt', 'Kerry met Lavrov.\n');
    const sidecar = (await readSidecar('news.txt'))!;
    await writeText(
      'closed/far.txt.annotations.yaml',
      serializeSidecar({
        ...sidecar,
        text: { ...sidecar.text, file: 'far.txt' },
        annotations: [{ ...sidecar.annotations[0], id: 'far1', start: 10, end: 16, quote: 'Lavrov', prefix: 'Kerry met ', suffix: '.\n' }],
      }),
    );
    const mentions = await waitFor(async () => {
      const all = await api.tree.workspaceMentions();
      return all.some((m) => m.annotation.id === 'far1') && all;
    }, 'the closed article in the tree');
    check(mentions.some((m) => m.annotation.quote === 'سيرغي لافروف'), 'news.txt is listed too');
    await vscode.workspace.fs.delete(ws('closed'), { recursive: true });
  });

  it('opens an article in the Hashiya view', async () => {
    await vscode.commands.executeCommand(Commands.openWithHashiya, ws('mixed.txt'));
    await waitFor(() => {
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      return tab?.input instanceof vscode.TabInputCustom && tab.input.viewType === ARTICLE_VIEW_TYPE;
    }, 'the Hashiya view');
  });

  it('never writes over a sidecar that does not parse', async () => {
    const api = await hashiya();
    const before = await readText('broken.txt.annotations.yaml');
    const editor = await openArticle('broken.txt');
    const article = api.sessions.peek(editor.document.uri)!;
    await waitFor(() => article.session.state.kind === 'broken', 'the broken state');
    editor.selection = new vscode.Selection(editor.document.positionAt(0), editor.document.positionAt(3));
    await vscode.commands.executeCommand(Commands.annotateClaim).then(undefined, () => undefined);
    await new Promise((r) => setTimeout(r, 1000));
    checkSame(await readText('broken.txt.annotations.yaml'), before, 'the broken sidecar');
  });

  it('keeps a colleague change written meanwhile: merged by id, never written over', async () => {
    const api = await hashiya();
    await writeText('team.txt', 'Kerry met Lavrov in Geneva on Monday.\n');
    const editor = await openArticle('team.txt');
    selectText(editor, 'Kerry');
    await vscode.commands.executeCommand(Commands.annotateActor);
    const first = await waitFor(async () => (await readSidecar('team.txt'))?.annotations[0], 'the first write');
    // a colleague (git pull, another window) adds an annotation on disk
    const theirs = await readSidecar('team.txt');
    const start = 'Kerry met Lavrov in '.length;
    theirs!.annotations.push({
      ...first,
      id: 'colleague1',
      label: 'actor',
      start,
      end: start + 'Geneva'.length,
      quote: 'Geneva',
      prefix: 'Kerry met Lavrov in ',
      suffix: ' on Monday.\n',
    });
    await writeText('team.txt.annotations.yaml', serializeSidecar(theirs!));
    // and here the analyst marks another word
    selectText(editor, 'Lavrov');
    await vscode.commands.executeCommand(Commands.annotateActor);
    const both = await waitFor(async () => {
      const s = await readSidecar('team.txt');
      return s?.annotations.length === 3 && s;
    }, 'both changes in the sidecar');
    checkSame(both.annotations.map((a) => a.quote).sort(), ['Geneva', 'Kerry', 'Lavrov'], 'the annotations');
    check(!api.sessions.peek(editor.document.uri)!.session.hasPendingWrite, 'a write still pending');
    checkSame(await leftovers(), [], 'temporary files left');
  });

  it('writes over a sidecar and a registry saved with a BOM (Notepad): the BOM is not a change on disk', async () => {
    const api = await hashiya();
    const bom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    await writeText('bom-side.txt', 'Kerry met Lavrov in Geneva.\n');
    const editor = await openArticle('bom-side.txt');
    selectText(editor, 'Kerry');
    await vscode.commands.executeCommand(Commands.annotateActor);
    const first = await waitFor(() => readText('bom-side.txt.annotations.yaml'), 'the first write');
    await vscode.workspace.fs.writeFile(ws('bom-side.txt.annotations.yaml'), bom(first));
    await new Promise((r) => setTimeout(r, 1000));
    selectText(editor, 'Lavrov');
    await vscode.commands.executeCommand(Commands.annotateActor);
    await waitFor(
      async () => (await readSidecar('bom-side.txt'))?.annotations.length === 2,
      'both annotations written over the sidecar with a BOM',
    );
    check(!api.sessions.peek(editor.document.uri)!.session.hasPendingWrite, 'a write still pending');

    await vscode.workspace.fs.createDirectory(ws('.hashiya'));
    const had = await readText('.hashiya/entities.yaml');
    await vscode.workspace.fs.writeFile(
      ws('.hashiya/entities.yaml'),
      bom('version: 1\nentities:\n  - id: "bomperson1"\n    name: "جون كيري"\n    kind: "person"\n'),
    );
    try {
      await api.entities.reload();
      await waitFor(() => api.entities.entities.some((e) => e.id === 'bomperson1'), 'the registry read');
      await api.entities.change((registry) => {
        const made = createEntity(registry, { name: 'Geneva', kind: 'place' });
        return { registry: made.registry, result: made.entity };
      });
      check((await readText('.hashiya/entities.yaml'))?.includes('Geneva'), 'the registry written');
    } finally {
      if (had === undefined) await vscode.workspace.fs.delete(ws('.hashiya/entities.yaml'));
      else await writeText('.hashiya/entities.yaml', had);
      await api.entities.reload();
    }
  });

  it('shows the agreement of two annotators\' folders, read through workspace.fs', async () => {
    await hashiya();
    const text = 'Kerry met Lavrov in Geneva on Monday.\n';
    const span = (id: string, start: number, end: number) => ({
      id, label: 'actor', start, end, quote: text.slice(start, end), prefix: '', suffix: '',
    });
    const sides: [string, ReturnType<typeof span>[]][] = [
      ['alice', [span('a1', 0, 5), span('a2', 10, 16)]],
      ['bob', [span('b1', 0, 5), span('b2', 10, 19)]],
    ];
    for (const [name, annotations] of sides) {
      await writeText(`${name}/a.txt`, text);
      await writeText(`${name}/a.txt.annotations.yaml`, serializeSidecar({ ...emptySidecar('a.txt'), annotations }));
    }
    try {
      const reports = await vscode.commands.executeCommand<PairReport[]>(Commands.showAgreement, [ws('alice'), ws('bob')]);
      checkSame([reports[0].a, reports[0].b, reports[0].articles.length], ['alice', 'bob', 1], 'the pair');
      checkSame(reports[0].agreement.labels.actor.exactF1, 0.5, 'exact F1 of actor');
      checkSame(reports[0].agreement.labels.actor.overlapF1, 1, 'overlap F1 of actor');
    } finally {
      for (const [name] of sides) await vscode.workspace.fs.delete(ws(name), { recursive: true });
    }
  });

  it('adjudicates two annotators\' versions read through workspace.fs into the gold sidecar', async () => {
    await hashiya();
    const text = '📰 Kerry met Lavrov in Geneva.\r\n';
    const cpAt = (needle: string) => [...text.slice(0, text.indexOf(needle))].length;
    const span = (id: string, needle: string) => ({
      id, label: 'actor', start: cpAt(needle), end: cpAt(needle) + [...needle].length, quote: needle, prefix: '', suffix: '',
    });
    const sides: [string, ReturnType<typeof span>[]][] = [
      ['adj-web-a', [span('a1', 'Kerry'), span('a2', 'Lavrov')]],
      ['adj-web-b', [span('b1', 'Kerry'), span('b2', 'Lavrov in')]],
    ];
    await writeText('adj-web.txt', text);
    for (const [name, annotations] of sides) {
      await writeText(`${name}/adj-web.txt`, text);
      await writeText(`${name}/adj-web.txt.annotations.yaml`,
        serializeSidecar({ ...emptySidecar('adj-web.txt'), annotations }));
    }
    try {
      const summary = await vscode.commands.executeCommand<{ unanimous: number; open: number }>(
        Commands.adjudicateArticle, ws('adj-web.txt'), sides.map(([name]) => ws(name)));
      checkSame([summary.unanimous, summary.open], [1, 1], 'unanimous and open items');
      await vscode.commands.executeCommand(Commands.adjudicationTakeB);
      const gold = await waitFor(async () => {
        const source = await readText('adj-web.txt.annotations.yaml');
        const parsed = source === undefined ? undefined : parseSidecar(source);
        return parsed?.ok && parsed.sidecar.annotations.length === 2 ? parsed.sidecar.annotations : undefined;
      }, 'the gold sidecar');
      checkSame(gold.map((a) => [a.quote, a.start, a.adjudication?.status, a.adjudication?.from.join()]), [
        ['Kerry', 2, 'unanimous', 'adj-web-a,adj-web-b'], ['Lavrov in', 12, 'adjudicated', 'adj-web-b']], 'the gold');
    } finally {
      await vscode.commands.executeCommand(Commands.endAdjudication);
      for (const [name] of sides) await vscode.workspace.fs.delete(ws(name), { recursive: true });
    }
  });

  it('exports the annotations through workspace.fs (brat: .txt and .ann, code points)', async () => {
    await hashiya();
    const text = '📰 قال لافروف في جنيف.\n';
    const quote = 'لافروف';
    const start = [...text.slice(0, text.indexOf(quote))].length;
    await writeText('exp-web.txt', text);
    await writeText(
      'exp-web.txt.annotations.yaml',
      serializeSidecar({
        ...emptySidecar('exp-web.txt'),
        annotations: [{ id: 'w1', label: 'actor', start, end: start + quote.length, quote, prefix: '', suffix: '' }],
      }),
    );
    try {
      const written = await vscode.commands.executeCommand<vscode.Uri[]>(
        Commands.exportAnnotations, 'brat', ws('exp-web-out'), true,
      );
      const ann = written.find((u) => u.path.endsWith('exp-web.ann'));
      check(ann, written.map((u) => u.path).join(', '));
      const lines = new TextDecoder().decode(await vscode.workspace.fs.readFile(ann)).split('\n');
      check(lines.some((l) => l === `T1\tactor ${start} ${start + quote.length}\t${quote}`), lines.join(' | '));
    } finally {
      for (const name of ['exp-web-out', 'exp-web.txt', 'exp-web.txt.annotations.yaml']) {
        await vscode.workspace.fs.delete(ws(name), { recursive: true }).then(undefined, () => undefined);
      }
    }
  });

  it('imports a brat file through workspace.fs as suggestions; an accepted one is written in code points', async () => {
    const api = await hashiya();
    const text = '📰 قال لافروف في جنيف.\r\n';
    const quote = 'لافروف';
    const start = [...text.slice(0, text.indexOf(quote))].length;
    await writeText('imp-web.txt', text);
    await writeText('imp-web.ann', `T1\tactor ${start} ${start + 6}\t${quote}\nT2\tactor 0 1\tX\n`);
    try {
      const outcome = await vscode.commands.executeCommand<{ suggested: number; notPlaced: string[] }>(
        Commands.importAnnotations, ws('imp-web.ann'), 'brat', ws('imp-web.txt'),
      );
      checkSame(outcome.suggested, 1, 'suggested');
      check(outcome.notPlaced[0]?.startsWith('imp-web.ann:2:1: actor 0..1 "X"'), outcome.notPlaced.join(' | '));
      const [suggestion] = api.suggestions.list(ws('imp-web.txt'));
      checkSame(suggestion.rule, 'import: imp-web.ann', 'rule');
      await vscode.commands.executeCommand(Commands.acceptSuggestion, ws('imp-web.txt'), suggestion.key);
      const sidecar = await waitFor(async () => {
        const read = await readSidecar('imp-web.txt');
        return read?.annotations.length === 1 && read;
      }, 'the accepted actor');
      checkSame(sidecar.annotations.map((a) => [a.start, a.end, a.quote]), [[start, start + 6, quote]], 'sidecar');
    } finally {
      for (const name of ['imp-web.txt', 'imp-web.ann', 'imp-web.txt.annotations.yaml']) {
        await vscode.workspace.fs.delete(ws(name)).then(undefined, () => undefined);
      }
    }
  });

  it('reads the project schema from workspace.fs: a fourth label is marked and written', async () => {
    const api = await hashiya();
    const schema = `version: 2
labels:
  - {id: claim, title: {en: Claim}, key: c, stance: true, relations: [{name: speaker, targets: [actor]}, {name: date, targets: [date]}]}
  - {id: actor, title: {en: Actor}, key: a, entity: true}
  - {id: date, title: {en: Date}, key: d, dateValue: true}
  - {id: place, title: {en: Place, ar: مكان}, key: w}
`;
    await vscode.workspace.fs.createDirectory(ws('.hashiya'));
    await writeText('.hashiya/schema.yaml', schema);
    try {
      await api.schemas.reload();
      await waitFor(() => api.schemas.schema.labels.some((l) => l.id === 'place'), 'the schema');
      await writeText('places.txt', 'قال لافروف في موسكو إن المؤتمر سيعقد.\n');
      const editor = await openArticle('places.txt');
      selectText(editor, 'موسكو');
      await vscode.commands.executeCommand(Commands.annotate, 'place');
      const parsedSchema = parseProjectSchema(schema);
      check(parsedSchema.ok, 'the schema parses');
      const written = await waitFor(async () => {
        const text = await readText('places.txt.annotations.yaml');
        const parsed = text === undefined ? undefined : parseSidecar(text, parsedSchema.schema);
        return parsed?.ok && parsed.sidecar.annotations[0];
      }, 'the place in the sidecar');
      checkSame([written.label, written.quote], ['place', 'موسكو'], 'the annotation');
    } finally {
      await closeAll();
      for (const name of ['.hashiya/schema.yaml', 'places.txt.annotations.yaml', 'places.txt']) {
        await vscode.workspace.fs.delete(ws(name)).then(undefined, () => undefined);
      }
      await api.schemas.reload();
    }
  });

  it('lists articles in the Articles view and sets a status through workspace.fs', async () => {
    const api = await hashiya();
    await vscode.workspace.fs.createDirectory(ws('articles-web'));
    await writeText('articles-web/one.txt', 'قال لافروف في جنيف.\n');
    await writeText('articles-web/two.txt', 'قال كيري في جنيف.\n');
    try {
      api.articles.refresh();
      const rows = await waitFor(async () => {
        const entries = (await api.articles.entries()).filter((e) => e.row.folder === 'articles-web');
        return entries.length === 2 && entries;
      }, 'the two articles listed');
      checkSame(rows.map((e) => [e.row.name, e.row.summary?.status]), [['one.txt', 'new'], ['two.txt', 'new']], 'rows');
      await vscode.commands.executeCommand(Commands.setArticleStatus, ws('articles-web', 'two.txt'), 'done');
      const text = await readText('articles-web/two.txt.annotations.yaml');
      const parsed = text === undefined ? undefined : parseSidecar(text);
      check(parsed?.ok && parsed.sidecar.status?.value === 'done', `the sidecar: ${text}`);
      api.articles.refresh();
      await waitFor(async () => (await api.articles.entries())
        .some((e) => e.row.name === 'two.txt' && e.row.summary?.status === 'done'), 'two.txt done in the view');
    } finally {
      await closeAll();
      await vscode.workspace.fs.delete(ws('articles-web'), { recursive: true }).then(undefined, () => undefined);
    }
  });
});
