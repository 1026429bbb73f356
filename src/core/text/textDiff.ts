/**
 * Splits one text change into the smaller changes it is made of. VS Code reports some edits as a
 * single replacement of a large range or the whole text ("Change End of Line Sequence", a file
 * changed on disk in several places while open); taken as one change, every annotation between
 * its first and last difference would be orphaned. Lines are aligned first by their content
 * without the line terminator (Myers' O(ND) diff over lines: jsdiff `diffArrays`), so a change of
 * line endings becomes one small change per line; each changed block of lines is then trimmed to
 * the code points that differ. Offsets are code points.
 * Source: E. W. Myers, "An O(ND) difference algorithm and its variations", Algorithmica 1 (1986).
 */
import { diffArrays } from 'diff';
import { type OffsetIndex, codePointLength } from './offsets';

/** A change of the text: code points [start, end) of the old text replaced by `text`. */
export interface TextChange {
  /** Start in code points of the text before the change, inclusive. */
  start: number;
  /** End in code points of the text before the change, exclusive. */
  end: number;
  /** The inserted text. */
  text: string;
}

/** More line edits than this in one change: it stays one change (the diff would cost too much). */
const MAX_LINE_EDITS = 2000;

/** The change with the code points shared at both ends of old and new text left out. */
export function trimChange(index: OffsetIndex, change: TextChange): TextChange {
  if (change.end <= change.start || change.text.length === 0) return change;
  return trimmed(change.start, Array.from(index.slice(change.start, change.end)), Array.from(change.text));
}

function trimmed(start: number, before: string[], after: string[]): TextChange {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  )
    tail++;
  return {
    start: start + head,
    end: start + before.length - tail,
    text: after.slice(head, after.length - tail).join(''),
  };
}

/** Lines with their terminators (CR LF, LF or CR); the last may have none. */
function lines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

const content = (line: string) => line.replace(/(?:\r\n|\r|\n)$/, '');

/**
 * The changes, in code points, that turn the text of `index` into the text `change` makes of it,
 * as small as line alignment allows; to be applied one after another (each in the offsets of the
 * text the previous one left). A change without line breaks comes back trimmed, alone.
 */
export function splitChange(index: OffsetIndex, change: TextChange): TextChange[] {
  const first = trimChange(index, change);
  const before = index.slice(first.start, first.end);
  const after = first.text;
  if (!/[\r\n]/.test(before) || !/[\r\n]/.test(after)) return [first];
  const oldLines = lines(before);
  const newLines = lines(after);
  const parts = diffArrays(oldLines.map(content), newLines.map(content), { maxEditLength: MAX_LINE_EDITS });
  if (!parts) return [first];
  const out: TextChange[] = [];
  let at = first.start;
  let oi = 0;
  let ni = 0;
  const emit = (c: TextChange) => {
    if (c.start !== c.end || c.text.length > 0) out.push(c);
  };
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    const n = part.count ?? part.value.length;
    if (!part.added && !part.removed) {
      for (let k = 0; k < n; k++, oi++, ni++) {
        const o = oldLines[oi];
        const w = newLines[ni];
        if (o !== w) {
          const body = codePointLength(content(o));
          emit({ start: at + body, end: at + codePointLength(o), text: w.slice(content(w).length) });
        }
        at += codePointLength(w);
      }
    } else {
      const removed = part.removed ? oldLines.slice(oi, (oi += n)).join('') : '';
      const next = parts[p + 1];
      let added = '';
      if (part.added) added = newLines.slice(ni, (ni += n)).join('');
      else if (next?.added) {
        const m = next.count ?? next.value.length;
        added = newLines.slice(ni, (ni += m)).join('');
        p++;
      }
      emit(trimmed(at, Array.from(removed), Array.from(added)));
      at += codePointLength(added);
    }
  }
  return out;
}

/**
 * Tokens of a changed block: a word (letters with their marks, digits) or a punctuation mark with
 * the spaces after it, a line break, or a run of spaces. Spaces alone would be cheap matches that
 * glue the wrong words together.
 */
const TOKEN = /[\p{L}\p{M}\p{N}]+[^\S\r\n]*|\r\n|[\r\n]|[^\S\r\n]+|[^\p{L}\p{M}\p{N}\s][^\S\r\n]*/gu;

/** Words and marks, diacritics ignored, for telling a re-voweled word from another word. */
const BARE = /[\p{M}\u0640\u200C\u200D]/gu;

/** More token edits than this in one changed block: it stays one change. */
const MAX_TOKEN_EDITS = 4000;

