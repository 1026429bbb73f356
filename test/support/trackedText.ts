// Ground truth for re-anchoring tests: a text edited code point by code point, where every code
// point of the current text knows where it came from in the original text (its old code-point
// offset), or, when it was inserted, between which old code points it was inserted.
import { foldText } from '../../src/core/text/matchText';

/** Where one code point of the current text came from. */
export interface Origin {
  /** Old code-point offset, or -1 when the code point was inserted (a copy counts as inserted). */
  from: number;
  /**
   * Inserted code points only: the old offsets of the nearest original code points to the left
   * and right when it was inserted (-1 / old length at the text's ends); a gap wider than one
   * means it replaced what was deleted there.
   */
  left: number;
  right: number;
}

/** True when the code point disappears in folding (harakat, tatweel, ZWJ/ZWNJ, combining marks) or is a CR. */
export function foldsToNothing(cp: string): boolean {
  return cp === '\r' || foldText(cp).text.length === 0;
}

/** A letter or digit (what "the words" of a span are made of). */
export function isWordChar(cp: string): boolean {
  return /^[\p{L}\p{N}]$/u.test(cp);
}

/** Folding for comparing texts in tests: the core's folding, CR LF and lone CR as LF. */
export function foldForCompare(text: string): string {
  return foldText(text.replace(/\r\n?/g, '\n')).text;
}

export class TrackedText {
  cps: string[];
  origin: Origin[];
  readonly oldLength: number;

  constructor(readonly old: string) {
    this.cps = [...old];
    this.oldLength = this.cps.length;
    this.origin = this.cps.map((_, i) => ({ from: i, left: i, right: i }));
  }

  get text(): string {
    return this.cps.join('');
  }

  private gapAt(at: number): [number, number] {
    let left = -1;
    if (at > 0) {
      const o = this.origin[at - 1];
      left = o.from >= 0 ? o.from : o.left;
    }
    let right = this.oldLength;
    if (at < this.cps.length) {
      const o = this.origin[at];
      right = o.from >= 0 ? o.from : o.right;
    }
    return [left, right];
  }

  /** What the last deletion removed, and where: text inserted right there replaces it. */
  private lastDeleted: { at: number; lo: number; hi: number } | undefined;

  /**
   * Inserts `text` (new code points) before current code-point offset `at`. Right where code
   * points were just deleted, it replaces them: its gap then spans their old offsets (a letter
   * replaced inside a decomposed character is inside that character's span).
   */
  insert(at: number, text: string): void {
    let [left, right] = this.gapAt(at);
    const d = this.lastDeleted;
    if (d && d.at === at && d.lo <= d.hi) {
      left = Math.min(left, d.lo - 1);
      right = Math.max(right, d.hi + 1);
    }
    this.lastDeleted = undefined;
    const add = [...text];
    this.cps.splice(at, 0, ...add);
    this.origin.splice(at, 0, ...add.map(() => ({ from: -1, left, right })));
  }

  /** Deletes current code points [from, to). */
  delete(from: number, to: number): void {
    // what is inserted later at this place replaces what was here: widen the gaps of neighbours
    const [left] = this.gapAt(from);
    const [, right] = this.gapAt(to);
    const gone = this.origin
      .slice(from, to)
      .map((o) => o.from)
      .filter((o) => o >= 0);
    this.lastDeleted = { at: from, lo: Math.min(...gone, Infinity), hi: Math.max(...gone, -Infinity) };
    this.cps.splice(from, to - from);
    this.origin.splice(from, to - from);
    for (let i = from - 1; i >= 0 && this.origin[i].from < 0; i--)
      this.origin[i].right = Math.max(this.origin[i].right, right);
    for (let i = from; i < this.cps.length && this.origin[i].from < 0; i++)
      this.origin[i].left = Math.min(this.origin[i].left, left);
  }

  /** Moves current code points [from, to) to before offset `dest` (outside [from, to)); they keep their origin. */
  move(from: number, to: number, dest: number): void {
    this.lastDeleted = undefined;
    const cps = this.cps.splice(from, to - from);
    const origin = this.origin.splice(from, to - from);
    const at = dest > from ? dest - (to - from) : dest;
    this.cps.splice(at, 0, ...cps);
    this.origin.splice(at, 0, ...origin);
  }

  /**
   * Rewrites the text run by run (`runs` splits it, `f` gives the new run): code points of the
   * new run that also occur in the old run take that one's origin, the others the origin of the
   * run's first code point (normalisation keeps or composes letters, marks go with their base).
   */
  rewriteRuns(runs: RegExp, f: (run: string) => string): void {
    this.lastDeleted = undefined;
    const text = this.text;
    const cps: string[] = [];
    const origin: Origin[] = [];
    let at = 0;
    for (const m of text.matchAll(runs)) {
      const run = [...m[0]];
      const src = this.origin.slice(at, at + run.length);
      const out = [...f(m[0])];
      const used = new Set<number>();
      for (const cp of out) {
        let k = run.findIndex((c, i) => c === cp && !used.has(i));
        if (k >= 0) used.add(k);
        else k = 0;
        cps.push(cp);
        origin.push(src.length > 0 ? { ...src[k] } : { from: -1, left: -1, right: this.oldLength });
      }
      at += run.length;
    }
    if (at !== this.cps.length) throw new Error('runs do not cover the text');
    this.cps = cps;
    this.origin = origin;
  }

