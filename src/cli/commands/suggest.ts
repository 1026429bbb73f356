/**
 * `hashiya suggest`: prints suggested dates, actors and claims of articles (code points), with the
 * names of their sidecars and of the workspace's entity registry; writes nothing.
 */
import * as path from 'node:path';
import { type Annotation } from '../../core/model/annotation';
import { labelDef } from '../../core/model/projectSchema';
import { coveredBy } from '../../core/suggest/pendingSuggestions';
import { parseSidecar } from '../../core/format/sidecar';
import { REGISTRY_PATH, type Registry, parseRegistry } from '../../core/entities/entityRegistry';
import { type Suggestion, suggest } from '../../core/suggest/suggest';
import { decodeUtf8 } from '../../core/text/textDecoding';
import { readSidecarBytes, sidecarPresent } from '../../node/nodeFiles';
import { schemaOf } from '../schemaFiles';
import { type Pair, readArticle, rel } from '../pairs';
import * as l10n from '@vscode/l10n';

/** `hashiya suggest`: returns the exit code. */
export async function suggestCommand(
  pairs: Pair[],
  published: string | undefined,
  json: boolean,
  out: (line: string) => void,
): Promise<number> {
  let failed = 0;
  const all: { article: string; suggestions: Suggestion[] }[] = [];
  for (const pair of pairs) {
    const article = readArticle(pair.article);
    if (!article.ok) {
      out(`${rel(pair.article)}:1:1: ${article.message}`);
      failed++;
      continue;
    }
    let reference = published;
    let known: string[] = [];
    let annotated: Annotation[] = [];
    // its sidecar, also while another writer has it moved away for its swap; one that cannot be
    // read or parsed adds nothing (check reports it)
    const read = await readSidecarBytes(pair.sidecar);
    if (read.kind === 'bytes') {
      const decoded = decodeUtf8(read.bytes);
      const lookup = await schemaOf(pair.article);
      const parsed = decoded.ok && lookup.ok ? parseSidecar(decoded.text, lookup.schema) : undefined;
      if (parsed?.ok) {
        reference ??= parsed.sidecar.published?.date;
        known = parsed.sidecar.annotations.filter((a) => a.label === 'actor').map((a) => a.quote);
        annotated = parsed.sidecar.annotations;
      }
    }
    // the names and aliases of the workspace's entity registry, as the extension uses them
    const registry = await registryOf(pair.article);
    if (registry) known.push(...registry.entities.flatMap((e) => [e.name, ...e.aliases]));
    // as in the extension, spans already annotated with that label are not suggested again
    const covered = coveredBy(annotated);
    // only labels the project schema has are suggested; a schema with problems: none
    const lookup = await schemaOf(pair.article);
    if (!lookup.ok) {
      out(
        `${rel(pair.article)}:1:1: ${l10n.t(
          'not suggested: its project schema {0} has problems (hashiya check lists them)',
          rel(lookup.file),
        )}`,
      );
      failed++;
      continue;
    }
    const schema = lookup.schema;
    const suggestions = suggest(article.text, { published: reference, knownActors: known }).filter(
      (s) => !covered(s) && labelDef(schema, s.label),
    );
    all.push({ article: rel(pair.article), suggestions });
    if (json) continue;
    for (const s of suggestions) {
      const speaker = s.speaker
        ? `speaker=${JSON.stringify(s.speaker.quote)} ${s.speaker.start}..${s.speaker.end}`
        : '';
      const extra = [s.value ? `value=${s.value}` : '', speaker].filter(Boolean).join(' ');
      const where = `${s.start}..${s.end}`;
      out(`${rel(pair.article)}: ${s.label.padEnd(5)} ${where} ${JSON.stringify(s.quote)}${extra ? ` ${extra}` : ''}`);
    }
    const [dates, actors, claims] = ['date', 'actor', 'claim'].map(
      (l) => suggestions.filter((s) => s.label === l).length,
    );
    const byLabel = l10n.t('{0} date, {1} actor, {2} claim', dates, actors, claims);
    const n = suggestions.length;
    let found = n === 1 ? l10n.t('{0} suggestion ({1})', n, byLabel) : l10n.t('{0} suggestions ({1})', n, byLabel);
    if (reference) found = l10n.t('{0}, dates resolved against {1}', found, reference);
    const nothing =
      annotated.length > 0 ? l10n.t('nothing written (spans already annotated left out)') : l10n.t('nothing written');
    out(`${rel(pair.article)}: ${found}${l10n.t('; ')}${nothing}`);
  }
  // JSON escapes line breaks inside strings: its own line breaks are the only ones
  if (json) {
    for (const line of JSON.stringify(all.length === 1 ? all[0].suggestions : all, null, 2).split('\n')) out(line);
  }
  return failed > 0 ? 1 : 0;
}

/**
 * The entity registry of the workspace an article is in: the nearest `.hashiya/entities.yaml` in
 * its folder or a folder above it (also while another writer has it moved away for its swap);
 * undefined when there is none or it does not parse.
 */
export async function registryOf(article: string): Promise<Registry | undefined> {
  for (let dir = path.dirname(path.resolve(article)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, REGISTRY_PATH);
    if (sidecarPresent(file)) {
      const read = await readSidecarBytes(file);
      if (read.kind !== 'none') {
        const decoded = read.kind === 'bytes' ? decodeUtf8(read.bytes) : undefined;
        const parsed = decoded?.ok ? parseRegistry(decoded.text) : undefined;
        return parsed?.ok ? parsed.registry : undefined;
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
