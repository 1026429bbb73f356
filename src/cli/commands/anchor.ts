/**
 * `hashiya anchor`: finds the annotations of sidecars whose article changed again, prints each
 * one's status, and writes the sidecars through a SidecarSession (not with --dry-run).
 */
import * as path from 'node:path';
import { ANCHOR_STATUSES, type AnchorStatus } from '../../core/model/annotation';
import { SidecarSession } from '../../core/session/sidecarSession';
import { NodeSidecarStorage, sidecarPresent } from '../../node/nodeFiles';
import { schemaOf } from '../schemaFiles';
import { type Pair, readArticle, rel } from '../pairs';
import * as l10n from '@vscode/l10n';

/** `hashiya anchor`: returns the exit code. */
export async function anchor(pairs: Pair[], dryRun: boolean, out: (line: string) => void): Promise<number> {
  let failed = 0;
  const totals: Record<AnchorStatus, number> = { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  // sidecars whose article did not change: their moved/fuzzy/orphaned marks are from an earlier run
  const earlier: Record<AnchorStatus, number> = { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  let upToDate = 0;
  let written = 0;
  for (const pair of pairs) {
    const name = rel(pair.article);
    // also while another writer has it moved away for the instant of its swap (the read waits)
    if (!sidecarPresent(pair.sidecar)) {
      if (pair.explicit) out(l10n.t('{0}: no sidecar ({1}), nothing to anchor', name, rel(pair.sidecar)));
      continue;
    }
    const article = readArticle(pair.article);
    if (!article.ok) {
      out(`${rel(pair.sidecar)}:1:1: ${l10n.t('{0}: {1}; nothing written', article.message, name)}`);
      failed++;
      continue;
    }
    const lookup = await schemaOf(pair.article);
    if (!lookup.ok) {
      out(
        `${rel(pair.sidecar)}:1:1: ${l10n.t(
          'its project schema {0} has problems (hashiya check lists them); nothing written',
          rel(lookup.file),
        )}`,
      );
      failed++;
      continue;
    }
    const storage = new NodeSidecarStorage(pair.sidecar);
    const session = new SidecarSession(storage, path.basename(pair.article), article.text, lookup.schema);
    let reanchored = false;
    session.onChange((change) => {
      if (change.reanchored) reanchored = true;
      if (!change.concurrent || session.state.kind !== 'ready') return;
      const ids = change.conflicts;
      out(
        `${rel(pair.sidecar)}: ${
          ids.length === 0
            ? l10n.t('changed on disk by someone else while being written; merged by id and field and written again')
            : l10n.t(
                'changed on disk by someone else while being written; merged by id and field and written again ({0} changed differently on both sides, ours kept: {1})',
                ids.length,
                ids.join(', '),
              )
        }`,
      );
    });
    let state;
    try {
      state = await session.load();
    } catch (err) {
      out(`${rel(pair.sidecar)}:1:1: ${l10n.t('{0}; nothing written', (err as Error).message)}`);
      failed++;
      continue;
    }
    for (const kept of storage.kept.splice(0)) {
      out(
        l10n.t(
          '{0}: left by a write that was killed, with changes someone else made to {1}; kept for you to compare and merge by hand',
          rel(kept),
          rel(pair.sidecar),
        ),
      );
    }
    if (state.kind === 'broken') {
      for (const p of state.problems) out(`${rel(pair.sidecar)}:${p.line}:${p.column}: ${p.message}`);
      out(l10n.t('{0}: not valid, nothing written', rel(pair.sidecar)));
      failed++;
      continue;
    }
    const changed = session.hasPendingWrite;
    if (!reanchored) upToDate++;
    for (const a of session.set.annotations) {
      const status = a.anchored ?? 'exact';
      (reanchored ? totals : earlier)[status]++;
      const where = status === 'orphaned' ? statusWord('orphaned') : `${a.start}..${a.end}`;
      const mark =
        !reanchored && status !== 'exact' ? ` ${l10n.t('(marked by an earlier run, not yet reviewed)')}` : '';
      const quote = JSON.stringify(a.quote);
      out(`${name}: ${statusWord(status).padEnd(8)} ${a.label.padEnd(5)} ${a.id} ${where} ${quote}${mark}`);
    }
    if (!changed) {
      out(l10n.t('{0}: up to date, nothing to write', name));
    } else if (dryRun) {
      out(l10n.t('{0}: would write {1} (--dry-run)', name, rel(pair.sidecar)));
    } else {
      try {
        await session.flush();
        written++;
        out(l10n.t('{0}: wrote {1}', name, rel(pair.sidecar)));
      } catch (e) {
        const message = (e as Error).message;
        const said = message.startsWith('not written') || message.startsWith(l10n.t('not written: {0}', ''));
        out(`${rel(pair.sidecar)}:1:1: ${said ? message : l10n.t('not written: {0}', message)}`);
        failed++;
      }
    }
  }
  const counts = l10n.t(
    '{0} exact, {1} moved, {2} fuzzy, {3} orphaned',
    totals.exact,
    totals.moved,
    totals.fuzzy,
    totals.orphaned,
  );
  const marks = ANCHOR_STATUSES.filter((s) => s !== 'exact' && earlier[s] > 0)
    .map((s) => statusCount(s, earlier[s]))
    .join(l10n.t(', '));
  const unchanged =
    upToDate === 0
      ? ''
      : ` (${
          marks
            ? l10n.t('{0} up to date, with {1} marked by an earlier run, not yet reviewed', upToDate, marks)
            : l10n.t('{0} up to date', upToDate)
        })`;
  const clauses = [
    `${
      pairs.length === 1
        ? l10n.t('anchored {0} sidecar: {1}', pairs.length, counts)
        : l10n.t('anchored {0} sidecars: {1}', pairs.length, counts)
    }${unchanged}`,
  ];
  clauses.push(dryRun ? l10n.t('nothing written (--dry-run)') : l10n.t('{0} written', written));
  if (failed) clauses.push(l10n.t('{0} failed', failed));
  out(clauses.join(l10n.t('; ')));
  return failed > 0 ? 1 : 0;
}

/** An anchoring status as printed in the per-annotation lines. */
function statusWord(status: AnchorStatus): string {
  switch (status) {
    case 'exact':
      return l10n.t('exact');
    case 'moved':
      return l10n.t('moved');
    case 'fuzzy':
      return l10n.t('fuzzy');
    default:
      return l10n.t('orphaned');
  }
}

/** How many annotations an earlier run marked with `status` (moved, fuzzy, orphaned). */
function statusCount(status: AnchorStatus, n: number): string {
  switch (status) {
    case 'moved':
      return l10n.t('{0} moved', n);
    case 'fuzzy':
      return l10n.t('{0} fuzzy', n);
    default:
      return l10n.t('{0} orphaned', n);
  }
}
