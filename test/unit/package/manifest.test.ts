import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { Commands } from '../../../src/extension/commandIds';
import { repoRoot } from '../../support/fixtures';

const root = repoRoot();
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('manifest', () => {
  it('contributes exactly the commands the code registers', () => {
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, Object.values(Commands).sort());
    // commands are made with command(Commands.x, ...) or are classes with `readonly id = Commands.x` (commands/)
    const registered = sourceFiles(path.join(root, 'src', 'extension')).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/(?:\bcommand\(|readonly id = )Commands\.(\w+)/g)].map((m) => m[1]));
    assert.deepEqual([...new Set(registered)].sort(), Object.keys(Commands).sort());
  });

  it('gives every command a category and every %key% a string', () => {
    for (const c of pkg.contributes.commands) assert.equal(c.category, '%category%', c.command);
    const keys = [...JSON.stringify(pkg).matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]);
    for (const key of keys) assert.ok(typeof nls[key] === 'string', `package.nls.json lacks ${key}`);
    const ar = JSON.parse(readFileSync(path.join(root, 'package.nls.ar.json'), 'utf8'));
    assert.deepEqual(Object.keys(ar).sort(), Object.keys(nls).sort(), 'the Arabic strings cover the same keys');
  });

  it('refers only to commands that exist, from menus and keybindings', () => {
    const ids = new Set(Object.values(Commands));
    for (const [menu, items] of Object.entries(pkg.contributes.menus) as [string, { command: string }[]][]) {
      for (const item of items) assert.ok(ids.has(item.command as never), `${menu}: ${item.command}`);
    }
    for (const k of pkg.contributes.keybindings) assert.ok(ids.has(k.command), k.command);
  });

  it('has a Node entry and a browser entry (vscode.dev), both packaged; git merging is offered only where programs run', () => {
    assert.equal(pkg.main, './dist/extension.js');
    assert.equal(pkg.browser, './dist/web.js');
    const ignore = readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    for (const bundle of ['dist/extension.js', 'dist/web.js']) assert.ok(ignore.includes(`!${bundle}`), bundle);
    assert.equal(pkg.capabilities.virtualWorkspaces, true);
    const gitMenus = Object.values(pkg.contributes.menus as Record<string, { command: string; when?: string }[]>)
      .flat()
      .filter((m) => m.command === Commands.setUpGitMerging);
    assert.ok(gitMenus.length > 0);
    for (const m of gitMenus) assert.match(m.when ?? '', /hashiya\.canRunPrograms/);
  });

  it('points at files that exist', () => {
    for (const file of [pkg.contributes.grammars[0].path, pkg.contributes.languages[0].configuration, pkg.contributes.yamlValidation[0].url, 'media/hashiya.svg', 'media/articleView.css']) {
      assert.ok(existsSync(path.join(root, file)), file);
    }
    assert.ok(!pkg.activationEvents.includes('*'));
    for (const v of pkg.contributes.yamlValidation) assert.ok(existsSync(path.join(root, v.url)), v.url);
  });

  it('has the marketplace fields: a 128×128 PNG icon, preview, categories, keywords, repository', () => {
    const icon = readFileSync(path.join(root, pkg.icon));
    assert.deepEqual([...icon.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'PNG');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
    assert.equal(pkg.preview, true);
    assert.ok(pkg.categories.length > 0 && pkg.keywords.length > 0 && pkg.keywords.length <= 30);
    assert.ok(pkg.repository?.url && pkg.bugs?.url && pkg.homepage);
  });

  it('walks a first article through: every step\'s media exists (and its images), every command link is a command', () => {
    const ids = new Set<string>(Object.values(Commands));
    const [walkthrough] = pkg.contributes.walkthroughs;
    assert.ok(walkthrough.steps.length >= 5);
    for (const step of walkthrough.steps) {
      const media = path.join(root, step.media.markdown);
      assert.ok(existsSync(media), media);
      for (const m of readFileSync(media, 'utf8').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) assert.ok(existsSync(path.resolve(path.dirname(media), m[1])), m[1]);
      for (const text of [nls[step.description.slice(1, -1)], JSON.parse(readFileSync(path.join(root, 'package.nls.ar.json'), 'utf8'))[step.description.slice(1, -1)]]) {
        const links = [...String(text).matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
        assert.ok(links.length > 0, step.id);
        for (const id of links) assert.ok(ids.has(id), id);
      }
      for (const event of step.completionEvents) assert.ok(ids.has(event.replace(/^onCommand:/, '')), event);
    }
  });

  it('keeps core and shared free of vscode and the DOM', () => {
    for (const dir of ['core', 'shared']) {
      for (const file of sourceFiles(path.join(root, 'src', dir))) {
        const text = readFileSync(file, 'utf8');
        assert.doesNotMatch(text, /from 'vscode'|require\('vscode'\)/, file);
        assert.doesNotMatch(text, /(?<![.\w])(document|window)\.[A-Za-z]/, file);
      }
    }
  });
});

type Platform = 'linux' | 'win' | 'mac';
interface Keybinding { command: string; key: string; mac?: string; win?: string; linux?: string; when?: string }

/** A key sequence in one spelling: each chord's modifiers sorted, lower case ("ctrl+k 1", "cmd+shift+z"). */
function normalizeKeys(sequence: string): string[] {
  return sequence.toLowerCase().trim().split(/\s+/).map((chord) => {
    const parts = chord.split('+');
    const key = parts.pop()!;
    return [...parts.sort(), key].join('+');
  });
}

