// Issue 12's input: 1 MB of Arabic newswire (the ANERcorp test split, CC BY-SA 4.0, repeated) with
// 10,000 annotations, and the same as a sidecar. Shared by the I/O, core, view and browser benchmarks.
import { AnnotationSet } from '../src/core/model/annotationSet';
import { emptySidecar, serializeSidecar } from '../src/core/format/sidecar';
import { textSha256 } from '../src/core/text/textHash';
import type { Annotation, Label } from '../src/core/model/annotation';
import { anercorpText } from '../test/support/largeSidecar';

/** At least `bytes` bytes of UTF-8 text: ANERcorp's sentences, one per line, repeated. */
export function megabyteText(bytes = 1_000_000): string {
  const base = anercorpText();
  const size = Buffer.byteLength(base, 'utf8');
  return base.repeat(Math.ceil(bytes / size));
}

/**
 * The 1 MB article and a sidecar of `count` annotations spread evenly over its words (labels actor,
 * claim, date in turn; every claim spans five words), offsets in code points, ids fixed by the order.
 */
export function megabyte(count = 10_000, bytes = 1_000_000): {
  text: string; sidecar: string; annotations: Annotation[];
} {
  const text = megabyteText(bytes);
  const set = new AnnotationSet(text);
  const labels: Label[] = ['actor', 'claim', 'date'];
  const words = [...text.matchAll(/\S+/gu)];
  const step = Math.floor(words.length / count);
  if (step < 6) throw new Error(`the text has ${words.length} words, too few for ${count} annotations`);
  const index = set.index;
  for (let i = 0; i < count; i++) {
    const label = labels[i % labels.length];
    const first = words[i * step];
    const last = label === 'claim' ? words[i * step + 4] : first;
    const start = index.toCodePoint(first.index!);
    const end = index.toCodePoint(last.index! + last[0].length);
    set.add(label, start, end, { author: 'bench', now: '2026-12-03T12:00:00.000Z' });
  }
  const sidecar = emptySidecar('article.txt');
  sidecar.text.length = index.codePointLength;
  sidecar.text.sha256 = textSha256(text);
  sidecar.published = { date: '2026-12-03' };
  sidecar.annotations = set.annotations;
  return { text, sidecar: serializeSidecar(sidecar), annotations: sidecar.annotations };
}