  /** Current code-point offsets whose code point came from old offsets [start, end). */
  survivors(start: number, end: number): number[] {
    const out: number[] = [];
    this.origin.forEach((o, i) => {
      if (o.from >= start && o.from < end) out.push(i);
    });
    return out;
  }

  /**
   * True when the inserted code point at `i` was inserted inside old span [start, end) (between two of its code points,
   * or in place of some of them).
   */
  insertedInside(i: number, start: number, end: number): boolean {
    const o = this.origin[i];
    if (o.from >= 0) return false;
    if (o.left >= start && o.left < end && o.right >= start && o.right < end) return true;
    return Math.max(o.left + 1, start) <= Math.min(o.right - 1, end - 1);
  }

  /** True when current code point `i` belongs to old span [start, end): it came from it or was inserted inside it. */
  belongs(i: number, start: number, end: number): boolean {
    const o = this.origin[i];
    return o.from >= 0 ? o.from >= start && o.from < end : this.insertedInside(i, start, end);
  }
}

/** What became of one annotation, by ground truth. */
export type Verdict = 'right' | 'wrong' | 'orphaned-present' | 'orphaned';

/**
 * Classifies a re-anchored annotation against the ground truth of `tracked`.
 *
 * RIGHT: the placed span [s, e) (current code points) is not empty; every code point in it came
 * from the old span [start, end) or was inserted inside it (between two of its code points or in
 * place of deleted ones), except code points that fold to nothing (harakat, tatweel, CR), which
 * may stand anywhere, and white space between two code points of the span (a line break moved
 * in); and it covers every surviving letter or digit of the old span (tatweel aside). Anything
 * else placed is WRONG (another occurrence, a neighbouring word taken in, only part of the span).
 *
 * PRESENT (for orphans): the code points that belong to the old span (came from it or were
 * inserted inside it) form one region, with nothing else in it but code points that fold to
 * nothing, whose folded text (matchText folding, CR LF as LF) equals the folded old quote, and
 * which begins (ends) at a word edge where the old span did: the same words are still there,
 * contiguous, not glued to a letter typed beside them. An orphan whose words are present is
 * ORPHANED-PRESENT, otherwise ORPHANED (correctly).
 */
export function classify(
  tracked: TrackedText,
  start: number,
  end: number,
  quote: string,
  placed: { start: number; end: number } | undefined,
): Verdict {
  if (placed) {
    if (placed.start >= placed.end) return 'wrong';
    const inside: number[] = [];
    for (let i = placed.start; i < placed.end; i++) if (tracked.belongs(i, start, end)) inside.push(i);
    for (let i = placed.start; i < placed.end; i++) {
      if (tracked.belongs(i, start, end) || foldsToNothing(tracked.cps[i])) continue;
      const between =
        /^\s$/u.test(tracked.cps[i]) && inside.length > 0 && inside[0] < i && inside[inside.length - 1] > i;
      if (!between) return 'wrong';
    }
    for (const i of tracked.survivors(start, end)) {
      if (isWordChar(tracked.cps[i]) && !foldsToNothing(tracked.cps[i]) && (i < placed.start || i >= placed.end))
        return 'wrong';
    }
    return 'right';
  }
  return isPresent(tracked, start, end, quote) ? 'orphaned-present' : 'orphaned';
}

/** See {@link classify}: the words of old span [start, end) are still there, contiguous. */
export function isPresent(tracked: TrackedText, start: number, end: number, quote: string): boolean {
  let first = -1;
  let last = -1;
  tracked.cps.forEach((_, i) => {
    if (tracked.belongs(i, start, end)) {
      if (first < 0) first = i;
      last = i;
    }
  });
  if (first < 0) return false;
  for (let i = first; i <= last; i++) {
    if (!tracked.belongs(i, start, end) && !foldsToNothing(tracked.cps[i])) return false;
  }
  // a word edge stays a word edge: the nearest code points outside that do not fold away
  const oldCps = [...tracked.old];
  const letter = (cp: string | undefined) => cp !== undefined && isWordChar(cp) && !foldsToNothing(cp);
  const outside = (cps: string[], from: number, step: number) => {
    for (let i = from; i >= 0 && i < cps.length; i += step) if (!foldsToNothing(cps[i])) return cps[i];
    return undefined;
  };
  if (!letter(outside(oldCps, start - 1, -1)) && letter(outside(tracked.cps, first - 1, -1))) return false;
  if (!letter(outside(oldCps, end, 1)) && letter(outside(tracked.cps, last + 1, 1))) return false;
  return foldForCompare(tracked.cps.slice(first, last + 1).join('')) === foldForCompare(quote);
}
