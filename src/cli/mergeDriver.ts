/**
 * `hashiya merge <base> <ours> <theirs> [<pathname>]`: a git merge driver for sidecars and the
 * entity registry (`git config merge.hashiya.driver "npx --no hashiya merge %O %A %B %P"`, and in
 * .gitattributes `*.annotations.yaml merge=hashiya` and `.hashiya/entities.yaml merge=hashiya`).
 * The three files are git's temporary copies (%O the merge base, %A ours, %B theirs); the result
 * is written atomically to <ours>, which git then puts in the working tree. %P, the path in the
 * repository, tells a sidecar from the registry and names the article.
 *
 * Exit 0: merged cleanly. Exit 1: merged, with conflicts recorded in the file (never conflict
 * markers; conflicts recorded before are kept), or nothing merged because a version is not a
 * valid sidecar, belongs to another article (its text.file, as check and anchor refuse it; a
 * former name git found renamed is accepted) or does not fit the text it was written for
 * (quotes, or positions of recorded conflicts, not at their offsets): then <ours> is left as it
 * is, and each problem is printed as file:line:column. Never a stack trace. Exit 2: wrong usage.
 *
 * Where the texts come from: each sidecar records the sha256 of the text its offsets refer to.
 * The merged article is computed as git computes it (`git merge-file` on the article at HEAD,
 * at the merge base and at the commit merged in, taken from GITHEAD_<sha> of `git merge`,
 * MERGE_HEAD, CHERRY_PICK_HEAD, REVERT_HEAD, REBASE_HEAD or the rebase's last pick, else found
 * by content: a single cherry-pick, a revert or a stash apply name nothing), and each
 * sidecar's text is looked up by sha256 among those versions, the working tree and the article's
 * recent history; annotations are placed on the merged article through a diff when their text
 * is found, by quote and context otherwise (core/merge/merge.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describeAnnotationConflict, describeEntityConflict, describePublishedConflict } from '../core/merge/conflict';
import { type Registry, parseRegistry, serializeRegistry } from '../core/entities/entityRegistry';
import { type Placement, type SidecarVersion, mergeRegistries, mergeSidecars } from '../core/merge/merge';
import { anchorToText } from '../core/anchoring/anchoring';
import {
  MAX_SIDECAR_LENGTH,
  type ParsedSidecar,
  type Sidecar,
  type SidecarProblem,
  locateInSidecar,
  parseSidecar,
  writeSidecar,
} from '../core/format/sidecar';
import { articleNameOfSidecar, textFileProblem } from '../core/format/sidecarPath';
import { decodeUtf8 } from '../core/text/textDecoding';
import { adoptItems } from '../core/format/yamlFile';
import { schemaOfSync } from './schemaFiles';
import { ArticleVersions } from './articleVersions';
import { writeFileAtomic } from '../node/nodeFiles';
import * as l10n from '@vscode/l10n';

type Out = (line: string) => void;

/** The files git passes (%O %A %B %P). */
export interface MergeArgs {
  base: string;
  ours: string;
  theirs: string;
  /** The path in the repository (%P), relative to its top folder. */
  pathname?: string;
  template: string;
}

type Side = 'base' | 'ours' | 'theirs';

