/**
 * CoNLL with IOB2 tags (Tjong Kim Sang & De Meulder, CoNLL-2003; IOB2: Ratnaparkhi 1998 / Sang & Veenstra 1999):
 * one token a line, `token<TAB>tag`, tag `B-<label>` on a span's first token, `I-<label>` on the others, `O`
 * outside; a blank line between sentences (a line of the article is a sentence) and `-DOCSTART-<TAB>O` before each
 * article. Tokens: runs of letters, marks, digits and `_`, and every other character that is not white space on
 * its own (an emoji with its modifiers, a flag: one token). A token belongs to the span it overlaps (the shortest
 * one where spans overlap: IOB2 cannot nest).
 * Offsets are not written (tokens only); export only.
 *
 * `clitics: true` splits Arabic proclitics off a word for models trained on segmented text (as the Penn Arabic
 * Treebank's D3 scheme does): conjunction و/ف, preposition ب/ك, then the article ال (`وبالقاهرة` → و ب ال قاهرة), and
 * ل + ال written لل (`للرئيس` → ل ل رئيس). Without a dictionary only words with the article are split, and only when
 * at least three letters remain, so that a root letter is never taken for a clitic (`وزير`, `لافروف`, `والدة` stay
 * whole); relative pronouns (الذي, التي…) and الله stay whole too. A proclitic outside a span then gets `O`.
 */
import { OffsetIndex } from '../text/offsets';
import { type Annotation } from '../model/annotation';
import { type ExchangeDoc, type ExportedFile, exportable } from './exchange';

/** Options of the CoNLL export. */
export interface ConllOptions {
  /** Split Arabic proclitics (see the module's doc). Default false. */
  clitics?: boolean;
  /** Only these labels are tagged (others are `O`); default every label. */
  labels?: readonly string[];
}

/** One token: its text and code-point offsets [start, end) in the article; `sentence` starts a new sentence. */
export interface Token {
  text: string;
  start: number;
  end: number;
  sentence: boolean;
}

// words; a flag (two regional indicators) or an emoji with its modifiers and joined parts as one token; any other
// character that is not white space alone
const WORD =
  /[\p{L}\p{M}\p{N}_]+|\p{RI}\p{RI}|\p{Extended_Pictographic}(?:[\u{1F3FB}-\u{1F3FF}\uFE0F]|\u200D\p{Extended_Pictographic})*|\S/gu;
const WITH_ARTICLE = /^([وف]?)([بك]?)(ال)(\p{L}[\p{L}\p{M}]*)$/u;
const LI_ARTICLE = /^([وف]?)(ل)(ل)(\p{L}[\p{L}\p{M}]*)$/u;
const WHOLE = new Set(['الذي', 'التي', 'الذين', 'اللذان', 'اللتان', 'اللذين', 'اللتين', 'اللاتي', 'اللواتي', 'اللائي', 'الله']);

/** The pieces of an Arabic word split at its proclitics (see the module's doc), or the word alone. */
export function splitClitics(word: string): string[] {
  if (WHOLE.has(word)) return [word];
  const m = WITH_ARTICLE.exec(word) ?? LI_ARTICLE.exec(word);
  if (!m) return [word];
  const stem = m[4];
  if ([...stem.replace(/\p{M}/gu, '')].length < 3) return [word];
  return [m[1], m[2], m[3], stem].filter((p) => p !== '');
}

/** The tokens of `text` (see the module's doc), offsets in code points. */
export function tokenize(text: string, clitics = false): Token[] {
  const index = new OffsetIndex(text);
  const tokens: Token[] = [];
  let last16 = 0;
  for (const m of text.matchAll(WORD)) {
    const at16 = m.index ?? 0;
    const sentence = tokens.length === 0 || /[\r\n]/.test(text.slice(last16, at16));
    last16 = at16 + m[0].length;
    let start = index.toCodePoint(at16);
    const pieces = clitics ? splitClitics(m[0]) : [m[0]];
    pieces.forEach((piece, k) => {
      const length = [...piece].length;
      tokens.push({ text: piece, start, end: start + length, sentence: sentence && k === 0 });
      start += length;
    });
  }
  return tokens;
}

/** The IOB2 tag of each token of `tokens` for `annotations` (code points). */
export function iob2Tags(tokens: readonly Token[], annotations: readonly Annotation[]): string[] {
  const sorted = [...annotations].sort((a, b) => a.start - b.start);
  let previous: Annotation | undefined;
  return tokens.map((t) => {
    let best: Annotation | undefined;
    for (let i = 0; i < sorted.length && sorted[i].start < t.end; i++) {
      const a = sorted[i];
      if (a.end > t.start && (!best || a.end - a.start < best.end - best.start)) best = a;
    }
    const tag = best ? `${best === previous && !t.sentence ? 'I' : 'B'}-${best.label}` : 'O';
    previous = best;
    return tag;
  });
}

/** The CoNLL text of one document: `-DOCSTART-`, then its sentences. */
export function conllText(doc: ExchangeDoc, options: ConllOptions = {}): string {
  const wanted = options.labels ? new Set(options.labels) : undefined;
  const annotations = exportable(doc).filter((a) => !wanted || wanted.has(a.label));
  const tokens = tokenize(doc.text, options.clitics ?? false);
  const tags = iob2Tags(tokens, annotations);
  let out = '-DOCSTART-\tO\n';
  tokens.forEach((t, i) => {
    if (t.sentence) out += '\n';
    out += `${t.text}\t${tags[i]}\n`;
  });
  return `${out}\n`;
}

/** `annotations.conll`: every document, one after the other. */
export function exportConll(docs: readonly ExchangeDoc[], options: ConllOptions = {}): ExportedFile[] {
  return [{ name: 'annotations.conll', content: docs.map((d) => conllText(d, options)).join('') }];
}
