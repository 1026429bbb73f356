import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { parseProjectSchema } from '../../src/core/format/projectSchemaFile';
import { parseSidecar } from '../../src/core/format/sidecar';
import { Commands } from '../../src/extension/commandIds';
import { closeAll, hashiya, openArticle, selectText, waitFor, ws } from './support';

/** The fourth label of this test: "place", with its key, colour, an enumerated attribute and a codebook. */
const SCHEMA = `version: 2
labels:
  - {id: claim, title: {en: Claim, ar: ادعاء}, key: c, stance: true, relations: [{name: speaker, targets: [actor]}, {name: date, targets: [date]}]}
  - {id: actor, title: {en: Actor, ar: فاعل}, key: a, entity: true}
  - {id: date, title: {en: Date, ar: تاريخ}, key: d, dateValue: true}
  - id: place
    title: {en: Place, ar: مكان}
    key: w
    revised: 2
    color: {light: "#8e24aa", dark: "#ce93d8", highContrast: "#ff80ff"}
    attributes:
      - {name: scale, title: {en: Scale, ar: النطاق}, values: [city, region, country, other]}
    codebook:
      definition: A named place where something in the news happens.
      avoidWhen: A country acting or speaking (that is an actor).
`;
const TEXT = 'قال وزير الخارجية سيرغي لافروف في موسكو إن المؤتمر سيعقد في نيويورك يوم الثلاثاء.\n';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)))
    .join('\n');
}

