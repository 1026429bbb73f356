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
      if (pair.explicit) out(`${name}: no sidecar (${rel(pair.sidecar)}), nothing to anchor`);
      continue;
    }
    const article = readArticle(pair.article);
    if (!article.ok) {
      out(`${rel(pair.sidecar)}:1:1: ${article.message}: ${name}; nothing written`);
      failed++;
      continue;
    }
    const lookup = await schemaOf(pair.article);
    if (!lookup.ok) {
      out(`${rel(pair.sidecar)}:1:1: its project schema ${rel(lookup.file)} has problems (hashiya check lists them); `
        + 'nothing written');
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
      const both = ids.length === 0 ? ''
        : ` (${ids.length} changed differently on both sides, ours kept: ${ids.join(', ')})`;
      out(`${rel(pair.sidecar)}: changed on disk by someone else while being written; `
        + `merged by id and field and written again${both}`);
    });
    let state;
    try {
      state = await session.load();
    } catch (err) {
      out(`${rel(pair.sidecar)}:1:1: ${(err as Error).message}; nothing written`);
      failed++;
      continue;
    }
    for (const kept of storage.kept.splice(0)) {
      out(`${rel(kept)}: left by a write that was killed, with changes someone else made to ${rel(pair.sidecar)}; `
        + 'kept for you to compare and merge by hand');
    }
    if (state.kind === 'broken') {
      for (const p of state.problems) out(`${rel(pair.sidecar)}:${p.line}:${p.column}: ${p.message}`);
      out(`${rel(pair.sidecar)}: not valid, nothing written`);
      failed++;
      continue;
    }
    const changed = session.hasPendingWrite;
    if (!reanchored) upToDate++;
    for (const a of session.set.annotations) {
      const status = a.anchored ?? 'exact';
      (reanchored ? totals : earlier)[status]++;
      const where = status === 'orphaned' ? 'orphaned' : `${a.start}..${a.end}`;
      const mark = !reanchored && status !== 'exact' ? ' (marked by an earlier run, not yet reviewed)' : '';
      out(`${name}: ${status.padEnd(8)} ${a.label.padEnd(5)} ${a.id} ${where} ${JSON.stringify(a.quote)}${mark}`);
    }
    if (!changed) {
      out(`${name}: up to date, nothing to write`);
    } else if (dryRun) {
      out(`${name}: would write ${rel(pair.sidecar)} (--dry-run)`);
    } else {
      try {
        await session.flush();
        written++;
        out(`${name}: wrote ${rel(pair.sidecar)}`);
      } catch (e) {
        const message = (e as Error).message;
        out(`${rel(pair.sidecar)}:1:1: ${message.startsWith('not written') ? '' : 'not written: '}${message}`);
        failed++;
      }
    }
  }
  const counts = ANCHOR_STATUSES.map((s) => `${totals[s]} ${s}`).join(', ');
  const marks = ANCHOR_STATUSES.filter((s) => s !== 'exact' && earlier[s] > 0).map((s) => `${earlier[s]} ${s}`)
    .join(', ');
  const unchanged = upToDate === 0 ? ''
    : ` (${upToDate} up to date${marks ? `, with ${marks} marked by an earlier run, not yet reviewed` : ''})`;
  const done = dryRun ? 'nothing written (--dry-run)' : `${written} written`;
  const sidecars = `${pairs.length} sidecar${pairs.length === 1 ? '' : 's'}`;
  out(`anchored ${sidecars}: ${counts}${unchanged}; ${done}${failed ? `; ${failed} failed` : ''}`);
  return failed > 0 ? 1 : 0;
}
