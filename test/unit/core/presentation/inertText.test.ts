import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { marked } from 'marked';
import {
  ellipsize, escapeMarkdown, leadingWords, markdownText, plainMessage, plainText, terminalText,
} from '../../../../src/core/presentation/inertText';
import { repoRoot } from '../../../support/fixtures';

// What VS Code 1.100 turns into a link in notifications and input-box prompts
// (vs/base/common/linkedText.ts) and into a theme icon in labels (vs/base/common/themables.ts,
// vs/base/browser/ui/iconLabel/iconLabels.ts), copied here as the ground truth the escaping beats.
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const VSCODE_ICON = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g;
const FSI = '\u2068';
const PDI = '\u2069';

const HOSTILE = [
  '[click](command:workbench.action.quit)',
  '[click](COMMAND:workbench.action.quit "Save")',
  '[x](https://evil.example/?q=1)',
  '[x](file:///etc/passwd)',
  '<https://evil.example>',
  'https://evil.example/a?b=c',
  'www.evil.example',
  'mail@evil.example',
  '$(alert) $(sync~spin) \\$(check)',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '`code` ``x`` ***bold*** _em_ ~~gone~~',
  '&lt;b&gt; &#x41; &amp;',
  '# heading\n---\n> quote\n1. list\n    indented code',
  'a\u202Eevil.txt\u202C.exe',
  'left\u202Atext\u202B\u202Dmore\u202E end',
  '\u2066open isolate without end',
  'close without open\u2069\u2069',
  '\u2067\u2068nested\u2069',
  '\u200Edate\u200F \u061C',
  'لافروف\u202E [click](command:workbench.action.quit) $(alert)',
  '\u200F2024-05-01\u200F قال',
  'line one\nline two\r\nline three\rfour\u2028five\u2029six\u0085seven',
  'tab\there bell\u0007 esc\u001B[31m del\u007F c1\u009B',
  '](command:x)',
  '[open',
  '🇵🇸🇵🇸 flags and 👩‍👩‍👧 family',
];

/** The text a reader sees in a plain-text place: joiners and the isolate wrapper are invisible. */
function visible(shown: string): string {
  return shown.replace(/[\u2060\u2066-\u2069]/g, '');
}

function isolatesBalanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '\u2066' || ch === '\u2067' || ch === '\u2068') depth++;
    else if (ch === PDI && --depth < 0) return false;
  }
  return depth === 0;
}

function assertInertPlain(shown: string, where: string): void {
  VSCODE_LINK.lastIndex = 0;
  assert.equal(VSCODE_LINK.exec(shown), null, `a link forms in ${JSON.stringify(shown)} (${where})`);
  VSCODE_ICON.lastIndex = 0;
  assert.equal(VSCODE_ICON.exec(shown), null, `an icon forms in ${JSON.stringify(shown)} (${where})`);
  assert.doesNotMatch(shown, /[\u202A-\u202E]/u, `an embedding or override in ${JSON.stringify(shown)}`);
  assert.ok(isolatesBalanced(shown), `unbalanced isolates in ${JSON.stringify(shown)}`);
  assert.doesNotMatch(shown, /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/u, `a control or line break in ${JSON.stringify(shown)}`);
}

