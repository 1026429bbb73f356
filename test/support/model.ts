// Small builders for tests of the core model.
import { strict as assert } from 'node:assert';
import type { Annotation } from '../../src/core/model/annotation';
import { AnnotationSet } from '../../src/core/model/annotationSet';
import { OffsetIndex } from '../../src/core/text/offsets';
import type { SidecarStorage, WriteOutcome } from '../../src/core/session/sidecarSession';

/** Provenance used by tests. */
export const TEST_PROVENANCE = { author: 'tester', now: '2026-11-29T12:00:00.000Z' };

/** An annotation on the nth occurrence of `needle` in `text` (offsets in code points). */
export function annotate(text: string, needle: string, nth = 0, label: Annotation['label'] = 'claim'): Annotation {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" is not in the text`);
  const cps = (u: number) => [...text.slice(0, u)].length;
  return new AnnotationSet(text).add(label, cps(at), cps(at + needle.length), TEST_PROVENANCE);
}

/** Code-point span [start, end) of the first occurrence of `needle` in `text` at or after UTF-16 offset `from`. */
export function cpSpan(text: string, needle: string, from = 0): [number, number] {
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `"${needle}" is not in the text`);
  const index = new OffsetIndex(text);
  return [index.toCodePoint(at), index.toCodePoint(at + needle.length)];
}

/** Code points [start, end) of `text`, as Python's text[start:end]. */
export function cpSlice(text: string, start: number, end: number): string {
  return [...text].slice(start, end).join('');
}

/**
 * A sidecar file in memory with the storage's compare-and-swap (writes only if it holds what
 * the write expects); counts writes, and fails them while `fail` is set.
 */
export class MemoryStorage implements SidecarStorage {
  writes = 0;
  fail = false;
  constructor(public content?: string) {}
  async read(): Promise<string | undefined> { return this.content; }
  async write(content: string, expected: string | undefined): Promise<WriteOutcome> {
    if (this.fail) throw new Error('EACCES: permission denied');
    if (expected !== this.content) return { written: false, current: this.content };
    this.writes++;
    this.content = content;
    return { written: true };
  }
}

/** UTF-16 offset of code point `cp` in `text`. */
export function u16(text: string, cp: number): number {
  return [...text].slice(0, cp).join('').length;
}