/** A file's text, '' for a missing or empty base, or why it cannot be read. */
function readSide(file: string, side: Side): { ok: true; text: string } | { ok: false; message: string } {
  try {
    if (side === 'base' && !existsSync(file)) return { ok: true, text: '' };
    const stat = statSync(file);
    if (stat.isDirectory()) return { ok: false, message: l10n.t('a folder, not a file') };
    if (stat.size > MAX_SIDECAR_LENGTH) {
      const mib = (stat.size / 1024 / 1024).toFixed(1);
      return {
        ok: false,
        message: l10n.t('{0} MiB; Hashiya reads up to {1} MiB', mib, MAX_SIDECAR_LENGTH / 1024 / 1024),
      };
    }
    const decoded = decodeUtf8(readFileSync(file));
    return decoded.ok ? { ok: true, text: decoded.text } : { ok: false, message: decoded.message };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

const REGISTRY = /(^|[\\/])\.hashiya[\\/]entities\.yaml$/;

/** True when the file merged is the entity registry: by its path, else by its content. */
function isRegistry(pathname: string | undefined, texts: string[]): boolean {
  if (pathname !== undefined && REGISTRY.test(pathname)) return true;
  if (pathname !== undefined && /\.annotations\.yaml$/.test(pathname)) return false;
  return texts.some((t) => /^entities\s*:/m.test(t)) && !texts.some((t) => /^annotations\s*:/m.test(t));
}

/**
 * The article the sidecar at `pathname` belongs to (its name through the template; undefined when
 * the path does not fit the template), and candidate paths of it in the repository: that one,
 * then the `text.file` of each version beside it.
 */
function articlePaths(
  pathname: string | undefined,
  template: string,
  sidecars: (Sidecar | undefined)[],
): { name?: string; paths: string[] } {
  if (pathname === undefined) return { paths: [] };
  const out: string[] = [];
  const { name, folder } = articleOf(pathname, template);
  if (name) out.push(folder ? `${folder}/${name}` : name);
  for (const s of sidecars) {
    const file = s?.text.file;
    // only a bare file name beside the sidecar's folder: never a path out of it
    if (!file || /[\\/\u0000-\u001F\u007F]/.test(file) || file === '.' || file === '..') continue;
    const candidate = folder ? `${folder}/${file}` : file;
    if (!out.includes(candidate)) out.push(candidate);
  }
  return { name, paths: out };
}

/** The article name a sidecar path gives through the template, and the article's folder (posix). */
function articleOf(pathname: string, template: string): { name?: string; folder: string } {
  const parts = pathname.replace(/\\/g, '/').split('/');
  const segments = template.split('/').length;
  return {
    name: articleNameOfSidecar(parts.slice(-segments).join('/'), template),
    folder: parts.slice(0, Math.max(0, parts.length - segments)).join('/'),
  };
}

function problemLines(file: string, side: Side, problems: readonly SidecarProblem[], out: Out): void {
  for (const p of problems) out(`${file}:${p.line}:${p.column}: ${inVersion(side, p.message)}`);
}

/** `message` about one version: "… (our version)". */
function inVersion(side: Side, message: string): string {
  return side === 'ours'
    ? l10n.t('{0} (our version)', message)
    : side === 'theirs'
      ? l10n.t('{0} (their version)', message)
      : l10n.t('{0} (the base version)', message);
}

/** How one side's annotations were placed on the merged article. */
function placed(placement: Placement): string {
  switch (placement) {
    case 'same':
      return l10n.t('as they were');
    case 'diff':
      return l10n.t('through a diff of the texts');
    case 'reanchored':
      return l10n.t('found again by quote (their text was not found)');
    default:
      return l10n.t('kept (the merged article is unknown)');
  }
}

/**
 * `hashiya merge`: returns the exit code. Never throws: anything unforeseen is one
 * `file:1:1: message` line (no stack trace), exit 1, and <ours> is left as it is.
 */
export function mergeCommand(args: MergeArgs, out: Out, err: Out): number {
  try {
    return merge(args, out, err);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    err(`${args.pathname ?? args.ours}:1:1: ${l10n.t('not merged ({0}); ours left as it is', message)}`);
    return 1;
  }
}

function merge(args: MergeArgs, out: Out, err: Out): number {
  const shown = args.pathname ?? args.ours;
  const texts = {} as Record<Side, string>;
  for (const side of ['base', 'ours', 'theirs'] as const) {
    const read = readSide(args[side], side);
    if (!read.ok) {
      err(
        `${shown}:1:1: ${
          side === 'ours'
            ? l10n.t('our version cannot be read: {0}; nothing merged, ours left as it is', read.message)
            : side === 'theirs'
              ? l10n.t('their version cannot be read: {0}; nothing merged, ours left as it is', read.message)
              : l10n.t('the base version cannot be read: {0}; nothing merged, ours left as it is', read.message)
        }`,
      );
      return 1;
    }
    texts[side] = read.text;
  }
  const registry = isRegistry(args.pathname, [texts.ours, texts.theirs]);
  // sidecars are read under the project schema of the working tree (the nearest .hashiya/schema.yaml)
  const lookup = registry ? undefined : schemaOfSync(args.pathname ?? args.ours);
  if (lookup && !lookup.ok) {
    const schemaFile = path.relative(process.cwd(), lookup.file);
    for (const p of lookup.problems) err(`${schemaFile}:${p.line}:${p.column}: ${p.message}`);
    err(
      l10n.t(
        '{0}: not merged, ours left as it is (its project schema has the problems above; mend it, then merge again)',
        shown,
      ),
    );
    return 1;
  }
  const schema = lookup?.ok ? lookup.schema : undefined;
  const parse = registry ? parseRegistry : (source: string) => parseSidecar(source, schema);
  const parsed = {} as Record<Side, ReturnType<typeof parseSidecar> | ReturnType<typeof parseRegistry> | undefined>;
  let broken = false;
  for (const side of ['base', 'ours', 'theirs'] as const) {
    if (side === 'base' && texts.base.trim() === '') continue;
    const result = parse(texts[side]);
    if (!result.ok) {
      if (side === 'base') {
        problemLines(shown, side, result.problems, err);
        err(l10n.t('{0}: the base version is not valid; merged as if both sides had added everything', shown));
        continue;
      }
      problemLines(shown, side, result.problems, err);
      broken = true;
    }
    parsed[side] = result;
  }
  if (broken) {
    err(
      l10n.t(
        '{0}: not merged, ours left as it is (fix the version above, e.g. remove conflict markers, then run: hashiya check {0})',
        shown,
      ),
    );
    return 1;
  }
  const okOf = <T>(r: { ok: boolean } | undefined): T | undefined => (r && r.ok ? (r as unknown as T) : undefined);
  if (registry) {
    type R = { registry: Registry; parsed: ParsedSidecar };
    const [b, o, t] = [okOf<R>(parsed.base), okOf<R>(parsed.ours)!, okOf<R>(parsed.theirs)!];
    const label = new ArticleVersions(process.cwd(), []).label;
    const result = mergeRegistries(b?.registry, o.registry, t.registry, { with: label });
    const ids = new Set(result.registry.entities.map((e) => e.id));
    adoptItems(o.parsed.document, t.parsed.document, 'entities', ids);
    const content = serializeRegistry(result.registry, o.parsed);
    const check = parseRegistry(content);
    if (!check.ok) {
      problemLines(shown, 'ours', check.problems, err);
      err(l10n.t('{0}: the merge would not be a valid registry; nothing written, ours left as it is', shown));
      return 1;
    }
    writeFileAtomic(args.ours, content);
    for (const e of result.registry.entities) {
      if (e.conflict && result.conflicts.includes(e.id)) out(`${shown}: ${e.id}: ${describeEntityConflict(e)}`);
    }
    const n = result.conflicts.length;
    const count = result.registry.entities.length;
    out(
      n === 0
        ? l10n.t('hashiya merge: {0}: {1} entities, merged cleanly', shown, count)
        : n === 1
          ? l10n.t(
              'hashiya merge: {0}: {1} entities, {2} conflict recorded (resolve them in Hashiya or by hand, then git add)',
              shown,
              count,
              n,
            )
          : l10n.t(
              'hashiya merge: {0}: {1} entities, {2} conflicts recorded (resolve them in Hashiya or by hand, then git add)',
              shown,
              count,
              n,
            ),
    );
    return result.conflicts.length > 0 ? 1 : 0;
  }
  type S = { sidecar: Sidecar; parsed: ParsedSidecar };
  let [b, o, t] = [okOf<S>(parsed.base), okOf<S>(parsed.ours)!, okOf<S>(parsed.theirs)!];
  const { name: named, paths } = articlePaths(args.pathname, args.template, [o.sidecar, t.sidecar, b?.sidecar]);
  const versions = new ArticleVersions(process.cwd(), paths, {
    base: args.base,
    theirs: args.theirs,
    pathname: args.pathname,
  });
  // a version written for another article is refused, as check and anchor refuse it: its
  // annotations are never put on this article's words (a sidecar renamed with its article on
  // one branch may still name the article's former name)
  if (named !== undefined) {
    let former: string[] | undefined;
    const otherArticle = (s: S): string | undefined => {
      const problem = textFileProblem(s.sidecar.text.file, named);
      if (!problem) return undefined;
      former ??= versions
        .formerPaths(args.pathname!)
        .map((p) => articleOf(p, args.template).name)
        .filter((n): n is string => !!n);
      return former.some((n) => !textFileProblem(s.sidecar.text.file, n)) ? undefined : problem;
    };
    if (b && otherArticle(b)) {
      const where = locateInSidecar(texts.base, ['text', 'file'], '');
      err(
        `${shown}:${where.line}:${where.column}: ${l10n.t(
          '{0} (the base version); merged as if both sides had added everything',
          otherArticle(b)!,
        )}`,
      );
      b = undefined;
    }
    let refused = false;
    for (const side of ['ours', 'theirs'] as const) {
      const problem = otherArticle(side === 'ours' ? o : t);
      if (!problem) continue;
      const where = locateInSidecar(texts[side], ['text', 'file'], '');
      err(`${shown}:${where.line}:${where.column}: ${inVersion(side, problem)}`);
      refused = true;
    }
    if (refused) {
      err(
        l10n.t(
          "{0}: not merged, ours left as it is (a sidecar of another article; fix text.file or restore this article's sidecar, then run: hashiya check {0})",
          shown,
        ),
      );
      return 1;
    }
  }
  const merged = paths.length > 0 ? versions.merged() : undefined;
  // each version whose text is known must fit it, as check requires (quotes at their offsets,
  // the positions of recorded conflicts too): a version that does not is refused, never mapped
  const found = {} as Record<Side, string | undefined>;
  let misfit = false;
  for (const side of ['base', 'ours', 'theirs'] as const) {
    const s = side === 'base' ? b : side === 'ours' ? o : t;
    if (!s) continue;
    const text = (found[side] = versions.textWithSha(s.sidecar.text.sha256, [merged]));
    if (text === undefined) continue;
    const anchored = anchorToText(text, s.sidecar);
    if (anchored.ok) continue;
    for (const p of anchored.problems) {
      const where = locateInSidecar(texts[side], p.path, p.message);
      err(
        `${shown}:${where.line}:${where.column}: ${
          side === 'ours'
            ? l10n.t('{0} (our version, against the article it was written for)', p.message)
            : side === 'theirs'
              ? l10n.t('{0} (their version, against the article it was written for)', p.message)
              : l10n.t('{0} (the base version, against the article it was written for)', p.message)
        }`,
      );
    }
    if (side === 'base') {
      err(
        l10n.t('{0}: the base version does not fit its article; merged as if both sides had added everything', shown),
      );
      b = undefined;
    } else misfit = true;
  }
  if (misfit) {
    err(l10n.t('{0}: not merged, ours left as it is (fix the version above, then run: hashiya check {0})', shown));
    return 1;
  }
  const version = (s: S | undefined, side: Side): SidecarVersion | undefined =>
    s && { sidecar: s.sidecar, text: found[side] };
  const articleName = named ?? (paths[0] ? path.posix.basename(paths[0]) : undefined);
  const result = mergeSidecars({
    base: version(b, 'base'),
    ours: version(o, 'ours')!,
    theirs: version(t, 'theirs')!,
    merged,
    file: articleName,
    with: versions.label,
    baseThroughOurs: versions.conflicted,
  });
  const ids = new Set(result.sidecar.annotations.map((a) => a.id));
  adoptItems(o.parsed.document, t.parsed.document, 'annotations', ids);
  const content = writeSidecar(result.sidecar, o.parsed).source;
  const check = parseSidecar(content, schema);
  if (!check.ok) {
    problemLines(shown, 'ours', check.problems, err);
    err(l10n.t('{0}: the merge would not be a valid sidecar; nothing written, ours left as it is', shown));
    return 1;
  }
  writeFileAtomic(args.ours, content);
  const byId = new Map(result.sidecar.annotations.map((a) => [a.id, a]));
  if (result.publishedConflict && result.sidecar.published) {
    out(`${shown}: published: ${describePublishedConflict(result.sidecar.published)}`);
  }
  for (const id of result.conflicts) out(`${shown}: ${id}: ${describeAnnotationConflict(byId.get(id)!)}`);
  const conflicts = result.conflicts.length + (result.publishedConflict ? 1 : 0);
  const count = result.sidecar.annotations.length;
  const clauses = [
    count === 1
      ? l10n.t('hashiya merge: {0}: {1} annotation', shown, count)
      : l10n.t('hashiya merge: {0}: {1} annotations', shown, count),
  ];
  if (merged === undefined) {
    clauses.push(l10n.t('the merged article is unknown, so its annotations will be found again when it is opened'));
  } else if (result.placement.theirs !== 'same' || result.placement.ours !== 'same') {
    clauses.push(
      l10n.t(
        'placed on the merged article: ours {0}, theirs {1}',
        placed(result.placement.ours),
        placed(result.placement.theirs),
      ),
    );
  }
  if (result.orphaned.length > 0) {
    clauses.push(l10n.t('{0} orphaned (their words are gone; kept)', result.orphaned.length));
  }
  clauses.push(
    conflicts === 0
      ? l10n.t('merged cleanly')
      : conflicts === 1
        ? l10n.t('{0} conflict recorded (resolve them in Hashiya, then git add; hashiya check lists them)', conflicts)
        : l10n.t('{0} conflicts recorded (resolve them in Hashiya, then git add; hashiya check lists them)', conflicts),
  );
  out(clauses.join(l10n.t('; ')));
  return conflicts > 0 ? 1 : 0;
}
