import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { DEFAULT_SIDECAR_TEMPLATE } from '../../core/format/sidecarPath';
import {
  MERGE_DRIVER_ARGS,
  MERGE_DRIVER_NAME,
  addAttributeLines,
  attributesLine,
  registryPattern,
  shellQuote,
  sidecarPattern,
} from '../../core/merge/gitAttributes';
import { plainText } from '../../core/presentation/inertText';

// messages through @vscode/l10n (configured with the extension's bundle at activation): this module does without vscode

/** A failure of the set-up that the analyst can act on (git missing, no repository…): nothing was written. */
export class GitMergingError extends Error {}

/** What setting up git merging writes, worked out before anything is written (shown in the confirmation). */
export interface GitMergingPlan {
  /** The repository's top-level folder (`git rev-parse --show-toplevel`). */
  root: string;
  /** `<root>/.gitattributes`. */
  attributesFile: string;
  /** The lines `.gitattributes` needs (appended when missing). */
  lines: string[];
  /** Of {@link lines}, those not there yet. */
  missing: string[];
  /** `merge.hashiya.name` and `merge.hashiya.driver` as they will be set. */
  name: string;
  driver: string;
  /** How the driver runs: `npx` (the repository has hashiya as a dependency) or the installed extension's own CLI. */
  runner: 'npx' | 'extension';
  /** The driver configured now, if any. */
  currentDriver?: string;
  /** True when nothing needs to change. */
  upToDate: boolean;
}

/** What the set-up needs to know besides the folder. */
export interface GitMergingOptions {
  /** `hashiya.sidecar.template` (relative to each article's folder). */
  template: string;
  /** Where the installed extension is (its `bin/hashiya.js` runs the driver when npx cannot). */
  extensionPath: string;
  /** The folder whose `.hashiya/entities.yaml` is the registry (the first workspace folder); undefined: none. */
  registryFolder?: string;
}

interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs git (no shell) in `cwd`. @throws GitMergingError when git cannot be started. */
function git(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'utf8', windowsHide: true, timeout: 30000 }, (err, stdout, stderr) => {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT') {
        reject(
          new GitMergingError(
            l10n.t(
              'git was not found: install git (https://git-scm.com) and make sure it is on the PATH, then try again. Nothing was changed.',
            ),
          ),
        );
        return;
      }
      resolve({
        stdout,
        stderr,
        code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0,
      });
    });
  });
}

/** True when `command --version` runs. */
function runs(command: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(command, ['--version'], { windowsHide: true, timeout: 10000 }, (err) => resolve(!err));
  });
}

/**
 * The repository root of `folder`.
 * @throws GitMergingError when git is missing or `folder` is not in a git repository (or is inside `.git`).
 */
async function repositoryRoot(folder: string): Promise<string> {
  try {
    await fs.access(folder);
  } catch {
    throw new GitMergingError(l10n.t('{0} does not exist. Nothing was changed.', folder));
  }
  const r = await git(folder, ['rev-parse', '--show-toplevel']);
  const root = r.stdout.trim();
  if (r.code !== 0 || !root) {
    const why = r.stderr.trim().split('\n')[0] || l10n.t('git rev-parse exited with {0}', r.code);
    throw new GitMergingError(
      l10n.t(
        '{0} is not in a git repository ({1}). Run "git init" there (or open the repository\'s folder) first. Nothing was changed.',
        folder,
        why,
      ),
    );
  }
  return path.resolve(root);
}

/** True when the repository's package.json lists hashiya among its (dev) dependencies. */
async function hasHashiyaDependency(root: string): Promise<boolean> {
  try {
    const pkg = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, unknown> | undefined
    >;
    return ['devDependencies', 'dependencies', 'optionalDependencies'].some((k) => typeof pkg[k]?.hashiya === 'string');
  } catch {
    return false;
  }
}

/**
 * The driver command: `npx --no hashiya merge %O %A %B %P` in a repository that has hashiya as a
 * (dev) dependency (`--no`: npx never downloads a package of that name during a merge; the
 * colleagues' clones run the version the repository pins); otherwise the installed extension's
 * own command line, `node '<extension>/bin/hashiya.js' merge %O %A %B %P`, with the path quoted
 * for the shell git runs it with (without node on the PATH, VS Code's own runtime as node).
 */