/** The key sequence of a contributed keybinding on a platform (VS Code's rules: win/linux/mac override key). */
function keysOn(k: Keybinding, platform: Platform): string[] {
  return normalizeKeys(k[platform] ?? k.key);
}

/** VS Code 1.100's default keybindings on a platform (test/fixtures/vscode-keybindings, see its NOTICE.md). */
function defaultsOn(platform: Platform): { keys: string[]; command: string }[] {
  const dir = path.join(root, 'test', 'fixtures', 'vscode-keybindings');
  const web = JSON.parse(readFileSync(path.join(dir, `${platform}.json`), 'utf8')).bindings as { key: string; command: string }[];
  const desktop = JSON.parse(readFileSync(path.join(dir, 'desktop-extra.json'), 'utf8')).bindings[platform] as { key: string; command: string }[];
  return [...web, ...desktop].filter((b) => b.key).map((b) => ({ keys: normalizeKeys(b.key), command: b.command }));
}

/** Keybindings active only while the Hashiya view has focus, where taking a default is the point. */
const VIEW_ONLY = /^activeCustomEditorId == 'hashiya\.articleView'( && !inputFocus)?$/;

describe('manifest: keybindings that break no typing and take no VS Code default (issue 8)', () => {
  const keybindings = pkg.contributes.keybindings as Keybinding[];
  const platforms: Platform[] = ['linux', 'win', 'mac'];

  it('the fixtures hold VS Code\'s defaults for each platform (sanity: well-known ones are there)', () => {
    const has = (platform: Platform, keys: string, command: string) => defaultsOn(platform).some((d) => d.keys.join(' ') === normalizeKeys(keys).join(' ') && d.command === command);
    assert.ok(has('linux', 'ctrl+shift+[', 'editor.fold'));
    assert.ok(has('win', 'ctrl+shift+]', 'editor.unfold'));
    assert.ok(has('mac', 'alt+cmd+[', 'editor.fold'), 'Cmd+Alt+[ is Fold on macOS');
    assert.ok(has('mac', 'alt+cmd+]', 'editor.unfold'));
    assert.ok(has('linux', 'ctrl+k c', 'workbench.files.action.compareWithClipboard'));
    assert.ok(has('win', 'ctrl+k ctrl+c', 'editor.action.addCommentLine'));
  });

  it('no chord uses Ctrl+Alt (AltGr on Windows: Polish ą ć ę ł ń ó ś ź ż, German @ € { }, with Shift too), nor Alt alone (Option types characters on macOS)', () => {
    for (const k of keybindings) {
      for (const platform of platforms) {
        for (const chord of keysOn(k, platform)) {
          const mods = chord.split('+').slice(0, -1);
          assert.ok(!(mods.includes('ctrl') && mods.includes('alt')), `${k.command} on ${platform}: ${chord} is AltGr on Windows`);
          assert.ok(!mods.includes('alt') || mods.includes('cmd') || mods.includes('ctrl'), `${k.command} on ${platform}: ${chord} types a character with Option/Alt`);
        }
      }
    }
  });

  it('keys that work in the text editor start with a modifier (a plain key there would be typing)', () => {
    for (const k of keybindings.filter((b) => !VIEW_ONLY.test(b.when ?? ''))) {
      for (const platform of platforms) {
        const [first] = keysOn(k, platform);
        assert.match(first, /^(ctrl|cmd)\+/, `${k.command} on ${platform}: ${first}`);
      }
    }
  });

  it('takes no VS Code default keybinding on Linux, Windows or macOS (same keys, a prefix of them, or one of their prefixes)', () => {
    for (const platform of platforms) {
      const defaults = defaultsOn(platform);
      // keys VS Code already uses as the first of a chord (Ctrl+K): one more chord after them takes nothing
      const prefixes = new Set(defaults.filter((d) => d.keys.length > 1).map((d) => d.keys[0]));
      for (const k of keybindings) {
        if (VIEW_ONLY.test(k.when ?? '')) continue; // undo/redo of annotations while the view has focus, on purpose
        const ours = keysOn(k, platform);
        for (const d of defaults) {
          const same = d.keys.join(' ') === ours.join(' ');
          // a chord of ours whose first key is a whole default (or the other way round) would shadow it
          const shadows = (ours.length > 1 && d.keys.length === 1 && d.keys[0] === ours[0] && !prefixes.has(ours[0]))
            || (ours.length === 1 && d.keys.length > 1 && d.keys[0] === ours[0]);
          assert.ok(!same && !shadows, `${k.command} on ${platform}: ${ours.join(' ')} collides with ${d.command} (${d.keys.join(' ')})`);
        }
      }
    }
  });

  it('the view-only keys stay inside the view: their when clause needs the Hashiya view and no text input', () => {
    const viewOnly = keybindings.filter((k) => VIEW_ONLY.test(k.when ?? ''));
    assert.deepEqual(viewOnly.map((k) => k.command).sort(), ['hashiya.redoAnnotation', 'hashiya.redoAnnotation', 'hashiya.undoAnnotation']);
    for (const k of viewOnly) assert.match(k.when!, /!inputFocus/);
  });

  it('no document names the old Ctrl+Alt / Cmd+Alt keys any more', () => {
    const docs = readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
    // the view's hints are in its strings
    const files = ['README.md', 'package.nls.json', 'package.nls.ar.json', 'src/webview/main.ts',
      'src/shared/strings.ts', ...docs];
    for (const file of files) {
      const text = readFileSync(path.join(root, file), 'utf8');
      assert.doesNotMatch(text, /(Ctrl|Cmd)\+Alt\+(C|A|D|N|S|G|\[|\]|Backspace)\b/i, file);
    }
  });
});
