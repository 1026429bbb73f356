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
import type { TextChange } from './annotationSet';
import { type OffsetIndex, codePointLength } from './offsets';

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
  while (tail < before.length - head && tail < after.length - head
    && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { start: start + head, end: start + before.length - tail, text: after.slice(head, after.length - tail).join('') };
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
  const emit = (c: TextChange) => { if (c.start !== c.end || c.text.length > 0) out.push(c); };
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
      const removed = part.removed ? oldLines.slice(oi, oi += n).join('') : '';
      const next = parts[p + 1];
      let added = '';
      if (part.added) added = newLines.slice(ni, ni += n).join('');
      else if (next?.added) {
        const m = next.count ?? next.value.length;
        added = newLines.slice(ni, ni += m).join('');
        p++;
      }
      emit(trimmed(at, Array.from(removed), Array.from(added)));
      at += codePointLength(added);
    }
  }
  return out;
}
