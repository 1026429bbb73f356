/**
 * The reports of agreement (`hashiya agree` in cli/commands/agree.ts, "Show Agreement" in VS Code):
 * a table for people, JSON (`--json`) and CSV rows per article (`--csv`). The JSON shape and the
 * CSV columns are documented in docs/agreement.md.
 */
import type { Agreement, ValueAgreement } from './agreement';
import * as l10n from '@vscode/l10n';

/** A `--min-f1` threshold: the pair's exact F1 of `label` must be at least `min`. */
export interface Threshold {
  label: string;
  min: number;
}

/** Two annotators' agreement: over all articles they share, per article, and the articles skipped (why). */
export interface PairReport {
  a: string;
  b: string;
  agreement: Agreement;
  articles: { article: string; agreement: Agreement }[];
  skipped: { article: string; reason: string }[];
}

/**
 * True when thresholds were given and the pair compared no article at all (none in common, or
 * every one skipped): a CI gate must not pass on no data.
 */
export function nothingCompared(report: PairReport, thresholds: readonly Threshold[]): boolean {
  return thresholds.length > 0 && report.articles.length === 0;
}

/** True when the pair's exact F1 of the threshold's label is under its minimum (no span on either side: not under). */
export function below(agreement: Agreement, threshold: Threshold): boolean {
  const f = agreement.labels[threshold.label]?.exactF1;
  return f !== null && f !== undefined && f < threshold.min;
}

/** A measure with three decimals; null (undefined: nothing to measure) as "—". */
function num(x: number | null): string {
  return x === null ? '—' : x.toFixed(3);
}

/** How many articles the report lists, hardest first. */
const HARDEST = 5;

/** The report for people: per pair a table of labels, the values of paired spans, the hardest articles. */
export function humanLines(reports: readonly PairReport[], thresholds: readonly Threshold[]): string[] {
  const lines: string[] = [];
  for (const r of reports) {
    const g = r.agreement;
    if (lines.length > 0) lines.push('');
    const counts = [r.a, r.b, g.texts, g.length, r.skipped.length];
    lines.push(g.texts === 1 ? l10n.t('{0} (A) and {1} (B): {2} article in common, {3} code points; {4} skipped', ...counts)
      : l10n.t('{0} (A) and {1} (B): {2} articles in common, {3} code points; {4} skipped', ...counts));
    if (g.texts === 0) {
      if (nothingCompared(r, thresholds)) lines.push(`  ${l10n.t('no article compared: --min-f1 cannot be met on no data')}`);
      continue;
    }
    const rows: string[][] = [[
      l10n.t('label'), l10n.t('spans A'), l10n.t('spans B'), l10n.t('exact F1 (pairs)'), l10n.t('overlap F1 (pairs)'),
      'κ', 'αU',
    ]];
    let [a, b, exact, overlap] = [0, 0, 0, 0];
    for (const [label, x] of Object.entries(g.labels)) {
      rows.push([label, String(x.a), String(x.b), `${num(x.exactF1)} (${x.exactTp})`,
        `${num(x.overlapF1)} (${x.overlapTp})`, num(x.kappa), num(x.alphaU)]);
      [a, b, exact, overlap] = [a + x.a, b + x.b, exact + x.exactTp, overlap + x.overlapTp];
    }
    rows.push([l10n.t('all labels'), String(a), String(b), `${num(g.exactF1)} (${exact})`,
      `${num(g.overlapF1)} (${overlap})`, num(g.kappa), num(g.alphaU)]);
    const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => [...row[c]].length)));
    for (const row of rows) lines.push(`  ${row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()}`);
    const values = (label: string, group: Record<string, ValueAgreement>) => {
      for (const [name, v] of Object.entries(group)) {
        lines.push(`  ${l10n.t('{0} {1}: {2} ({3} of {4} paired spans agree)', label, name, num(v.agreement), v.agree, v.compared)}`);
      }
    };
    for (const [label, x] of Object.entries(g.labels)) {
      values(label, x.relations);
      values(label, x.attributes);
      values(label, x.fields);
    }
    if (nothingCompared(r, thresholds)) {
      lines.push(`  ${l10n.t('no article compared: --min-f1 cannot be met on no data')}`);
    }
    for (const t of thresholds) {
      if (below(g, t)) {
        lines.push(`  ${l10n.t('exact F1 of {0} is {1}, under --min-f1 {2}', t.label, num(g.labels[t.label].exactF1), t.min)}`);
      }
    }
    const hardest = r.articles
      .filter((row) => row.agreement.exactF1 !== null && row.agreement.exactF1 < 1)
      .sort((x, y) => x.agreement.exactF1! - y.agreement.exactF1!
        || (x.agreement.overlapF1 ?? 1) - (y.agreement.overlapF1 ?? 1) || x.article.localeCompare(y.article))
      .slice(0, HARDEST);
    if (hardest.length > 0) {
      lines.push(`  ${l10n.t('hardest articles (exact F1, overlap F1, κ, αU of all labels):')}`);
      for (const row of hardest) {
        const x = row.agreement;
        lines.push(`    ${row.article}  ${num(x.exactF1)}  ${num(x.overlapF1)}  ${num(x.kappa)}  ${num(x.alphaU)}`);
      }
    }
  }
  return lines;
}

