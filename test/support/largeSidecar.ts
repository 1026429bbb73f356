// A large, realistic article and sidecar for the race and kill tests: Arabic newswire
// (ANERcorp test split, test/fixtures/anercorp, CC BY-SA 4.0, see its NOTICE.md) with one
// annotation on every few words.
import { readFileSync } from 'node:fs';
import { AnnotationSet } from '../../src/core/model/annotationSet';
import { emptySidecar, serializeSidecar } from '../../src/core/format/sidecar';
import { textSha256 } from '../../src/core/text/textHash';
import type { Annotation, Label } from '../../src/core/model/annotation';
import { fixturePath } from './fixtures';

/** The ANERcorp test split as running text: one sentence per line, tokens joined by spaces. */
export function anercorpText(): string {
  const lines = readFileSync(fixturePath('anercorp', 'ANERCorp_CamelLab_test.txt'), 'utf8').split('\n');
  const sentences: string[] = [];
  let words: string[] = [];
  for (const line of lines) {
    const token = line.trim().split(' ')[0];
    if (!token) {
      if (words.length > 0) sentences.push(words.join(' '));
      words = [];
    } else {
      words.push(token);
    }
  }
  if (words.length > 0) sentences.push(words.join(' '));
  return `${sentences.join('\n')}\n`;
}

/**
 * An article (ANERcorp) and its sidecar with `count` annotations (one word each, labels in turn), ids fixed by the
 * order.
 */
export function largeSidecar(count = 5000): { text: string; source: string; annotations: Annotation[] } {
  const text = anercorpText();
  const set = new AnnotationSet(text);
  const labels: Label[] = ['actor', 'claim'];
  const words = [...text.matchAll(/\S+/gu)];
  const step = Math.floor(words.length / count);
  if (step < 1) throw new Error(`the article has ${words.length} words, fewer than ${count}`);
  const index = set.index;
  for (let i = 0; i < count; i++) {
    const w = words[i * step];
    const start = index.toCodePoint(w.index!);
    set.add(labels[i % labels.length], start, start + [...w[0]].length, {
      author: 'tester',
      now: '2026-11-29T12:00:00.000Z',
    });
  }
  const sidecar = emptySidecar('article.txt');
  sidecar.text.length = index.codePointLength;
  sidecar.text.sha256 = textSha256(text);
  sidecar.published = { date: '2026-11-29' };
  sidecar.annotations = set.annotations;
  return { text, source: serializeSidecar(sidecar), annotations: sidecar.annotations };
}