async function driverCommand(
  root: string,
  extensionPath: string,
  template: string,
): Promise<Pick<GitMergingPlan, 'driver' | 'runner'>> {
  // the driver tells sidecars from their articles by the same template as the extension
  const args =
    template === DEFAULT_SIDECAR_TEMPLATE
      ? MERGE_DRIVER_ARGS
      : MERGE_DRIVER_ARGS.replace(/^merge /, `merge --template ${shellQuote(template)} `);
  if (await hasHashiyaDependency(root)) return { driver: `npx --no hashiya ${args}`, runner: 'npx' };
  const script = shellQuote(path.join(extensionPath, 'bin', 'hashiya.js'));
  const node = (await runs('node')) ? 'node' : `ELECTRON_RUN_AS_NODE=1 ${shellQuote(process.execPath)}`;
  return { driver: `${node} ${script} ${args}`, runner: 'extension' };
}

/** Works out what setting up git merging for `folder` would write; writes nothing. */
export async function planGitMerging(folder: string, options: GitMergingOptions): Promise<GitMergingPlan> {
  const root = await repositoryRoot(folder);
  const attributesFile = path.join(root, '.gitattributes');
  const lines = [attributesLine(sidecarPattern(options.template))];
  if (options.registryFolder) {
    const relative = path.relative(root, path.resolve(options.registryFolder));
    // a registry outside this repository is not this repository's to configure
    if (!relative.startsWith('..') && !path.isAbsolute(relative))
      lines.push(attributesLine(registryPattern(relative.split(path.sep).join('/'))));
  }
  let existing: string | undefined;
  try {
    existing = await fs.readFile(attributesFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new GitMergingError(
        l10n.t('{0} cannot be read: {1}. Nothing was changed.', attributesFile, (err as Error).message),
      );
  }
  const missing = addAttributeLines(existing, lines).added;
  const { driver, runner } = await driverCommand(root, options.extensionPath, options.template);
  const current = await git(root, ['config', '--local', '--get', 'merge.hashiya.driver']);
  const currentName = await git(root, ['config', '--local', '--get', 'merge.hashiya.name']);
  const currentDriver = current.code === 0 ? current.stdout.replace(/\r?\n$/, '') : undefined;
  const upToDate =
    missing.length === 0 && currentDriver === driver && currentName.stdout.replace(/\r?\n$/, '') === MERGE_DRIVER_NAME;
  return { root, attributesFile, lines, missing, name: MERGE_DRIVER_NAME, driver, runner, currentDriver, upToDate };
}

/**
 * Writes what `plan` says: appends the missing lines to `.gitattributes` (re-read now, so a
 * line added meanwhile is not added twice) and sets `merge.hashiya.name` and
 * `merge.hashiya.driver` in the repository's own git config (`git config --local`).
 * @throws GitMergingError when git refuses.
 */
export async function applyGitMerging(plan: GitMergingPlan): Promise<void> {
  let existing: string | undefined;
  try {
    existing = await fs.readFile(plan.attributesFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const change = addAttributeLines(existing, plan.lines);
  if (change.added.length > 0)
    await fs.appendFile(plan.attributesFile, change.content.slice((existing ?? '').length), 'utf8');
  for (const [key, value] of [
    ['merge.hashiya.name', plan.name],
    ['merge.hashiya.driver', plan.driver],
  ]) {
    const r = await git(plan.root, ['config', '--local', key, value]);
    if (r.code !== 0)
      throw new GitMergingError(
        l10n.t('git config {0} failed: {1}', key, r.stderr.trim() || l10n.t('exit {0}', r.code)),
      );
  }
}

/** The confirmation's text: exactly what will be written, and where. */
export function describePlan(plan: GitMergingPlan): { message: string; detail: string } {
  const detail = [
    plan.missing.length > 0
      ? l10n.t('Appends to {0}:', plan.attributesFile)
      : l10n.t('{0} has the lines already:', plan.attributesFile),
    ...(plan.missing.length > 0 ? plan.missing : plan.lines).map((l) => `    ${l}`),
    '',
    l10n.t("Sets in the repository's git config (git config --local):"),
    `    merge.hashiya.name = ${plan.name}`,
    `    merge.hashiya.driver = ${plan.driver}`,
    ...(plan.currentDriver !== undefined && plan.currentDriver !== plan.driver
      ? [`    ${l10n.t('(now: {0})', plan.currentDriver)}`]
      : []),
    '',
    plan.runner === 'npx'
      ? l10n.t('The driver runs the hashiya this repository has as a dependency (npx --no never downloads one).')
      : l10n.t(
          "The driver runs this installed Hashiya's command line; run this command again after updating Hashiya, or add hashiya as a dev dependency to use npx.",
        ),
    l10n.t(
      'Commit .gitattributes so that your colleagues get it; git config is not shared, so each of them runs this command once.',
    ),
  ].join('\n');
  return { message: l10n.t('Set up git merging of Hashiya sidecars in {0}?', plainText(plan.root, 200)), detail };
}
