// Helpers of the web tests: only the `vscode` API and Hashiya's browser-safe modules (no Node).
import * as vscode from 'vscode';
import { type Sidecar, parseSidecar } from '../../src/core/format/sidecar';
import { ws } from '../support/extensionHost';

export { closeAll, hashiya, openArticle, selectText, waitFor, ws } from '../support/extensionHost';

/** Throws `message` unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Throws unless `actual` and `expected` have the same JSON. */
export function checkSame(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** A workspace file's text (UTF-8), or undefined when there is none. */
export async function readText(name: string): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(ws(name)));
  } catch {
    return undefined;
  }
}

/** Writes a workspace file (UTF-8) through `workspace.fs`. */
export async function writeText(name: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(ws(name), new TextEncoder().encode(text));
}

/** The parsed sidecar of a workspace article, or undefined when it does not exist or is invalid. */
export async function readSidecar(article: string): Promise<Sidecar | undefined> {
  const text = await readText(`${article}.annotations.yaml`);
  if (text === undefined) return undefined;
  const parsed = parseSidecar(text);
  return parsed.ok ? parsed.sidecar : undefined;
}
