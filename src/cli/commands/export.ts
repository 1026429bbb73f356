/**
 * `hashiya export --format <f> <article|sidecar|folder>... [--out DIR]`: the annotations of the
 * articles named (folders: every article with a sidecar below them) in one of the exchange
 * formats of core/exchange (docs/exchange-formats.md), written into DIR (default: the current
 * folder). Sidecars are only read.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseSidecar } from '../../core/format/sidecar';
import { type ExchangeDoc } from '../../core/exchange/exchange';
import { type ExportFormat, type ExportOptions, exportDocs } from '../../core/exchange/formats';
import { decodeUtf8 } from '../../core/text/textDecoding';
import { readSidecarBytes, writeFileAtomic } from '../../node/nodeFiles';
import { schemaOf } from '../schemaFiles';
import { type Pair, readArticle, rel, unreadable } from '../pairs';
import { registryOf } from './suggest';
import * as l10n from '@vscode/l10n';

/** The exchange document of one pair, or why it cannot be exported (a sentence). */
export async function exchangeDocOf(pair: Pair):
Promise<{ ok: true; doc: ExchangeDoc } | { ok: false; message: string }> {
  const article = readArticle(pair.article);
  if (!article.ok) return { ok: false, message: article.message };
  const lookup = await schemaOf(pair.article);
  if (!lookup.ok) {
    return { ok: false, message: l10n.t('its project schema {0} has problems (hashiya check lists them)', rel(lookup.file)) };
  }
  const read = await readSidecarBytes(pair.sidecar);
  let annotations: ExchangeDoc['annotations'] = [];
  if (read.kind === 'bytes') {
    const decoded = decodeUtf8(read.bytes);
    if (!decoded.ok) return { ok: false, message: l10n.t('the sidecar is {0}', decoded.message) };
    const parsed = parseSidecar(decoded.text, lookup.schema);
    if (!parsed.ok) return { ok: false, message: l10n.t('the sidecar is not valid (hashiya check lists its problems)') };
    annotations = parsed.sidecar.annotations;
  } else if (read.kind !== 'none') {
    return { ok: false, message: unreadable(read) ?? l10n.t('the sidecar cannot be read') };
  }
  return {
    ok: true,
    doc: {
      article: rel(pair.article),
      text: article.text,
      annotations,
      schema: lookup.schema,
      registry: await registryOf(pair.article),
      source: pathToFileURL(path.resolve(pair.article)).href,
    },
  };
}

/** `hashiya export`: returns the exit code (1 when an article could not be exported; the others are). */
export async function exportCommand(
  pairs: Pair[],
  format: ExportFormat,
  outDir: string,
  options: ExportOptions,
  out: (line: string) => void,
): Promise<number> {
  let failed = 0;
  const docs: ExchangeDoc[] = [];
  for (const pair of pairs) {
    const made = await exchangeDocOf(pair);
    if (made.ok) docs.push(made.doc);
    else {
      out(`${rel(pair.sidecar)}:1:1: ${l10n.t('{0}; {1} not exported', made.message, rel(pair.article))}`);
      failed++;
    }
  }
  const files = exportDocs(format, docs, options);
  mkdirSync(outDir, { recursive: true });
  for (const file of files) {
    const target = path.join(outDir, file.name);
    writeFileAtomic(target, file.content);
    out(l10n.t('wrote {0}', rel(path.resolve(target))));
  }
  const spans = docs.reduce((n, d) => n + d.annotations.filter((a) => a.anchored !== 'orphaned').length, 0);
  out(docs.length === 1 ? l10n.t('exported 1 article ({0} annotations) as {1}', spans, format)
    : l10n.t('exported {0} articles ({1} annotations) as {2}', docs.length, spans, format));
  return failed > 0 ? 1 : 0;
}
