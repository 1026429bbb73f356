import { type Annotation, isOrphaned } from './annotation';
import { orphanPoint, quoteSelector } from './annotationSet';
import { OffsetIndex, codePointLength, splitsCrLf } from './offsets';
import type { Sidecar } from './sidecar';
import { textSha256 } from './textHash';

/** A problem of one annotation against the text, with its path in the sidecar. */
export interface AnchorProblem {
  message: string;
  path: (string | number)[];
}

/** Result of {@link anchorToText}. */
export type AnchorResult =
  | {
    ok: true;
    /** The annotations placed on the text, in sidecar order. */
    annotations: Annotation[];
    /** True when the sidecar's hash or length does not match the text. */
    textChanged: boolean;
    /** Ids of annotations that are orphaned now (including those that already were). */
    orphaned: string[];
  }
  | { ok: false; problems: AnchorProblem[] };

/**
 * Places a sidecar's annotations on the article text (code points).
 * When the sidecar's sha256 and length match the text, every annotation that is not orphaned
 * must have its quote at its offsets, or the sidecar is refused (it was edited wrongly).
 * When they do not match (the text changed since the sidecar was written), annotations whose
 * quote is still at their offsets are kept as they are and all others become orphaned: nothing
 * is dropped. Prefix and suffix are refreshed from the text for every placed annotation.
 */
export function anchorToText(text: string, sidecar: Sidecar): AnchorResult {
  const index = new OffsetIndex(text);
  const length = index.codePointLength;
  const textChanged = sidecar.text.sha256 !== textSha256(text)
    || (sidecar.text.length !== undefined && sidecar.text.length !== length);
  const problems: AnchorProblem[] = [];
  const orphaned: string[] = [];
  const annotations = sidecar.annotations.map((source, i) => {
    const a: Annotation = { ...source };
    const inRange = a.start <= a.end && a.end <= length;
    if (isOrphaned(a)) {
      // an orphan whose quote stands again right at its point is back on its text
      const n = codePointLength(a.quote);
      const at = orphanPoint(index, a.start);
      if (n > 0 && at + n <= length && index.slice(at, at + n) === a.quote) {
        delete a.anchored;
        Object.assign(a, { start: at, end: at + n }, quoteSelector(index, at, at + n));
        return a;
      }
      a.start = at;
      a.end = at;
      orphaned.push(a.id);
      return a;
    }
    const quoteHere = inRange && index.slice(a.start, a.end) === a.quote;
    const splits = quoteHere ? [a.start, a.end].find((at) => splitsCrLf(text, index.toUtf16(at))) : undefined;
    if (splits !== undefined) {
      problems.push({ message: `offset ${splits} falls between CR and LF`, path: ['annotations', i, splits === a.start ? 'start' : 'end'] });
      return a;
    }
    if (quoteHere) {
      Object.assign(a, quoteSelector(index, a.start, a.end));
      return a;
    }
    if (!textChanged) {
      problems.push(inRange
        ? { message: `quote ${JSON.stringify(a.quote)} does not match the text at ${a.start}..${a.end} (${JSON.stringify(index.slice(a.start, a.end))})`, path: ['annotations', i, 'quote'] }
        : { message: `end ${a.end} is beyond the end of the text (${length} code points)`, path: ['annotations', i, 'end'] });
      return a;
    }
    a.anchored = 'orphaned';
    a.start = orphanPoint(index, a.start);
    a.end = a.start;
    orphaned.push(a.id);
    return a;
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, annotations, textChanged, orphaned };
}
