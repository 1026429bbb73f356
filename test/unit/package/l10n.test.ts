import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../support/fixtures';

// The Arabic UI: every string the code hands to l10n.t (extracted as VS Code's own tool does) has a
// translation, with the same placeholders, in Arabic letters; the manifest's Arabic strings match
// package.nls.json key for key. Terms: docs/arabic-glossary.md.

const ARABIC_LETTER = /[\u0621-\u064A]/;
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]))].sort();
const commandLinks = (s: string) => [...s.matchAll(/\(command:[^)]*\)/g)].map((m) => m[0]);
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;

/** The strings of src/ passed to l10n.t / vscode.l10n.t, by @vscode/l10n-dev's extractor. */
function extracted(): Record<string, string> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'hashiya-l10n-'));
  try {
    const cli = path.join(repoRoot(), 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
    const run = spawnSync(process.execPath, [cli, 'export', '--outDir', out, path.join(repoRoot(), 'src')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return readJson(path.join(out, 'bundle.l10n.json'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('Arabic UI strings', () => {
  // one extraction for the two tests that read it (the extractor parses every source file)
  let english: Record<string, string>;
  before(function () {
    this.timeout(60_000);
    english = extracted();
  });

  it('l10n/bundle.l10n.ar.json translates every runtime string of src/, and nothing else', () => {
    const keys = Object.keys(english);
    const arabic = readJson(path.join(repoRoot(), 'l10n', 'bundle.l10n.ar.json'));
    assert.deepEqual(keys.filter((k) => !(k in arabic)), [], 'untranslated (add them to l10n/bundle.l10n.ar.json)');
    assert.deepEqual(Object.keys(arabic).filter((k) => !(k in english)), [], 'no longer in the code');
    for (const [key, value] of Object.entries(arabic)) {
      assert.deepEqual(placeholders(value), placeholders(key), `placeholders of ${JSON.stringify(key)}`);
      // words need Arabic; acronyms (YAML) and a placeholder's English ending ("{0}ies", a label id's plural) do not
      if (/[A-Za-z]{3}/.test(key.replace(/\{\d+\}[a-z]*|\b[A-Z0-9]+\b/g, ''))) assert.match(value, ARABIC_LETTER, `Arabic for ${JSON.stringify(key)}`);
    }
  });

  it('l10n/bundle.l10n.json is the current export (npm run l10n)', () => {
    assert.deepEqual(readJson(path.join(repoRoot(), 'l10n', 'bundle.l10n.json')), english);
  });

  it('package.nls.ar.json has every key of package.nls.json, in Arabic, with the same command links', () => {
    const english = readJson(path.join(repoRoot(), 'package.nls.json'));
    const arabic = readJson(path.join(repoRoot(), 'package.nls.ar.json'));
    assert.deepEqual(Object.keys(arabic).sort(), Object.keys(english).sort());
    for (const [key, value] of Object.entries(english)) {
      assert.match(arabic[key], ARABIC_LETTER, key);
      assert.deepEqual(commandLinks(arabic[key]), commandLinks(value), key);
      assert.deepEqual(placeholders(arabic[key]), placeholders(value), key);
    }
  });
});
