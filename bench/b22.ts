import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { Annotation } from '../src/core/model/annotation';
import { emptySidecar, serializeSidecar } from '../src/core/format/sidecar';
import { textSha256 } from '../src/core/text/textHash';
import { repoRoot } from '../test/support/fixtures';

/** Case B22 (2000 lines, 2000 actor annotations) as an article text and a Hashiya sidecar. */
export function b22(): { text: string; sidecar: string; annotations: Annotation[] } {
  const dir = path.join(repoRoot(), 'test', 'fixtures', 'cases', 'B22');
  const text = new TextDecoder().decode(readFileSync(path.join(dir, 'input.txt')));
  const expected = parse(readFileSync(path.join(dir, 'expected.yaml'), 'utf8')) as { annotations: { id: string; type: 'actor'; start: number; end: number; text: string }[] };
  const sidecar = emptySidecar('input.txt');
  sidecar.text.length = [...text].length;
  sidecar.text.sha256 = textSha256(text);
  sidecar.annotations = expected.annotations.map((e) => ({ id: e.id, label: e.type, start: e.start, end: e.end, quote: e.text, prefix: '', suffix: '' }));
  return { text, sidecar: serializeSidecar(sidecar), annotations: sidecar.annotations };
}
