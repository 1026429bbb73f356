// Issue 12's workspace: 1,000 articles of 3–8 kB (cut from the ANERcorp test split, CC BY-SA 4.0)
// with 50 annotations each, a third of them actors linked to the entities of a 5,000-entity
// registry (.hashiya/entities.yaml). Used by bench/workspace.bench.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AnnotationSet } from '../src/core/model/annotationSet';
import { emptySidecar, serializeSidecar } from '../src/core/format/sidecar';
import { textSha256 } from '../src/core/text/textHash';
import { type Entity, ENTITY_KINDS, REGISTRY_PATH, serializeRegistry } from '../src/core/entities/entityRegistry';
import type { Label } from '../src/core/model/annotation';
import { anercorpText } from '../test/support/largeSidecar';

/** What {@link writeWorkspace} wrote. */
export interface WorkspaceLayout {
  /** Article paths relative to the root ('/' separators), in order. */
  articles: string[];
  /** The sidecar of each article, relative to the root. */
  sidecars: string[];
  /** The registry file, relative to the root. */
  registry: string;
  /** Bytes of article text written. */
  textBytes: number;
}

/** The id of entity `i` of the registry. */
export const entityId = (i: number): string => `e${String(i).padStart(5, '0')}`;

/** A registry of `count` entities named after ANERcorp's words (two words each, so names differ). */
export function registryOf(count: number, words: readonly string[]): Entity[] {
  const out: Entity[] = [];
  for (let i = 0; i < count; i++) {
    const first = words[i % words.length]!;
    const second = words[(i * 7 + 3) % words.length]!;
    out.push({
      id: entityId(i),
      name: `${first} ${second} ${i}`,
      kind: ENTITY_KINDS[i % ENTITY_KINDS.length]!,
      aliases: i % 3 === 0 ? [first] : [],
      ...(i % 10 === 0 ? { externalId: `wikidata:Q${1000 + i}` } : {}),
    });
  }
  return out;
}

/**
 * Writes issue 12's workspace into `root`: `count` articles (each 3–8 kB of ANERcorp sentences,
 * sizes spread evenly, different cuts of the text) 100 to a folder (`batch-00`, ...), each with a
 * sidecar of `annotations` annotations (actor, claim, date in turn; every other actor linked to
 * an entity of the registry; every claim's speaker the actor before it), and a registry of
 * `entities` entities.
 */
export function writeWorkspace(root: string, count = 1000, annotations = 50, entities = 5000): WorkspaceLayout {
  const text = anercorpText();
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const words = [...new Set(text.split(/\s+/u).filter((w) => /\p{L}{3,}/u.test(w)))];
  const layout: WorkspaceLayout = { articles: [], sidecars: [], registry: REGISTRY_PATH, textBytes: 0 };
  const labels: Label[] = ['actor', 'claim', 'date'];
  let line = 0;
  for (let i = 0; i < count; i++) {
    const target = 3000 + Math.floor(((i * 7919) % count) / count * 5000);
    let article = '';
    while (Buffer.byteLength(article, 'utf8') < target) article += `${lines[line++ % lines.length]}\n`;
    // never over 8 kB: the last sentence may be cut at a word
    while (Buffer.byteLength(article, 'utf8') > 8000) article = `${article.slice(0, article.lastIndexOf(' '))}\n`;
    const set = new AnnotationSet(article);
    const found = [...article.matchAll(/\S*\p{L}\S*/gu)];
    const step = Math.floor(found.length / annotations);
    if (step < 5) throw new Error(`article ${i} has ${found.length} words, too few for ${annotations} annotations`);
    const index = set.index;
    let lastActor: string | undefined;
    for (let k = 0; k < annotations; k++) {
      const label = labels[k % labels.length]!;
      const first = found[k * step]!;
      const last = label === 'claim' ? found[k * step + 4]! : first;
      const start = index.toCodePoint(first.index!);
      const end = index.toCodePoint(last.index! + last[0].length);
      const linked = label === 'actor' && k % 2 === 0 ? { entity: entityId((i * 31 + k) % entities) } : {};
      const speaker = label === 'claim' && lastActor ? { speaker: lastActor } : {};
      const made = set.add(label, start, end, { author: i % 2 ? 'bench-a' : 'bench-b', now: '2026-12-03T12:00:00.000Z' },
        { ...linked, ...speaker });
      if (label === 'actor') lastActor = made.id;
    }
    const folder = `batch-${String(Math.floor(i / 100)).padStart(2, '0')}`;
    const name = `article-${String(i).padStart(4, '0')}.txt`;
    const sidecar = emptySidecar(name);
    sidecar.text.length = index.codePointLength;
    sidecar.text.sha256 = textSha256(article);
    sidecar.published = { date: '2026-12-03' };
    sidecar.annotations = set.annotations;
    mkdirSync(path.join(root, folder), { recursive: true });
    writeFileSync(path.join(root, folder, name), article);
    writeFileSync(path.join(root, folder, `${name}.annotations.yaml`), serializeSidecar(sidecar));
    layout.articles.push(`${folder}/${name}`);
    layout.sidecars.push(`${folder}/${name}.annotations.yaml`);
    layout.textBytes += Buffer.byteLength(article, 'utf8');
  }
  mkdirSync(path.join(root, path.dirname(REGISTRY_PATH)), { recursive: true });
  writeFileSync(path.join(root, REGISTRY_PATH), serializeRegistry({ entities: registryOf(entities, words) }));
  return layout;
}
