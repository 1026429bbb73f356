import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { Commands } from '../../src/extension/commandIds';
import { repoRoot } from '../support/fixtures';

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
    const registered = sourceFiles(path.join(root, 'src', 'extension')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/add\(Commands\.(\w+)/g)].map((m) => m[1]));
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

  it('points at files that exist', () => {
    for (const file of [pkg.contributes.grammars[0].path, pkg.contributes.languages[0].configuration, pkg.contributes.yamlValidation[0].url, 'media/hashiya.svg', 'media/articleView.css']) {
      assert.ok(existsSync(path.join(root, file)), file);
    }
    assert.ok(!pkg.activationEvents.includes('*'));
  });

  it('keeps core and common free of vscode and the DOM', () => {
    for (const dir of ['core', 'common']) {
      for (const file of sourceFiles(path.join(root, 'src', dir))) {
        const text = readFileSync(file, 'utf8');
        assert.doesNotMatch(text, /from 'vscode'|require\('vscode'\)/, file);
        assert.doesNotMatch(text, /(?<![.\w])(document|window)\.[A-Za-z]/, file);
      }
    }
  });
});