/**
 * The changes that turn `before` into `after`, as small as words allow, in code points of
 * `before`: ascending, not overlapping (an insertion has start = end), to be applied all at once
 * (or one after another from the last). Lines are aligned first by their content without the
 * terminator (Myers' diff over lines, jsdiff `diffArrays`), so a change of line endings is one
 * small change per line; in each changed block of lines, words (letters with their marks, digits)
 * and single other code points are aligned (Myers over tokens), and a word replaced by the same
 * word with other diacritics or tatweel (كيري → كِيرِي) is aligned code point by code point. A
 * block too different to align stays one change.
 */
export function diffTexts(before: string, after: string): TextChange[] {
  if (before === after) return [];
  // the common head and tail, whole code points
  let head = 0;
  const max = Math.min(before.length, after.length);
  while (head < max && before.charCodeAt(head) === after.charCodeAt(head)) head++;
  if (head > 0 && head < before.length && isLow(before.charCodeAt(head))) head--;
  let tail = 0;
  while (tail < max - head && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail))
    tail++;
  if (tail > 0 && isLow(before.charCodeAt(before.length - tail))) tail--;
  // cut at line starts only: a cut inside a word ("مؤكدا " and "جدا " end alike) would align letters of different words
  if (head > 0 && before[head - 1] !== '\n') head = before.lastIndexOf('\n', head - 1) + 1;
  const cut = before.length - tail;
  if (tail > 0 && before[cut - 1] !== '\n') {
    const next = before.indexOf('\n', cut);
    tail = next < 0 ? 0 : before.length - (next + 1);
  }
  const headPoints = codePointLength(before.slice(0, head));
  const oldMiddle = before.slice(head, before.length - tail);
  const newMiddle = after.slice(head, after.length - tail);
  const out: TextChange[] = [];
  const emit = (start: number, removed: string, added: string) => {
    const c = trimmed(start, Array.from(removed), Array.from(added));
    if (c.start !== c.end || c.text.length > 0) out.push(c);
  };
  if (!/[\r\n]/.test(oldMiddle) && !/[\r\n]/.test(newMiddle)) {
    blockChanges(headPoints, oldMiddle, newMiddle, out, emit);
    return out;
  }
  const oldLines = lines(oldMiddle);
  const newLines = lines(newMiddle);
  const parts = diffArrays(oldLines.map(content), newLines.map(content), { maxEditLength: MAX_LINE_EDITS });
  if (!parts) {
    blockChanges(headPoints, oldMiddle, newMiddle, out, emit);
    return out;
  }
  let at = headPoints;
  for (const run of lineRuns(parts, oldLines, newLines)) {
    if (run.same) {
      for (let k = 0; k < run.oldTo - run.oldFrom; k++) {
        const o = oldLines[run.oldFrom + k];
        const w = newLines[run.newFrom + k];
        if (o !== w) {
          const body = codePointLength(content(o));
          emit(at + body, o.slice(content(o).length), w.slice(content(w).length));
        }
        at += codePointLength(o);
      }
    } else {
      const removed = oldLines.slice(run.oldFrom, run.oldTo).join('');
      blockChanges(at, removed, newLines.slice(run.newFrom, run.newTo).join(''), out, emit);
      at += codePointLength(removed);
    }
  }
  return out;
}

/** Lines shorter than this (code points) that occur more than once ("***", "—") are weak, like blank lines. */
const SHORT_LINE = 24;

/** Runs of lines: the same on both sides, or a block of changed lines (old [oldFrom, oldTo), new [newFrom, newTo)). */
interface LineRun {
  same: boolean;
  oldFrom: number;
  oldTo: number;
  newFrom: number;
  newTo: number;
}

/**
 * The line diff as runs, with changed blocks joined across the unchanged lines between them when
 * those are all weak (blank lines, short repeated ones): a shortest line diff pairs such lines and
 * shifts every changed paragraph onto its neighbour, so they do not separate blocks; the joined
 * block is then aligned word by word.
 */
