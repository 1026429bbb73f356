import * as vscode from 'vscode';
import { textSha256 } from '../../core/text/textHash';
import { baseName } from './sidecarFiles';

/** Annotations that could not be written to their sidecar, kept in the extension's storage. */
export interface KeptAnnotations {
  /** The kept sidecar (valid YAML, openable): what the session would have written. */
  readonly file: vscode.Uri;
  /** The sidecar they belong to. */
  readonly sidecarUri: vscode.Uri;
  /** The article they belong to. */
  readonly articleUri: vscode.Uri;
  /** When they were kept (ISO 8601). */
  readonly savedAt: string;
  /** Why they could not be written. */
  readonly reason: string;
  /** The sidecar text they were based on (the merge base), undefined when there was none. */
  readonly base: string | undefined;
}

interface Meta {
  sidecar: string;
  article: string;
  savedAt: string;
  reason: string;
  base: string | null;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Where unwritten annotations go when a session is thrown away (its article closed or renamed,
 * VS Code shutting down) and its sidecar cannot be written (broken, a full disk): the folder
 * `recovery` in the extension's global storage, outside the repository (git never sees them),
 * as `<time>-<hash of the sidecar URI>-<sidecar name>` (a valid sidecar, with a comment saying
 * whose it is) beside a `.json` with the sidecar and article URIs, the reason and the merge base.
 * They are offered back when the article is opened again, merged by id (see
 * `SidecarSession.restorePending`), and removed once written or discarded.
 */
export class KeptAnnotationsStore {
  constructor(readonly folder: vscode.Uri) {}

  /** Keeps `pending` (from `SidecarSession.pendingSidecar`); returns the kept sidecar's URI. */
  async save(
    sidecarUri: vscode.Uri,
    articleUri: vscode.Uri,
    pending: { sidecar: string; base: string | undefined },
    reason: string,
    existing?: vscode.Uri,
  ): Promise<vscode.Uri> {
    await vscode.workspace.fs.createDirectory(this.folder);
    const savedAt = new Date().toISOString();
    const stamp = savedAt.replace(/[-:]/g, '').replace(/\.(\d+)Z$/, '$1Z');
    const hash = textSha256(sidecarUri.toString()).slice(0, 8);
    // the same session keeping again (its tab, then its document closed) keeps in the same file,
    // so the file the analyst was told about stays the one that holds them
    const name =
      existing && existing.path.endsWith(`-${baseName(sidecarUri)}`)
        ? baseName(existing)
        : `${stamp}-${hash}-${baseName(sidecarUri)}`;
    const file = vscode.Uri.joinPath(this.folder, name);
    const header = [
      `# Hashiya kept these annotations of `
      + `${JSON.stringify(articleUri.scheme === 'file' ? articleUri.fsPath : articleUri.toString())}:`,
      `# they could not be written to its sidecar (${JSON.stringify(reason)}) on ${savedAt}.`,
      '# Hashiya offers them back (merged by annotation id) when the article is opened again.',
      '',
    ].join('\n');
    const meta: Meta = {
      sidecar: sidecarUri.toString(),
      article: articleUri.toString(),
      savedAt,
      reason,
      base: pending.base ?? null,
    };
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(this.folder, `${name}.json`),
      encoder.encode(JSON.stringify(meta)),
    );
    await vscode.workspace.fs.writeFile(file, encoder.encode(header + pending.sidecar));
    return file;
  }

  /** Every kept set for `sidecarUri`, oldest first. */
  async find(sidecarUri: vscode.Uri): Promise<KeptAnnotations[]> {
    let entries: [string, vscode.FileType][];
    try {
      await vscode.workspace.fs.stat(this.folder);
      entries = await vscode.workspace.fs.readDirectory(this.folder);
    } catch {
      return [];
    }
    const out: KeptAnnotations[] = [];
    const key = sidecarUri.toString();
    for (const [name] of entries.filter(([n]) => n.endsWith('.json')).sort()) {
      try {
        const meta = JSON.parse(
          decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.folder, name))),
        ) as Meta;
        if (meta.sidecar !== key) continue;
        out.push({
          file: vscode.Uri.joinPath(this.folder, name.slice(0, -'.json'.length)),
          sidecarUri,
          articleUri: vscode.Uri.parse(meta.article),
          savedAt: meta.savedAt,
          reason: meta.reason,
          base: meta.base ?? undefined,
        });
      } catch {
        // not ours, or half written: left alone
      }
    }
    return out;
  }

  /** The kept sidecar's text (the header comment included; it parses as a sidecar). */
  async read(kept: KeptAnnotations): Promise<string> {
    return decoder.decode(await vscode.workspace.fs.readFile(kept.file));
  }

  /** Removes a kept set (after it was written, or discarded by the analyst). */
  async remove(file: vscode.Uri): Promise<void> {
    await vscode.workspace.fs
      .delete(vscode.Uri.joinPath(file, '..', `${baseName(file)}.json`))
      .then(undefined, () => undefined);
    await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
  }
}
