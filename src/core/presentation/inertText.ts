/**
 * Text from files (article text, quotes, notes, sidecar keys and values, entity names, file
 * names) made inert for VS Code's UI: shown as the characters it is, never as a link, a command,
 * a theme icon, markup or a change of direction of the text around it. The one home of this
 * concern; everything shown in a notification, quick pick, input box, status bar, tree item or
 * hover goes through it.
 *
 * What VS Code 1.100 renders (read from its sources, vs/base/common/linkedText.ts and the
 * renderers that use it):
 * - notifications (showErrorMessage & co.) and the prompt and validation message of input boxes
 *   turn `[label](https://… | command:… | file:…)` into a clickable link, even in a plain
 *   string; input-box prompts and quick-pick labels, descriptions and details, the status bar
 *   and tree labels with icon support turn `$(name)` into a theme icon;
 * - MarkdownString (hovers, tooltips) renders Markdown, links, autolinks and (when allowed) HTML.
 * Bidi controls (UAX #9) in file text could reorder the words around it (U+202E shows "txt.exe"
 * as "exe.txt"), in Latin text as much as in Arabic.
 */

/** Embeddings and overrides (U+202A–U+202E): dropped; isolates (U+2066–U+2069) are kept in matched pairs only. */
const EMBEDDINGS = /[\u202A-\u202E]/gu;
const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/gu;
// C0 and C1 controls and DEL (tab and line breaks are handled before)
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/gu;
/** U+2060 WORD JOINER: invisible, no line break; put between `]` and `(`, and `$` and `(`. */
const JOINER = '\u2060';
/** FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE around every piece of file text. */
const FSI = '\u2068';
const PDI = '\u2069';

let segmenter: Intl.Segmenter | undefined;

/**
 * Shortens `text` to at most `max` grapheme clusters (UAX #29), with an ellipsis in the middle;
 * never cuts a letter from its marks, an emoji sequence or a flag.
 */
export function ellipsize(text: string, max = 160): string {
  if (text.length <= max) return text;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const clusters = [...segmenter.segment(text)].map((s) => s.segment);
  if (clusters.length <= max) return text;
  const half = Math.floor((max - 1) / 2);
  // at a word's edge when one is near (a third of each half either way): "وزير الخارجية…سيرغي
  // لافروف", not "وزير الخارج…غي لافروف"; a text without spaces is cut between clusters
  const reach = Math.floor(half / 3);
  const space = (i: number) => i > 0 && i < clusters.length && /^\s/u.test(clusters[i]);
  let head = half;
  for (let d = 0; d <= reach; d++) {
    if (space(half - d)) {
      head = half - d;
      break;
    }
    if (space(half + d)) {
      head = half + d;
      break;
    }
  }
  let tail = clusters.length - half;
  for (let d = 0; d <= reach; d++) {
    if (space(tail - 1 + d) && tail + d > head) {
      tail = tail + d;
      break;
    }
    if (space(tail - 1 - d) && tail - d > head) {
      tail = tail - d;
      break;
    }
  }
  return `${clusters.slice(0, head).join('').trimEnd()}…${clusters.slice(tail).join('').trimStart()}`;
}

/**
 * The start of `text` up to `max` grapheme clusters, ended at a word's edge when one is within
 * the last third, with "…" when anything was cut (tree labels, short titles).
 */
export function leadingWords(text: string, max: number): string {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const clusters = [...segmenter.segment(text)].map((x) => x.segment);
  if (clusters.length <= max) return text;
  let end = max - 1;
  for (let i = end; i >= Math.ceil(((max - 1) * 2) / 3); i--) {
    if (/^\s/u.test(clusters[i])) {
      end = i;
      break;
    }
  }
  return `${clusters.slice(0, end).join('').trimEnd()}…`;
}

