/**
 * The git side of the merge driver (mergeDriver.ts): the versions of the article git merges (at
 * HEAD, the merge base and the commit merged in, and the merged one as git computes it), found
 * through git's state files and commands, and each sidecar's text looked up among them by sha256.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeArticle } from '../core/text/textDecoding';
import { textSha256 } from '../core/text/textHash';

/** Runs git; the output, or undefined when it fails. */
function git(cwd: string, args: string[]): Buffer | undefined {
  const r = spawnSync('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  return r.status === 0 ? r.stdout : undefined;
}

function gitLine(cwd: string, args: string[]): string | undefined {
  const out = git(cwd, args)?.toString('utf8').trim();
  return out ? out : undefined;
}

/** The versions of the article git merges, and what is needed to find each sidecar's text. */
export class ArticleVersions {
  private readonly top: string | undefined;
  private readonly cache = new Map<string, string | undefined>();
  /** The last commits that changed the article, looked up once. */
  private history: string[] | undefined;
  readonly ours?: string;
  readonly theirs?: string;
  readonly base?: string;
  /** The label of their side: the branch merged, or a commit. */
  readonly label?: string;
  private readonly baseCommit?: string;
  private readonly headCommit?: string;
  private readonly theirsCommit?: string;
  /** True when the article itself conflicts: the merged article holds git's conflict markers. */
  conflicted = false;

  /**
   * `files`: the files git passed (%O, %B) and the path (%P), to find the commit picked when git
   * says nothing else (see {@link pickedByContent}).
   */
  constructor(cwd: string, readonly articlePaths: string[],
    files?: { base: string; theirs: string; pathname?: string }) {
    this.top = gitLine(cwd, ['rev-parse', '--show-toplevel']);
    if (!this.top) return;
    const rev = (name: string) => gitLine(this.top!, ['rev-parse', '-q', '--verify', `${name}^{commit}`]);
    const head = rev('HEAD');
    this.headCommit = head;
    // `git merge` names the commit it merges in GITHEAD_<sha> (MERGE_HEAD is written only after a conflict)
    const env = Object.entries(process.env).find(([key]) => /^GITHEAD_[0-9a-f]{40,64}$/.test(key));
    let theirs: string | undefined;
    let base: string | undefined;
    let picking = false;
    if (env) {
      theirs = env[0].slice('GITHEAD_'.length);
      // `git pull` names it by its own id: a name is looked for below (FETCH_HEAD, name-rev)
      if (!/^[0-9a-f]{40,64}$/.test(env[1] ?? '')) this.label = env[1];
    } else if ((theirs = rev('MERGE_HEAD'))) {
      // a merge stopped earlier and run again (git checkout -m, git merge-file style drivers)
    } else if ((theirs = rev('CHERRY_PICK_HEAD') ?? rev('REBASE_HEAD') ?? this.lastPick())) {
      picking = true;
    } else if ((base = rev('REVERT_HEAD'))) {
      theirs = rev(`${base}^`);
    } else if (files?.pathname) {
      // git cherry-pick (one commit), git revert, git stash apply: git tells a driver nothing
      ({ theirs, base } = this.pickedByContent(files.base, files.theirs, files.pathname) ?? {});
    }
    if (theirs && !base) {
      base = picking ? rev(`${theirs}^`) : gitLine(this.top, ['merge-base', head ?? 'HEAD', theirs])?.split('\n')[0];
    }
    this.baseCommit = base;
    this.theirsCommit = theirs;
    if (theirs && !this.label) {
      this.label = this.fetchedAs(theirs)
        ?? gitLine(this.top, ['name-rev', '--name-only', '--no-undefined', theirs])?.replace(/^remotes\//, '')
        ?? theirs.slice(0, 12);
    }
    this.ours = head ? this.article(head) : undefined;
    this.ours ??= this.workingTree();
    this.theirs = theirs ? this.article(theirs) : undefined;
    this.base = base ? this.article(base) : undefined;
  }

  /**
   * The commit whose change git applies, found by content when git names none (a single
   * `git cherry-pick`, `git revert`, `git stash apply` write no CHERRY_PICK_HEAD or REVERT_HEAD
   * before they run the driver, and set no GITHEAD_ variable; git 2.39): among the last 200 commits
   * of any branch (and the stash) that changed the file at `pathname`, the one that holds their
   * version (%B) where its first parent holds the base (%O): a pick (theirs: that commit, base: its
   * parent); or the other way round: a revert (theirs: the parent, base: that commit).
   */
  private pickedByContent(baseFile: string, theirsFile: string,
    pathname: string): { theirs: string; base: string } | undefined {
    if (!existsSync(baseFile)) return undefined;
    const ids = gitLine(this.top!, ['hash-object', '--no-filters', '--', baseFile, theirsFile])?.split('\n');
    if (ids?.length !== 2 || ids[0] === ids[1]) return undefined;
    const [baseId, theirsId] = ids;
    const file = pathname.replace(/\\/g, '/');
    const commits = gitLine(this.top!, ['log', '--all', '--format=%H', '-n', '200', '--', file])?.split('\n') ?? [];
    if (commits.length === 0) return undefined;
    const input = commits.flatMap((c) => [`${c}:${file}`, `${c}^:${file}`]).join('\n');
    const r = spawnSync('git', ['cat-file', '--batch-check=%(objectname)'],
      { cwd: this.top, input: `${input}\n`, maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) return undefined;
    const found = r.stdout.toString('utf8').split('\n');
    for (let i = 0; i < commits.length; i++) {
      const [at, parent] = [found[2 * i]?.trim(), found[2 * i + 1]?.trim()];
      if (at === theirsId && parent === baseId) return { theirs: commits[i], base: `${commits[i]}^` };
      if (at === baseId && parent === theirsId) return { theirs: `${commits[i]}^`, base: commits[i] };
    }
    return undefined;
  }

  /**
   * Paths the file at `pathname` had before git found it renamed between the base and our or
   * their side (a sidecar renamed with its article on one branch); [] when there is none.
   */
  formerPaths(pathname: string): string[] {
    if (!this.top || !this.baseCommit) return [];
    const out: string[] = [];
    for (const side of [this.headCommit, this.theirsCommit]) {
      if (!side) continue;
      const diff = ['diff', '--name-status', '-M', '-z', '--diff-filter=R', this.baseCommit, side, '--'];
      const fields = git(this.top, diff)?.toString('utf8').split('\0') ?? [];
      // -z: R<score> NUL old NUL new NUL ...
      for (let i = 0; i + 2 < fields.length; i += 3) {
        const renamed = /^R/.test(fields[i]) && fields[i + 2] === pathname.replace(/\\/g, '/');
        if (renamed && !out.includes(fields[i + 1])) out.push(fields[i + 1]);
      }
    }
    return out;
  }

  /** The commit a rebase is picking (the last line of rebase-merge/done), if any. */
  private lastPick(): string | undefined {
    const dir = this.top && gitLine(this.top, ['rev-parse', '--git-path', 'rebase-merge/done']);
    if (!dir) return undefined;
    const file = path.resolve(this.top!, dir);
    if (!existsSync(file)) return undefined;
    const last = readFileSync(file, 'utf8').trim().split('\n').pop() ?? '';
    const sha = /^(?:p|pick|r|reword|e|edit|s|squash|f|fixup)\s+([0-9a-f]{4,64})\b/.exec(last)?.[1];
    return sha ? gitLine(this.top!, ['rev-parse', '-q', '--verify', `${sha}^{commit}`]) : undefined;
  }

  /** The article at `commit` as it is checked out (filters and line endings applied), decoded. */
  private article(commit: string): string | undefined {
    for (const file of this.articlePaths) {
      const key = `${commit}:${file}`;
      if (!this.cache.has(key)) {
        const bytes = git(this.top!, ['cat-file', '--filters', key]);
        const decoded = bytes ? decodeArticle(bytes) : undefined;
        this.cache.set(key, decoded?.ok ? decoded.text : undefined);
      }
      const text = this.cache.get(key);
      if (text !== undefined) return text;
    }
    return undefined;
  }

  /**
   * How `git pull` described commit `id` when it fetched it (FETCH_HEAD: "branch 'main' of
   * ../origin"), as the label of their side; undefined when it was not fetched.
   */
  private fetchedAs(id: string): string | undefined {
    const file = gitLine(this.top!, ['rev-parse', '--git-path', 'FETCH_HEAD']);
    if (!file) return undefined;
    try {
      const full = path.resolve(this.top!, file);
      if (!statSync(full).isFile()) return undefined;
      for (const line of readFileSync(full, 'utf8').split('\n')) {
        const [sha, flag, description] = line.split('\t');
        if (sha === id && flag === '' && description) return description.trim();
      }
    } catch {
      // none
    }
    return undefined;
  }

  private workingTree(): string | undefined {
    for (const file of this.articlePaths) {
      const full = path.resolve(this.top ?? process.cwd(), file);
      try {
        if (!existsSync(full)) continue;
        const stat = statSync(full);
        // a FIFO, a device or a folder is never read (a FIFO would block git's merge)
        if (!stat.isFile() || stat.size > 64 * 1024 * 1024) continue;
        const decoded = decodeArticle(readFileSync(full));
        if (decoded.ok) return decoded.text;
      } catch {
        // not readable: not a candidate
      }
    }
    return undefined;
  }

  /**
   * The merged article as git makes it (`git merge-file`; with conflict markers when the article
   * itself conflicts), or undefined when the versions are unknown.
   */
  merged(): string | undefined {
    if (!this.top || this.ours === undefined || this.theirs === undefined) {
      return this.top ? undefined : this.workingTree();
    }
    if (this.ours === this.theirs) return this.ours;
    const base = this.base ?? '';
    if (base === this.theirs) return this.ours;
    if (base === this.ours) return this.theirs;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-merge-'));
    try {
      const files = (['ours', 'base', 'theirs'] as const).map((name) => {
        const file = path.join(dir, name);
        writeFileSync(file, name === 'ours' ? this.ours! : name === 'base' ? base : this.theirs!);
        return file;
      });
      const union = gitLine(this.top, ['check-attr', 'merge', '--', this.articlePaths[0] ?? ''])?.endsWith(': union');
      const style = gitLine(this.top, ['config', '--get', 'merge.conflictStyle']);
      const styleArgs = union ? ['--union'] : style === 'diff3' ? ['--diff3'] : style === 'zdiff3' ? ['--zdiff3'] : [];
      const args = ['merge-file', '-p', ...styleArgs,
        '-L', 'HEAD', '-L', this.baseCommit ? this.baseCommit.slice(0, 7) : 'base', '-L', this.label ?? 'theirs',
        ...files];
      const r = spawnSync('git', args, { cwd: this.top, maxBuffer: 256 * 1024 * 1024 });
      // exit status: the number of conflicts (the article's own, left to the analyst), negative on errors
      if (r.status === null || r.status > 127 || r.status < 0) return undefined;
      this.conflicted = r.status > 0;
      const decoded = decodeArticle(r.stdout);
      return decoded.ok ? decoded.text : undefined;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /**
   * The text whose sha256 is `sha`: one of the versions above, the working tree, or the
   * article in one of the last 30 commits that changed it (any branch).
   */
  textWithSha(sha: string | undefined, extra: (string | undefined)[]): string | undefined {
    if (!sha) return undefined;
    const candidates = [...extra, this.ours, this.theirs, this.base, this.workingTree()];
    for (const text of candidates) if (text !== undefined && textSha256(text) === sha) return text;
    if (!this.top) return undefined;
    this.history ??= gitLine(this.top, ['log', '--all', '--format=%H', '-n', '30', '--', ...this.articlePaths])
      ?.split('\n') ?? [];
    for (const commit of this.history) {
      const text = this.article(commit);
      if (text !== undefined && textSha256(text) === sha) return text;
    }
    return undefined;
  }
}
