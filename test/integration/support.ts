import * as fs from 'node:fs';
import { parseSidecar, type Sidecar } from '../../src/core/format/sidecar';
import { ws } from '../support/extensionHost';

export { closeAll, hashiya, openArticle, select, selectText, waitFor, ws } from '../support/extensionHost';

/** The parsed sidecar of a workspace article, or undefined when it does not exist or is invalid. */
export function readSidecar(article: string): Sidecar | undefined {
  const path = ws(`${article}.annotations.yaml`).fsPath;
  if (!fs.existsSync(path)) return undefined;
  const parsed = parseSidecar(fs.readFileSync(path, 'utf8'));
  return parsed.ok ? parsed.sidecar : undefined;
}
