// The command line in Arabic: what `hashiya check` prints once @vscode/l10n has the Arabic bundle
// (as `HASHIYA_LANG=ar hashiya check samples` configures it through src/cli/locale.ts).
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { repoRoot } from '../../support/fixtures';
import { runMain } from '../../support/cli';
import { heavyTimeout } from '../../support/timeouts';

/** The Arabic messages: l10n/bundle.l10n.ar.json, as shipped. */
function arabicContents(): Record<string, string> {
  return JSON.parse(readFileSync(path.join(repoRoot(), 'l10n', 'bundle.l10n.ar.json'), 'utf8')) as Record<string, string>;
}

const ARABIC = /[\u0600-\u06FF]/;
/** Words that may stay Latin in an Arabic line: the program's name and verbs, as typed. */
const KEPT = new Set(['hashiya', 'anchor', 'check', 'sha256']);

/** The Latin words of `line` other than file names, paths and the words of {@link KEPT}. */
function englishWords(line: string): string[] {
  const withoutFiles = line.replace(/[\w.\-/]+\.(txt|yaml|md)\b(:\d+)*/g, ' ');
  return (withoutFiles.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []).filter((w) => !KEPT.has(w));
}

function assertArabic(lines: readonly string[]): void {
  assert.ok(lines.length > 0);
  for (const line of lines) {
    assert.match(line, ARABIC, line);
    assert.deepEqual(englishWords(line), [], line);
  }
}

describe('command line: hashiya check in Arabic', function () {
  this.timeout(heavyTimeout(700));
  let dir: string;
  before(() => l10n.config({ contents: arabicContents() }));
  after(() => l10n.config({ contents: {} }));
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-cli-ar-'));
    cpSync(path.join(repoRoot(), 'samples'), path.join(dir, 'samples'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the samples: the summary in Arabic', async () => {
    const { code, out, err } = await runMain(dir, 'check', 'samples');
    assert.equal(code, 0, [...out, ...err].join('\n'));
    assert.deepEqual(err, []);
    assertArabic(out);
    assert.ok(out.some((l) => l.includes('الملفات المرافقة المفحوصة: 3')), out.join('\n'));
  });

  it('a sidecar whose article changed: the problem and the summary in Arabic', async () => {
    const article = path.join(dir, 'samples', 'lavrov-kerry.txt');
    writeFileSync(article, `${readFileSync(article, 'utf8')}\nسطر أضيف بعد التعليق.\n`);
    const { code, out, err } = await runMain(dir, 'check', 'samples');
    assert.equal(code, 1, [...out, ...err].join('\n'));
    assertArabic(out);
    assert.ok(out.some((l) => l.startsWith(`${path.join('samples', 'lavrov-kerry.txt.annotations.yaml')}:`)
      && l.includes('منذ حُفظت هذه التعليقات')), out.join('\n'));
  });

  it('a sidecar without its article, and a name that is nothing: in Arabic', async () => {
    rmSync(path.join(dir, 'samples', 'lavrov-kerry.txt'));
    const { code, out, err } = await runMain(dir, 'check', 'samples', 'nothing-here.txt');
    assert.equal(code, 1, [...out, ...err].join('\n'));
    assertArabic(out);
    assertArabic(err);
    assert.ok(out.some((l) => l.includes('المقال غير موجود')), out.join('\n'));
  });
});
