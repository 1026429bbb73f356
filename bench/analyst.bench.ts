// The analyst workflow under load (issue 4): suggestions on a long article, their review list
// moving with typing, the registry search and the tree's grouping. Run: npm run bench.
import * as fs from 'node:fs';
import { AnnotationSet } from '../src/core/model/annotationSet';
import { findOccurrences } from '../src/core/text/arabicSearch';
import { type Mention, outlineEntities } from '../src/core/entities/entities';
import { type Registry, createEntity, parseRegistry, searchEntities, serializeRegistry } from '../src/core/entities/entityRegistry';
import { moveSuggestions, pending } from '../src/core/suggest/pendingSuggestions';
import { suggest } from '../src/core/suggest/suggest';

const NOW = { now: '2026-11-29T12:00:00.000Z' };

function timed<T>(name: string, f: () => T, describe: (r: T) => string): T {
  const t = process.hrtime.bigint();
  const result = f();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  console.log(`${name.padEnd(78)} ${ms.toFixed(1).padStart(8)} ms  ${describe(result)}`);
  return result;
}

// the sample article repeated to about 1 MB (2,000 paragraphs of real Arabic news)
const sample = fs.readFileSync('samples/lavrov-kerry.txt', 'utf8');
const long = Array.from({ length: 420 }, () => sample).join('\n\n');
console.log(`\nthe analyst workflow under load (${(long.length / 1e6).toFixed(1)} M UTF-16 units of Arabic news)\n`);

const found = timed('suggest: dates, actors and claims with speakers', () => suggest(long, { published: '2015-12-16', knownActors: ['سيرغي لافروف', 'جون كيري', 'مجلس الأمن'] }),
  (r) => `${r.length} suggestions`);
const set = new AnnotationSet(long);
for (let i = 0; i < found.length; i += 5) {
  const s = found[i];
  if (!set.overlapping(s.start, s.end).some((a) => a.label === s.label)) set.add(s.label, s.start, s.end, NOW);
}
const list = timed(`pending: leave out those already annotated (${set.size} annotations)`, () => pending(found, set.annotations), (r) => `${r.length} under review`);
timed('one keystroke at the start moves every suggestion', () => moveSuggestions(list, [{ start: 0, end: 0, text: 'و' }]), (r) => `${r.length} moved`);
timed('annotate all occurrences: find "لافروف" in the whole text', () => findOccurrences(long, 'لافروف'), (r) => `${r.length} occurrences`);

let registry: Registry = { entities: [] };
for (let i = 0; i < 5000; i++) {
  registry = createEntity(registry, { name: `${['سيرغي', 'جون', 'بشار', 'فلاديمير', 'محمد'][i % 5]} ${i} لافروف${i}`, kind: 'person', aliases: [`الوزير ${i}`] }).registry;
}
const source = timed('registry: write 5,000 entities', () => serializeRegistry(registry), (r) => `${(r.length / 1024).toFixed(0)} KiB`);
timed('registry: read and check 5,000 entities', () => parseRegistry(source), (r) => (r.ok ? 'valid' : 'invalid'));
timed('registry: search as the analyst types ("ولافروف12")', () => searchEntities(registry, 'ولافروف12'), (r) => `${r.length} matches`);

const mentions: Mention[] = [];
for (let a = 0; a < 40; a++) for (const annotation of set.annotations) mentions.push({ annotation, article: `file:///a${a}.txt` });
timed(`tree: group ${mentions.length} mentions (claims by speaker, actors by entity)`, () => outlineEntities(mentions), (r) => `${r.actors.length} entities, ${r.claimsBySpeaker.length} speakers`);
const used = process.memoryUsage();
console.log(`\nmemory: heap ${(used.heapUsed / 1024 / 1024).toFixed(0)} MiB, rss ${(used.rss / 1024 / 1024).toFixed(0)} MiB`);