/** Plain text of marked's HTML: tags removed, the entities marked writes decoded. */
function htmlText(html: string): string {
  return html.replace(/<br>/g, '\n').replace(/<[^>]+>/g, '').replace(/&(lt|gt|amp|quot|#39);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" })[e]!).trim();
}

/** marked 14 with GFM, the Markdown parser and options of VS Code 1.100's MarkdownString rendering. */
function render(markdown: string): string {
  return marked.parse(markdown, { gfm: true, breaks: false, async: false }) as string;
}

/** Strings over an alphabet of everything that could act, in Arabic and Latin. */
const hostileArb = fc.array(fc.constantFrom(
  '[', ']', '(', ')', '$', '\\', '<', '>', '`', '*', '_', '~', '&', '#', ':', '/', '"', "'", ' ', '\n', '\r', '\t',
  'command:', 'https://', 'file:', 'www.', '@', 'alert', 'x', 'لافروف', 'قال', '2024', '🇵🇸', '👩‍👩‍👧', 'e\u0301',
  '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066',
  '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C',
  '\u0000', '\u001B', '\u007F', '\u0085', '\u2028', '\u2060',
), { maxLength: 40 }).map((parts) => parts.join(''));

describe('inert text: file text shown in notifications, quick picks, status bar, tree and hovers', () => {
  it('plain-text places: no VS Code link or icon forms, no override or embedding, isolates balanced, nothing visible lost', () => {
    for (const s of HOSTILE) {
      const shown = plainText(s, 1000);
      assertInertPlain(shown, 'plainText');
      assert.ok(shown.startsWith(FSI) && shown.endsWith(PDI), 'each piece is isolated, Latin text too');
      const expected = s.replace(/\r\n|[\r\n\u0085\u2028\u2029\t]/g, ' ').replace(/[\u0000-\u001F\u007F-\u009F]/g, '\uFFFD').replace(/[\u202A-\u202E\u2066-\u2069]/g, '');
      assert.equal(visible(shown), expected, `the reader sees the same text: ${JSON.stringify(s)}`);
    }
  });

  it('pieces next to each other or inside a message cannot form a link together', () => {
    const message = `Hashiya: unknown key ${plainText('[click')}${plainText('](command:workbench.action.quit)')} in ${plainText('[a]')}(command:x)`;
    assertInertPlain(plainMessage(message), 'adjacent pieces');
    assert.equal(plainMessage(`${plainText('[x')}](command:y)`).includes('](command'), false);
  });

  it('whole messages (errors quoting file text): the safety net keeps pieces and is idempotent', () => {
    for (const s of HOSTILE) {
      const once = plainMessage(`Hashiya: the sidecar a.yaml:3:5: unknown key "${s}" in annotations.0 and ${plainText(s)}`);
      assertInertPlain(once, 'plainMessage');
      assert.equal(plainMessage(once), once);
      assert.ok(once.includes(plainText(s)), 'a piece made by plainText passes unchanged');
    }
  });

  it('property: any mix of link, icon, bidi and control characters stays inert, in pieces and whole messages', () => {
    fc.assert(fc.property(hostileArb, hostileArb, (a, b) => {
      assertInertPlain(plainText(a, 1000), 'plainText');
      assertInertPlain(plainMessage(`${a} ${plainText(b)}${a}`), 'plainMessage');
      assert.equal(plainMessage(plainMessage(a)), plainMessage(a));
    }), { numRuns: 2000 });
  });

  it('Markdown places: marked (VS Code\'s parser) renders the text literally, no link, autolink, HTML, code or emphasis', () => {
    for (const s of HOSTILE) {
      const html = render(markdownText(s, 1000));
      assert.doesNotMatch(html, /<(?!\/?(p|br)>)/, `markup formed from ${JSON.stringify(s)}: ${html}`);
      const expected = s.replace(/\t/g, ' ').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g, '\uFFFD').replace(/[\u202A-\u202E\u2066-\u2069]/g, '');
      const lines = expected.split(/\r\n|[\r\n\u0085\u2028\u2029]/);
      assert.equal(visible(htmlText(html)).split('\n').map((l) => l.trim()).join('\n'), lines.map((l) => l.trim()).join('\n'), `${JSON.stringify(s)} shows as written`);
    }
  });

  it('property: Markdown of any hostile text renders paragraphs and line breaks only, each line isolated', () => {
    fc.assert(fc.property(hostileArb, (s) => {
      const md = markdownText(s, 1000);
      const html = render(`**Note:** ${md}`);
      assert.doesNotMatch(html.replace('<strong>Note:</strong>', ''), /<(?!\/?(p|br)>)/, `markup formed: ${html}`);
      assert.doesNotMatch(md, /[\u202A-\u202E]/u);
      for (const line of md.split('  \n')) assert.ok(line.startsWith(FSI) && line.endsWith(PDI) && isolatesBalanced(line));
    }), { numRuns: 1000 });
  });

  it('escapeMarkdown escapes every ASCII punctuation character (B23)', () => {
    assert.equal(escapeMarkdown('[open](command:x)'), '\\[open\\]\\(command\\:x\\)');
    assert.equal(escapeMarkdown('{{7*7}} ${7*7}'), '\\{\\{7\\*7\\}\\} \\$\\{7\\*7\\}');
  });

  it('shortens at grapheme clusters: never half a flag, an emoji sequence or a letter without its marks', () => {
    assert.equal(ellipsize('😀'.repeat(10), 5), '😀😀…😀😀');
    assert.equal(ellipsize('🇵🇸'.repeat(10), 5), '🇵🇸🇵🇸…🇵🇸🇵🇸');
    assert.equal(ellipsize('كِتَابٌ'.repeat(4), 5), 'كِتَ…ابٌ');
    assert.equal(visible(plainText('👩‍👩‍👧'.repeat(50), 3)), '👩‍👩‍👧…👩‍👩‍👧');
  });

  it('terminal lines: escape sequences and bidi controls are written as \\u escapes', () => {
    assert.equal(terminalText('a\u001B]8;;http://x\u0007link\u001B]8;;\u0007 \u202Eb'), 'a\\u001B]8;;http://x\\u0007link\\u001B]8;;\\u0007 \\u202Eb');
    assert.equal(terminalText('plain text, عربي'), 'plain text, عربي');
    assert.equal(terminalText('a\u200Eb\u200Fc\u061Cd'), 'a\\u200Eb\\u200Fc\\u061Cd', 'bidi marks (LRM, RLM, ALM) escaped too (found by a review)');
  });

  it('terminal lines: line breaks of every kind, tabs and all C0/C1 controls are escaped, so one line stays one line (finding 10)', () => {
    assert.equal(terminalText('a.txt:1:1: fine\nchecked 9 sidecars\r\n\tz\u2028y\u2029x\u0085w\u000B\u000Cv'),
      'a.txt:1:1: fine\\u000Achecked 9 sidecars\\u000D\\u000A\\u0009z\\u2028y\\u2029x\\u0085w\\u000B\\u000Cv');
    const unsafe = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      const line = terminalText(s);
      assert.doesNotMatch(line, unsafe);
      // what is left of the text reads as it was: only the unsafe characters were replaced
      assert.equal(line.replace(/\\u[0-9A-F]{4}/g, ''), s.replace(new RegExp(unsafe.source, 'gu'), '').replace(/\\u[0-9A-F]{4}/g, ''));
    }));
  });

  it('every notification and status-bar message of the extension goes through src/extension/util/notify.ts', () => {
    const dir = path.join(repoRoot(), 'src', 'extension');
    const offenders: string[] = [];
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && f !== path.join('util', 'notify.ts'));
    for (const file of files) {
      readFileSync(path.join(dir, file), 'utf8').split('\n').forEach((line, i) => {
        if (/\b(showErrorMessage|showWarningMessage|showInformationMessage|setStatusBarMessage)\b/.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    assert.deepEqual(offenders, []);
  });
});

describe('cutting text for a label: at a word\'s edge when one is near (issue 9, first-use finding)', () => {
  it('ellipsize keeps whole words on both sides when a space is within reach, clusters otherwise', () => {
    const name = 'وزير الخارجية الروسي سيرغي لافروف';
    const cut = ellipsize(name, 25);
    assert.ok(cut.includes('…'));
    const [head, tail] = cut.split('…');
    for (const part of [head, tail]) for (const word of part.split(' ')) assert.ok(name.split(' ').includes(word), `"${word}" is a whole word of the name (${cut})`);
    assert.equal(ellipsize('كِتَابٌ'.repeat(4), 5), 'كِتَ…ابٌ', 'no space: between clusters');
  });

  it('leadingWords ends at the last word that fits, with the ellipsis; short texts unchanged', () => {
    assert.equal(leadingWords('قال وزير الخارجية سيرغي لافروف إن المؤتمر سيعقد في نيويورك', 32), 'قال وزير الخارجية سيرغي لافروف…');
    assert.equal(leadingWords('short', 32), 'short');
    assert.equal(leadingWords('😀'.repeat(40), 10), `${'😀'.repeat(9)}…`);
    // no space: five whole clusters (a letter with its harakat), then the ellipsis
    assert.equal(leadingWords('كِتَابٌ'.repeat(20), 6), 'كِتَابٌكِ…');
  });
});