function lineRuns(
  parts: readonly { added?: boolean; removed?: boolean; count?: number; value: unknown[] }[],
  oldLines: readonly string[],
  newLines: readonly string[],
): LineRun[] {
  const seen = new Map<string, number>();
  for (const line of [...oldLines, ...newLines]) {
    const key = content(line);
    if (key.length < SHORT_LINE) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const weak = (line: string) => {
    const key = content(line);
    return !/\S/.test(key) || (key.length < SHORT_LINE && (seen.get(key) ?? 0) > 2);
  };
  const runs: LineRun[] = [];
  let oi = 0;
  let ni = 0;
  for (const part of parts) {
    const n = part.count ?? part.value.length;
    const last = runs[runs.length - 1];
    if (!part.added && !part.removed) {
      runs.push({ same: true, oldFrom: oi, oldTo: oi + n, newFrom: ni, newTo: ni + n });
      oi += n;
      ni += n;
      continue;
    }
    const [oldN, newN] = part.removed ? [n, 0] : [0, n];
    if (last && !last.same) {
      last.oldTo += oldN;
      last.newTo += newN;
    } else runs.push({ same: false, oldFrom: oi, oldTo: oi + oldN, newFrom: ni, newTo: ni + newN });
    oi += oldN;
    ni += newN;
  }
  // join changed, weak unchanged, changed
  const out: LineRun[] = [];
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    const prev = out[out.length - 1];
    const next = runs[i + 1];
    if (run.same && prev && !prev.same && next && !next.same && oldLines.slice(run.oldFrom, run.oldTo).every(weak)) {
      prev.oldTo = next.oldTo;
      prev.newTo = next.newTo;
      i++;
    } else if (!run.same && prev && !prev.same) {
      prev.oldTo = run.oldTo;
      prev.newTo = run.newTo;
    } else out.push({ ...run });
  }
  return out;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * A token as it is aligned: without the spaces after it, diacritics, tatweel and joiners, so that
 * the same word re-voweled, or at the end of a line, aligns with itself.
 */
function bare(token: string): string {
  if (token.length === 1) return token;
  const word = token.replace(/[^\S\r\n]+$/u, '') || token;
  return word.length > 1 ? word.replace(BARE, '') || word : word;
}

/**
 * Walks a jsdiff result: `same(oldIndex, newIndex, count)` for runs both have, `changed(oldFrom,
 * oldTo, newFrom, newTo)` for each run of removed and added items next to each other.
 */
function walk(
  parts: readonly { added: boolean; removed: boolean; count: number }[],
  same: (oi: number, ni: number, n: number) => void,
  changed: (oi: number, oj: number, ni: number, nj: number) => void,
): void {
  let oi = 0;
  let ni = 0;
  for (let p = 0; p < parts.length;) {
    const part = parts[p];
    if (!part.added && !part.removed) {
      same(oi, ni, part.count);
      oi += part.count;
      ni += part.count;
      p++;
      continue;
    }
    const [o0, n0] = [oi, ni];
    while (p < parts.length && (parts[p].added || parts[p].removed)) {
      if (parts[p].removed) oi += parts[p].count;
      else ni += parts[p].count;
      p++;
    }
    changed(o0, oi, n0, ni);
  }
}

/** The changes of one changed block (code point `start` in the old text), word by word. */
function blockChanges(
  start: number,
  removed: string,
  added: string,
  out: TextChange[],
  emit: (start: number, removed: string, added: string) => void,
): void {
  if (!removed || !added) {
    emit(start, removed, added);
    return;
  }
  const oldTokens = removed.match(TOKEN) ?? [];
  const newTokens = added.match(TOKEN) ?? [];
  // a word aligns with itself re-voweled (كيري, كِيرِي): its letters are then aligned one by one
  const parts = diffArrays(oldTokens, newTokens, {
    maxEditLength: MAX_TOKEN_EDITS,
    comparator: (a, b) => a === b || bare(a) === bare(b),
  });
  if (!parts) {
    emit(start, removed, added);
    return;
  }
  const oldAt: number[] = [start];
  for (const token of oldTokens) oldAt.push(oldAt[oldAt.length - 1] + codePointLength(token));
  walk(
    parts.map((p) => ({ added: !!p.added, removed: !!p.removed, count: p.count ?? p.value.length })),
    (oi, ni, n) => {
      for (let k = 0; k < n; k++) {
        const [a, b] = [oldTokens[oi + k], newTokens[ni + k]];
        if (a !== b) letterChanges(oldAt[oi + k], Array.from(a), Array.from(b), out);
      }
    },
    (oi, oj, ni, nj) => emit(oldAt[oi], oldTokens.slice(oi, oj).join(''), newTokens.slice(ni, nj).join('')),
  );
}

/** The changes between two spellings of one word (code point `start`), code point by code point. */
function letterChanges(start: number, a: string[], b: string[], out: TextChange[]): void {
  const parts = diffArrays(a, b);
  walk(
    parts.map((p) => ({ added: !!p.added, removed: !!p.removed, count: p.count ?? p.value.length })),
    () => undefined,
    (ai, aj, bi, bj) => out.push({ start: start + ai, end: start + aj, text: b.slice(bi, bj).join('') }),
  );
}