/** Breaks `[label](target` and `$(icon)` so that neither a link nor an icon can form; visible text unchanged. */
function breakLinksAndIcons(text: string): string {
  return text.replace(/\](?=\()/g, `]${JOINER}`).replace(/\$(?=\()/g, `$${JOINER}`);
}

/**
 * One piece of file text (a quote, a note, a key, a file name) for a plain-text place:
 * notification, quick pick (label, description, detail, title, placeholder), input box (title,
 * prompt), status bar, tree item label, description and string tooltip. At most `max` grapheme
 * clusters; line breaks and tabs become spaces, other control characters U+FFFD; embeddings and
 * overrides (U+202A–U+202E) are dropped, isolates kept in matched pairs only, and the piece is
 * wrapped in FSI…PDI, so it takes its own direction and cannot reorder what stands around it; link and icon syntax is
  * broken with an invisible
 * U+2060 (the text reads the same). Display only: never store the result.
 */
export function plainText(text: string, max = 200): string {
  const clean = ellipsize(String(text), max)
    .replace(LINE_BREAK, ' ')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '\uFFFD')
    .replace(EMBEDDINGS, '');
  return `${FSI}${breakLinksAndIcons(balanceIsolates(clean))}${PDI}`;
}

/**
 * A whole message for a plain-text place whose parts are not known any more (an error message
 * that quotes file text): the safety net every notification goes through. Line breaks become
 * spaces, controls U+FFFD; embeddings and overrides are dropped, isolates kept only in matched
 * pairs (the FSI…PDI of {@link plainText} pieces stay); link and icon syntax is broken.
 * Idempotent, and pieces made by {@link plainText} pass through unchanged.
 */
export function plainMessage(message: string): string {
  const clean = String(message)
    .replace(LINE_BREAK, ' ')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '\uFFFD')
    .replace(EMBEDDINGS, '');
  return breakLinksAndIcons(balanceIsolates(clean));
}

/** Keeps only matched isolate pairs (U+2066/2067/2068 … U+2069); drops the others. */
function balanceIsolates(text: string): string {
  if (!/[\u2066-\u2069]/u.test(text)) return text;
  const chars = [...text];
  const drop = new Set<number>();
  const open: number[] = [];
  chars.forEach((ch, i) => {
    if (ch === '\u2066' || ch === '\u2067' || ch === '\u2068') open.push(i);
    else if (ch === '\u2069') {
      if (open.length > 0) open.pop();
      else drop.add(i);
    }
  });
  for (const i of open) drop.add(i);
  return chars.filter((_, i) => !drop.has(i)).join('');
}

/**
 * Escapes text for CommonMark so that it shows literally: every ASCII punctuation character is
 * backslash-escaped (no links, command links, autolinks, emphasis, HTML, entities or theme
 * icons can form), and line breaks become hard breaks. Source: CommonMark 0.31 §2.4.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&"'$%=:;,/?@^]/g, (ch) => `\\${ch}`).replace(/\r\n|\r|\n/g, '  \n');
}

/**
 * One piece of file text for a Markdown place (hovers, MarkdownString tooltips; always with
 * isTrusted false and supportHtml false): at most `max` grapheme clusters, controls U+FFFD,
 * embeddings and overrides dropped, isolates kept in matched pairs only, every line escaped ({@link escapeMarkdown})
  * and wrapped in
 * FSI…PDI (a line break ends an isolate, so each line gets its own).
 */
export function markdownText(text: string, max = 400): string {
  return ellipsize(String(text), max)
    .split(/\r\n|[\r\n\u0085\u2028\u2029]/u)
    .map(
      (line) =>
        `${FSI}${escapeMarkdown(balanceIsolates(line.replace(/\t/g, ' ').replace(CONTROL, '\uFFFD').replace(EMBEDDINGS, '')))}${PDI}`,
    )
    .join('  \n');
}

/**
 * One line for a terminal (the command line's output; the caller writes the line break): every
 * C0 and C1 control, line breaks and tabs included (a line break in a file name would forge an
 * output line, ESC starts terminal escape sequences, OSC 8 makes links), DEL, the Unicode line
 * and paragraph separators (U+2028, U+2029), explicit bidi controls (U+202A–U+202E,
 * U+2066–U+2069) and the bidi marks (LRM U+200E, RLM U+200F, ALM U+061C, which reorder the
 * `file:line:column` around them) are written as \u escapes (`\u000A`), so one call gives exactly one line.
 */
export function terminalText(line: string): string {
  return String(line).replace(
    /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}