describe('a project schema with a fourth label, in a real VS Code', function () {
  this.timeout(60000);
  const schemaFile = () => ws('.hashiya', 'schema.yaml');
  /** Writes the workspace's schema file and has Hashiya read it. */
  const writeSchema = async (text: string) => {
    fs.mkdirSync(ws('.hashiya').fsPath, { recursive: true });
    fs.writeFileSync(schemaFile().fsPath, text);
    await (await hashiya()).schemas.reload();
  };

  afterEach(async () => {
    await closeAll();
    const api = await hashiya();
    fs.rmSync(schemaFile().fsPath, { force: true });
    await api.schemas.reload();
    await waitFor(() => api.schemas.schema.preset, 'the news preset back');
    // its article goes too: under the preset its sidecar's "place" would be an error for later tests
    for (const name of ['places.txt.annotations.yaml', 'places.txt']) fs.rmSync(ws(name).fsPath, { force: true });
  });

  it('"place" is marked, coloured, hovered, given an attribute, shown in the tree and written to the sidecar; schema edits apply at once', async () => {
    const api = await hashiya();
    await writeSchema(SCHEMA);
    await waitFor(() => api.schemas.schema.labels.some((l) => l.id === 'place'), 'the schema to be read');
    fs.writeFileSync(ws('places.txt').fsPath, TEXT);
    const editor = await openArticle('places.txt');
    selectText(editor, 'موسكو');
    await vscode.commands.executeCommand(Commands.annotate, 'place');
    const article = api.sessions.peek(editor.document.uri)!;
    const place = await waitFor(
      () => article.session.set.annotations.find((a) => a.label === 'place'),
      'the place annotation',
    );
    await vscode.commands.executeCommand(
      Commands.setAttribute,
      { article: editor.document.uri.toString(), id: place.id },
      'scale',
      'city',
    );
    // written to the sidecar: label, attribute and the schema version it was made under
    const schema = parseProjectSchema(SCHEMA);
    assert.ok(schema.ok);
    const sidecarPath = ws('places.txt.annotations.yaml').fsPath;
    const written = await waitFor(() => {
      if (!fs.existsSync(sidecarPath)) return undefined;
      const parsed = parseSidecar(fs.readFileSync(sidecarPath, 'utf8'), schema.schema);
      return parsed.ok && parsed.sidecar.annotations[0]?.attributes?.scale === 'city' && parsed.sidecar;
    }, 'the sidecar with the attribute');
    assert.deepEqual(
      written.annotations.map((a) => [a.label, a.quote, a.attributes, a.schemaVersion]),
      [['place', 'موسكو', { scale: 'city' }, 2]],
    );
    // marked as reviewed under the current definition: takes the schema's version (here the same)
    await vscode.commands.executeCommand(Commands.markReviewed, {
      article: editor.document.uri.toString(),
      id: place.id,
    });
    assert.equal(article.session.set.get(place.id)?.schemaVersion, 2);
    // the editor's decorations: its own type, on its range
    const ranges = await waitFor(
      () => api.decorations.rangesOf(editor)?.place?.length === 1 && api.decorations.rangesOf(editor)!.place,
      'the decoration',
    );
    assert.equal(editor.document.getText(ranges[0]), 'موسكو');
    // the hover: title, attribute, codebook
    const at = editor.document.positionAt(TEXT.indexOf('موسكو') + 2);
    const hover = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at),
    );
    assert.match(hover, /\*\*Place\*\*/);
    assert.match(hover, /Scale\u2069?: \u2068city\u2069/);
    assert.match(hover, /A named place where something in the news happens/);
    // the tree: a category of its own with the codebook as tooltip
    api.tree.setScope('article');
    const roots = await waitFor(async () => {
      const r = await api.tree.getChildren();
      return r.some((n) => n.kind === 'category' && n.category === 'place' && n.mentions.length === 1) && r;
    }, 'the place category');
    const category = roots.find((n) => n.kind === 'category' && n.category === 'place')!;
    const item = api.tree.getTreeItem(category);
    assert.equal(item.label, 'Places');
    assert.match(String(item.tooltip), /A named place/);
    const mention = api.tree.getTreeItem((await api.tree.getChildren(category))[0]);
    assert.match(String(mention.description), /city/);
    // the schema edited while the article is open: the new title everywhere at once
    fs.writeFileSync(schemaFile().fsPath, SCHEMA.replace('{en: Place, ar: مكان}', '{en: Location, ar: مكان}'));
    await api.schemas.reload();
    await waitFor(async () => {
      const r = await api.tree.getChildren();
      const c = r.find((n) => n.kind === 'category' && n.category === 'place');
      return c && api.tree.getTreeItem(c).label === 'Locations';
    }, 'the tree to follow the schema');
    // a schema without "place": the sidecar is an error at the label's line, read-only and kept as it is
    const before = fs.readFileSync(sidecarPath, 'utf8');
    fs.writeFileSync(schemaFile().fsPath, SCHEMA.slice(0, SCHEMA.indexOf('  - id: place')));
    await api.schemas.reload();
    const diagnostics = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(ws('places.txt.annotations.yaml'));
      return d.some((x) => /label must be one of "claim", "actor", "date"/.test(x.message)) && d;
    }, 'the unknown label reported');
    const line = before.split('\n').findIndex((l) => l.includes('label: "place"'));
    assert.ok(
      diagnostics.some((d) => d.range.start.line === line),
      JSON.stringify(diagnostics.map((d) => [d.range.start.line, d.message])),
    );
    assert.equal(article.session.state.kind, 'broken');
    selectText(editor, 'نيويورك');
    await vscode.commands.executeCommand(Commands.annotateActor);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(fs.readFileSync(sidecarPath, 'utf8'), before, 'never overwritten');
    // the label back: everything is there again
    fs.writeFileSync(schemaFile().fsPath, SCHEMA);
    await api.schemas.reload();
    await waitFor(
      () => article.session.state.kind === 'ready' && article.session.set.annotations.some((a) => a.label === 'place'),
      'the article back',
    );
  });

  it("a schema that does not parse when none was read before: sidecars read, the analyst's changes refused until it is mended", async () => {
    const api = await hashiya();
    await writeSchema(SCHEMA.replace('key: w', 'key: e'));
    await waitFor(() => api.schemas.schema.blocked, 'the schema to be blocked');
    fs.writeFileSync(ws('places.txt').fsPath, TEXT);
    const editor = await openArticle('places.txt');
    selectText(editor, 'موسكو');
    await vscode.commands.executeCommand(Commands.annotateActor);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(api.sessions.peek(editor.document.uri)!.session.set.annotations.length, 0, 'nothing marked');
    assert.ok(!fs.existsSync(ws('places.txt.annotations.yaml').fsPath), 'nothing written');
    fs.writeFileSync(schemaFile().fsPath, SCHEMA);
    await api.schemas.reload();
    await waitFor(() => !api.schemas.schema.blocked, 'the schema mended');
    selectText(editor, 'موسكو');
    await vscode.commands.executeCommand(Commands.annotateActor);
    await waitFor(
      () => api.sessions.peek(editor.document.uri)!.session.set.annotations.length === 1,
      'marked once mended',
    );
  });

  it('a schema that does not parse is reported at its line and column; the labels in use stay', async () => {
    const api = await hashiya();
    await writeSchema(SCHEMA);
    await waitFor(() => api.schemas.schema.labels.some((l) => l.id === 'place'), 'the schema to be read');
    fs.writeFileSync(schemaFile().fsPath, SCHEMA.replace('key: w', 'key: e'));
    await api.schemas.reload();
    assert.match(
      api.schemas.problem ?? '',
      /^\.hashiya\/schema\.yaml:\d+:\d+: key "e" runs a command in the article view/,
    );
    assert.ok(
      api.schemas.schema.labels.some((l) => l.id === 'place'),
      'the last good schema stays in use',
    );
    const diagnostics = vscode.languages.getDiagnostics(schemaFile());
    assert.ok(diagnostics.some((d) => /key "e"/.test(d.message)));
  });
});