/** One Agreement as JSON: the labels, the measures over all labels, and `<relation>Agreement` per relation name. */
function agreementJson(g: Agreement): Record<string, unknown> {
  const json: Record<string, unknown> = {
    articles: g.texts,
    codePoints: g.length,
    labels: g.labels,
    exactF1: g.exactF1,
    overlapF1: g.overlapF1,
    kappa: g.kappa,
    alphaU: g.alphaU,
    relations: g.relations,
  };
  for (const [name, v] of Object.entries(g.relations)) json[`${name}Agreement`] = v.agreement;
  return json;
}

/** The `--json` report, as lines (JSON.stringify with two spaces; its shape: docs/agreement.md). */
export function jsonReport(reports: readonly PairReport[], thresholds: readonly Threshold[]): string[] {
  const pairs = reports.map((r) => ({
    a: r.a,
    b: r.b,
    ...agreementJson(r.agreement),
    below: thresholds.filter((t) => below(r.agreement, t))
      .map((t) => ({ label: t.label, minF1: t.min, exactF1: r.agreement.labels[t.label].exactF1 })),
    skipped: r.skipped,
    perArticle: r.articles.map((row) => ({ article: row.article, ...agreementJson(row.agreement) })),
  }));
  const passed = pairs.every((p) => p.below.length === 0) && !reports.some((r) => nothingCompared(r, thresholds));
  const json = { pairs, thresholds, passed };
  return JSON.stringify(json, null, 2).split('\n');
}

/** The CSV columns of `--csv`, one row per pair, article and label (label `*`: all labels). */
export const CSV_COLUMNS = [
  'a', 'b', 'article', 'label', 'a_spans', 'b_spans', 'exact_tp', 'exact_fp', 'exact_fn', 'exact_f1',
  'overlap_tp', 'overlap_fp', 'overlap_fn', 'overlap_f1', 'kappa', 'alpha_u',
] as const;

/** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
function field(value: string | number | null): string {
  const s = value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The `--csv` report: a header, then per pair and article a row per label and one for all labels (`*`). */
export function csvLines(reports: readonly PairReport[]): string[] {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of reports) {
    for (const { article, agreement: g } of r.articles) {
      let [a, b, exact, overlap] = [0, 0, 0, 0];
      for (const [label, x] of Object.entries(g.labels)) {
        lines.push([r.a, r.b, article, label, x.a, x.b, x.exactTp, x.exactFp, x.exactFn, x.exactF1,
          x.overlapTp, x.overlapFp, x.overlapFn, x.overlapF1, x.kappa, x.alphaU].map(field).join(','));
        [a, b, exact, overlap] = [a + x.a, b + x.b, exact + x.exactTp, overlap + x.overlapTp];
      }
      lines.push([r.a, r.b, article, '*', a, b, exact, a - exact, b - exact, g.exactF1,
        overlap, a - overlap, b - overlap, g.overlapF1, g.kappa, g.alphaU].map(field).join(','));
    }
  }
  return lines;
}
