// Over 500 lines: the four commands' drivers and their shared argument handling in one file; to be split
// into one module per command with the command-manager redesign of issue 9 (not yet done).
/**
 * `hashiya`: the Hashiya core on the command line, for pre-commit hooks and CI of annotation
 * repositories. No VS Code needed.
 *
 *   hashiya check <article|sidecar|folder>...   validate sidecars against their articles (and a
 *                                               folder's .hashiya/entities.yaml)
 *   hashiya anchor [--dry-run] <article|folder>...   re-anchor sidecars whose article changed
 *   hashiya merge <base> <ours> <theirs> [<path>]    git merge driver (%O %A %B %P), mergeDriver.ts
 *
 * Exit codes: 0 all valid / done, 1 problems found (or conflicts recorded by merge), 2 wrong usage.
 * Output: one line per call of `out`/`err`, escaped (`lineWriter`); a closed pipe (EPIPE) drops
 * the rest of the output, never the work: the command finishes and keeps its exit code.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { anchorToText } from '../core/anchoring/anchoring';
import { ANCHOR_STATUSES, type AnchorStatus, type Annotation } from '../core/model/annotation';
import { SCHEMA_PATH, annotationSchemaProblems, labelDef, madeUnderOlderDefinition } from '../core/model/projectSchema';
import { relationEntries, relationProblem } from '../core/model/relations';
import { isSchemaFile, readSchemaFile, schemaOf } from './schemaFiles';
import { coveredBy } from '../core/suggest/pendingSuggestions';
import { locateInSidecar, parseSidecar, tooLargeMessage } from '../core/format/sidecar';
import { REGISTRY_PATH, type Registry, parseRegistry } from '../core/entities/entityRegistry';
import { DEFAULT_SIDECAR_TEMPLATE, checkSidecarTemplate, textFileProblem } from '../core/format/sidecarPath';
import { terminalText } from '../core/presentation/inertText';
import { SidecarSession } from '../core/session/sidecarSession';
import { type Suggestion, suggest } from '../core/suggest/suggest';
import { registryConflicts, sidecarConflicts } from '../core/merge/conflict';
import { mergeCommand } from './mergeDriver';
import { decodeArticle, decodeUtf8 } from '../core/text/textDecoding';
import { NodeSidecarStorage, type SidecarBytes, articlePathOf, filesUnder, pathPresent, readSidecarBytes, sidecarPathOf, sidecarPresent } from '../node/nodeFiles';
import { cleanLeftovers, resolveTarget, swapOwner } from '../node/atomicWrite';

const USAGE = `Usage:
  hashiya check [--template T] <article|sidecar|folder>...
      Validate sidecars against their articles and the project schema (the nearest
      .hashiya/schema.yaml above them, checked too; without one: claim, actor, date). Prints
      file:line:column: message for each problem, a review line for each annotation made under
      an older definition of its label, and a summary; exits 0 only when everything is valid.
  hashiya suggest [--published YYYY-MM-DD] [--json] [--template T] <article>...
      Print suggested dates (with values), actors and claims (with speakers) in code points;
      writes nothing. Names already annotated as actors in the article's sidecar are suggested
      wherever they occur; its publication date is used unless --published is given.
  hashiya anchor [--dry-run] [--template T] <article|sidecar|folder>...
      Find the annotations of sidecars whose article changed again (exact, moved, fuzzy or
      orphaned), print each one's status, and write the sidecars (not with --dry-run).
  hashiya merge [--template T] <base> <ours> <theirs> [<path>]
      Git merge driver for sidecars and .hashiya/entities.yaml (git's %O %A %B %P): merges by
      annotation (or entity) id and field, places the annotations on the merged article, and
      writes the result to <ours>. Exits 0 when clean; 1 when conflicts were recorded in the
      file (never conflict markers; hashiya check lists them) or a version is not valid (then
      <ours> is left as it is). Set up:
        git config merge.hashiya.driver "npx --no hashiya merge %O %A %B %P"
        .gitattributes:  *.annotations.yaml merge=hashiya
                         .hashiya/entities.yaml merge=hashiya

  --template T   sidecar name relative to the article's folder (default ${DEFAULT_SIDECAR_TEMPLATE})

Exit codes: 0 done and valid, 1 problems found (or not written, or conflicts recorded), 2 wrong
usage. Output is one line per message: line breaks and control characters in file names and file
text are written as \\u escapes. When the reader of the output goes away (| head), the rest of the
output is dropped, and the command still does all its work and exits with its usual code.
`;

interface Pair { article: string; sidecar: string; explicit: boolean }

function rel(file: string): string {
  const r = path.relative(process.cwd(), file);
  return r && !r.startsWith('..') ? r : file;
}

const ARTICLE = /\.(txt|md|markdown)$/i;

/** The article/sidecar pairs named by the arguments (folders: every sidecar below them). */
function pairsOf(args: string[], template: string): { pairs: Pair[]; errors: string[] } {
  const pairs: Pair[] = [];
  const errors: string[] = [];
  const suffix = template.split('{fileName}').pop() ?? '';
  const seen = new Set<string>();
  const add = (pair: Pair) => {
    const key = path.resolve(pair.sidecar);
    if (!seen.has(key)) {
      seen.add(key);
      pairs.push(pair);
    }
  };
  for (const arg of args) {
    if (!pathPresent(arg)) {
      errors.push(`${arg}: no such file or folder`);
      continue;
    }
    if (isFolder(arg)) {
      // a folder (or a link to one) named like a sidecar is listed too: reported as when named
      let files: string[];
      try {
        files = filesUnder(arg, (f) => f.endsWith(suffix) && articlePathOf(f, template) !== undefined,
          (folder, e) => errors.push(`${folder}: cannot be listed (${e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code ?? e.message}); its files were not looked at`));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        errors.push(`${arg}: cannot be listed (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? (e as Error).message})`);
        continue;
      }
      for (let file of files) {
        // a sidecar that a killed writer left moved away (put back before the command runs)
        const owner = swapOwner(path.basename(file));
        if (owner) file = path.join(path.dirname(file), owner);
        if (!file.endsWith(suffix)) continue;
        const article = articlePathOf(file, template);
        if (article) add({ article, sidecar: file, explicit: false });
      }
      continue;
    }
    const asSidecar = arg.endsWith(suffix) ? articlePathOf(arg, template) : undefined;
    if (asSidecar) add({ article: asSidecar, sidecar: arg, explicit: true });
    else if (ARTICLE.test(arg) || !arg.endsWith('.yaml')) add({ article: arg, sidecar: sidecarPathOf(arg, template), explicit: true });
    else errors.push(`${arg}: not an article or a sidecar named like ${template}`);
  }
  return { pairs, errors };
}

/** True for a folder (or a link to one); false for anything else, a link that loops included. */
function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The article's text, or why there is none: missing, not a regular file (a FIFO is never opened: it would block), unreadable, not UTF-8 text. */
function readArticle(file: string): { ok: true; text: string } | { ok: false; message: string } {
  if (!existsSync(file)) return { ok: false, message: 'the article is missing' };
  const stat = statSync(file);
  if (stat.isDirectory()) return { ok: false, message: 'the article is a folder, not a file' };
  if (!stat.isFile()) return { ok: false, message: `the article is ${stat.isFIFO() ? 'a FIFO (named pipe)' : stat.isSocket() ? 'a socket' : 'a device'}, not a file` };
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return { ok: false, message: `the article cannot be read: ${(err as Error).message}` };
  }
  const decoded = decodeArticle(bytes);
  return decoded.ok ? { ok: true, text: decoded.text } : { ok: false, message: `the article is ${decoded.message}` };
}

/**
 * Why a sidecar (or registry) read by {@link readSidecarBytes} has no bytes, as the end of a
 * sentence ("the sidecar " + this), or undefined when it has them (or there is none).
 */
function unreadable(read: SidecarBytes): string | undefined {
  switch (read.kind) {
    case 'link': return `cannot be read: ${read.message}`;
    case 'folder': return 'is a folder, not a file';
    case 'special': return `is ${read.what}, not a file`;
    case 'large': return tooLargeMessage(read.size).replace(/^the sidecar /, '');
    case 'error': return `cannot be read: ${read.error.message}`;
    default: return undefined;
  }
}

/** `hashiya check`: returns the exit code. */
async function check(pairs: Pair[], out: (line: string) => void, registries: RegistryReport = { checked: 0, invalid: 0, problems: 0 }): Promise<number> {
  let valid = 0;
  let invalid = 0;
  let problems = 0;
  let orphans = 0;
  let review = 0;
  for (const pair of pairs) {
    const report = (line: number, column: number, message: string, file = pair.sidecar) => {
      out(`${rel(file)}:${line}:${column}: ${message}`);
      problems++;
    };
    // a link that loops or points to nothing is there (and reported), not "no sidecar"; so is
    // a sidecar another writer has moved away for the instant of its swap (waited for)
    const read = await readSidecarBytes(pair.sidecar);
    if (read.kind === 'none') {
      if (pair.explicit) out(`${rel(pair.article)}: no sidecar (${rel(pair.sidecar)}), nothing to check`);
      continue;
    }
    const before = problems;
    const why = unreadable(read);
    const decoded = read.kind === 'bytes' ? decodeUtf8(read.bytes) : undefined;
    if (why) {
      report(1, 1, `the sidecar ${why}`);
    } else if (decoded && !decoded.ok) {
      report(1, 1, `the sidecar is ${decoded.message}`);
    } else if (decoded?.ok) {
      const source = decoded.text;
      const lookup = await schemaOf(pair.article);
      if (!lookup.ok) {
        report(1, 1, `not checked: its project schema ${rel(lookup.file)} has problems (listed with it)`);
        if (problems > before) invalid++;
        continue;
      }
      const schema = lookup.schema;
      const parsed = parseSidecar(source, schema);
      if (!parsed.ok) {
        for (const p of parsed.problems) report(p.line, p.column, p.message);
      } else {
        // recorded merge conflicts: errors at their conflict: key, until resolved
        for (const c of sidecarConflicts(source, parsed.sidecar)) report(c.line, c.column, c.message);
        const article = readArticle(pair.article);
        if (!article.ok) {
          const where = locateInSidecar(source, ['text', 'file'], '');
          report(where.line, where.column, `${article.message}: ${rel(pair.article)}`);
        } else if (textFileProblem(parsed.sidecar.text.file, path.basename(pair.article))) {
          // another article's annotations: not checked against this text (anchor refuses it too)
          const where = locateInSidecar(source, ['text', 'file'], '');
          report(where.line, where.column, textFileProblem(parsed.sidecar.text.file, path.basename(pair.article))!);
        } else {
          const anchored = anchorToText(article.text, parsed.sidecar);
          if (!anchored.ok) {
            for (const p of anchored.problems) {
              const where = locateInSidecar(source, p.path, p.message);
              report(where.line, where.column, p.message);
            }
          } else if (anchored.textChanged) {
            const where = locateInSidecar(source, ['text', 'sha256'], '');
            report(where.line, where.column, `${path.basename(pair.article)} changed since these annotations were saved (sha256 or length differs); run: hashiya anchor ${rel(pair.article)}`);
          } else {
            orphans += anchored.orphaned.length;
          }
          // relations that do not hold and attributes the schema does not have (core/model/relations, core/model/projectSchema)
          const byId = new Map(parsed.sidecar.annotations.map((a) => [a.id, a]));
          parsed.sidecar.annotations.forEach((a, i) => {
            for (const entry of relationEntries(a)) {
              const problem = relationProblem(schema, a, entry.name, entry.target, byId);
              if (!problem) continue;
              const where = locateInSidecar(source, ['annotations', i, ...entry.path], '');
              report(where.line, where.column, problem);
            }
            for (const p of annotationSchemaProblems(schema, a)) {
              const where = locateInSidecar(source, ['annotations', i, ...p.path], '');
              report(where.line, where.column, p.message);
            }
            if (!schema.preset && madeUnderOlderDefinition(schema, a.label, a.schemaVersion)) {
              const where = locateInSidecar(source, ['annotations', i, a.schemaVersion === undefined ? 'label' : 'schemaVersion'], '');
              out(`${rel(pair.sidecar)}:${where.line}:${where.column}: review: ${a.label} ${a.id} ${JSON.stringify(a.quote)} was made under ${a.schemaVersion === undefined ? 'an unrecorded schema version' : `schema version ${a.schemaVersion}`}; ${rel(lookup.file!)} revised ${a.label} in version ${labelDef(schema, a.label)?.revised}`);
              review++;
            }
          });
        }
      }
    }
    if (problems === before) valid++;
    else invalid++;
  }
  // one summary line, also when only an entity registry was checked
  const inRegistries = registries.checked === 0 ? ''
    : `; ${registries.checked} entity registr${registries.checked === 1 ? 'y' : 'ies'}: ${registries.checked - registries.invalid} valid, ${registries.invalid} with problems (${registries.problems} problem${registries.problems === 1 ? '' : 's'})`;
  out(`checked ${valid + invalid} sidecar${valid + invalid === 1 ? '' : 's'}: ${valid} valid, ${invalid} with problems (${problems} problem${problems === 1 ? '' : 's'})${orphans ? `; ${orphans} orphaned annotation${orphans === 1 ? '' : 's'} kept` : ''}${review ? `; ${review} made under an older definition of their label, to review` : ''}${inRegistries}`);
  return invalid > 0 || registries.invalid > 0 ? 1 : 0;
}

/**
 * The entity registry of the workspace an article is in: the nearest `.hashiya/entities.yaml` in
 * its folder or a folder above it (also while another writer has it moved away for its swap);
 * undefined when there is none or it does not parse.
 */
async function registryOf(article: string): Promise<Registry | undefined> {
  for (let dir = path.dirname(path.resolve(article)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, REGISTRY_PATH);
    if (sidecarPresent(file)) {
      const read = await readSidecarBytes(file);
      if (read.kind !== 'none') {
        const decoded = read.kind === 'bytes' ? decodeUtf8(read.bytes) : undefined;
        const parsed = decoded?.ok ? parseRegistry(decoded.text) : undefined;
        return parsed?.ok ? parsed.registry : undefined;
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** What {@link checkRegistries} found: registries checked, how many have problems, how many problems. */
interface RegistryReport { checked: number; invalid: number; problems: number }

/** Checks entity registries (`.hashiya/entities.yaml`); prints each problem as file:line:column. */
async function checkRegistries(files: readonly string[], out: (line: string) => void): Promise<RegistryReport> {
  const report: RegistryReport = { checked: 0, invalid: 0, problems: 0 };
  for (const file of files) {
    report.checked++;
    const before = report.problems;
    const read = await readSidecarBytes(file);
    const why = read.kind === 'none' ? 'cannot be read: no such file' : read.kind === 'folder' ? 'cannot be read: a folder, not a file' : unreadable(read);
    const decoded = read.kind === 'bytes' ? decodeUtf8(read.bytes) : undefined;
    const parsed = decoded?.ok ? parseRegistry(decoded.text) : undefined;
    if (why) {
      out(`${rel(file)}:1:1: the entity registry ${why}`);
      report.problems++;
    } else if (decoded && !decoded.ok) {
      out(`${rel(file)}:1:1: the entity registry is ${decoded.message}`);
      report.problems++;
    } else if (parsed && !parsed.ok) {
      for (const p of parsed.problems) out(`${rel(file)}:${p.line}:${p.column}: ${p.message}`);
      report.problems += parsed.problems.length;
    } else if (parsed?.ok) {
      const conflicts = registryConflicts(decoded?.ok ? decoded.text : '', parsed.registry);
      for (const c of conflicts) out(`${rel(file)}:${c.line}:${c.column}: ${c.message}`);
      report.problems += conflicts.length;
      if (conflicts.length === 0) out(`${rel(file)}: ${parsed.registry.entities.length} entit${parsed.registry.entities.length === 1 ? 'y' : 'ies'}, valid`);
    }
    if (report.problems > before) report.invalid++;
  }
  return report;
}

/**
 * Checks the project schemas named and those the articles are annotated under; prints each
 * problem as file:line:column, or one line per valid schema. Returns how many have problems.
 */
async function checkSchemas(pairs: readonly Pair[], named: readonly string[], out: (line: string) => void): Promise<number> {
  const files = new Set(named);
  for (const pair of pairs) {
    const lookup = await schemaOf(pair.article);
    if (lookup.file) files.add(lookup.file);
  }
  let invalid = 0;
  for (const file of files) {
    const lookup = await readSchemaFile(file);
    if (lookup.ok) {
      out(`${rel(file)}: project schema version ${lookup.schema.version}, ${lookup.schema.labels.length} label${lookup.schema.labels.length === 1 ? '' : 's'} (${lookup.schema.labels.map((l) => l.id).join(', ')}), valid`);
      continue;
    }
    invalid++;
    for (const p of lookup.problems) out(`${rel(file)}:${p.line}:${p.column}: ${p.message}`);
  }
  return invalid;
}

/** `hashiya anchor`: returns the exit code. */
async function anchor(pairs: Pair[], dryRun: boolean, out: (line: string) => void): Promise<number> {
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
      out(`${rel(pair.sidecar)}:1:1: its project schema ${rel(lookup.file)} has problems (hashiya check lists them); nothing written`);
      failed++;
      continue;
    }
    const storage = new NodeSidecarStorage(pair.sidecar);
    const session = new SidecarSession(storage, path.basename(pair.article), article.text, lookup.schema);
    let reanchored = false;
    session.onChange((change) => {
      if (change.reanchored) reanchored = true;
      if (!change.concurrent || session.state.kind !== 'ready') return;
      out(`${rel(pair.sidecar)}: changed on disk by someone else while being written; merged by id and field and written again${change.conflicts.length > 0 ? ` (${change.conflicts.length} changed differently on both sides, ours kept: ${change.conflicts.join(', ')})` : ''}`);
    });
    let state;
    try {
      state = await session.load();
    } catch (err) {
      out(`${rel(pair.sidecar)}:1:1: ${(err as Error).message}; nothing written`);
      failed++;
      continue;
    }
    for (const kept of storage.kept.splice(0)) out(`${rel(kept)}: left by a write that was killed, with changes someone else made to ${rel(pair.sidecar)}; kept for you to compare and merge by hand`);
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
        out(`${rel(pair.sidecar)}:1:1: ${(e as Error).message.startsWith('not written') ? '' : 'not written: '}${(e as Error).message}`);
        failed++;
      }
    }
  }
  const counts = ANCHOR_STATUSES.map((s) => `${totals[s]} ${s}`).join(', ');
  const marks = ANCHOR_STATUSES.filter((s) => s !== 'exact' && earlier[s] > 0).map((s) => `${earlier[s]} ${s}`).join(', ');
  const unchanged = upToDate === 0 ? '' : ` (${upToDate} up to date${marks ? `, with ${marks} marked by an earlier run, not yet reviewed` : ''})`;
  out(`anchored ${pairs.length} sidecar${pairs.length === 1 ? '' : 's'}: ${counts}${unchanged}; ${dryRun ? 'nothing written (--dry-run)' : `${written} written`}${failed ? `; ${failed} failed` : ''}`);
  return failed > 0 ? 1 : 0;
}

/** `hashiya suggest`: returns the exit code. */
async function suggestCommand(pairs: Pair[], published: string | undefined, json: boolean, out: (line: string) => void): Promise<number> {
  let failed = 0;
  const all: { article: string; suggestions: Suggestion[] }[] = [];
  for (const pair of pairs) {
    const article = readArticle(pair.article);
    if (!article.ok) {
      out(`${rel(pair.article)}:1:1: ${article.message}`);
      failed++;
      continue;
    }
    let reference = published;
    let known: string[] = [];
    let annotated: Annotation[] = [];
    // its sidecar, also while another writer has it moved away for its swap; one that cannot be
    // read or parsed adds nothing (check reports it)
    const read = await readSidecarBytes(pair.sidecar);
    if (read.kind === 'bytes') {
      const decoded = decodeUtf8(read.bytes);
      const lookup = await schemaOf(pair.article);
      const parsed = decoded.ok && lookup.ok ? parseSidecar(decoded.text, lookup.schema) : undefined;
      if (parsed?.ok) {
        reference ??= parsed.sidecar.published?.date;
        known = parsed.sidecar.annotations.filter((a) => a.label === 'actor').map((a) => a.quote);
        annotated = parsed.sidecar.annotations;
      }
    }
    // the names and aliases of the workspace's entity registry, as the extension uses them
    const registry = await registryOf(pair.article);
    if (registry) known.push(...registry.entities.flatMap((e) => [e.name, ...e.aliases]));
    // as in the extension, spans already annotated with that label are not suggested again
    const covered = coveredBy(annotated);
    // only labels the project schema has are suggested; a schema with problems: none
    const lookup = await schemaOf(pair.article);
    if (!lookup.ok) {
      out(`${rel(pair.article)}:1:1: not suggested: its project schema ${rel(lookup.file)} has problems (hashiya check lists them)`);
      failed++;
      continue;
    }
    const schema = lookup.schema;
    const suggestions = suggest(article.text, { published: reference, knownActors: known }).filter((s) => !covered(s) && labelDef(schema, s.label));
    all.push({ article: rel(pair.article), suggestions });
    if (json) continue;
    for (const s of suggestions) {
      const extra = [s.value ? `value=${s.value}` : '', s.speaker ? `speaker=${JSON.stringify(s.speaker.quote)} ${s.speaker.start}..${s.speaker.end}` : ''].filter(Boolean).join(' ');
      out(`${rel(pair.article)}: ${s.label.padEnd(5)} ${s.start}..${s.end} ${JSON.stringify(s.quote)}${extra ? ` ${extra}` : ''}`);
    }
    out(`${rel(pair.article)}: ${suggestions.length} suggestion${suggestions.length === 1 ? '' : 's'} (${['date', 'actor', 'claim'].map((l) => `${suggestions.filter((s) => s.label === l).length} ${l}`).join(', ')})${reference ? `, dates resolved against ${reference}` : ''}; nothing written${annotated.length > 0 ? ' (spans already annotated left out)' : ''}`);
  }
  // JSON escapes line breaks inside strings: its own line breaks are the only ones
  if (json) for (const line of JSON.stringify(all.length === 1 ? all[0].suggestions : all, null, 2).split('\n')) out(line);
  return failed > 0 ? 1 : 0;
}

/** Streams found closed (the reader of a pipe went away: `| head`): nothing more is written to them. */
const closedStreams = new WeakSet<NodeJS.WritableStream>();
const watchedStreams = new WeakSet<NodeJS.WritableStream>();

/**
 * The program's writer of one output line to `stream`: made inert ({@link terminalText}: one call
 * is one line, no escape sequences), and quiet once the stream is closed. A reader that goes away
 * (`hashiya anchor . | head -1`: EPIPE) ends the output, never the command: it does all its work
 * (every sidecar written or not, never half way) and exits with its usual code.
 */
export function lineWriter(stream: NodeJS.WritableStream): (line: string) => void {
  if (!watchedStreams.has(stream)) {
    watchedStreams.add(stream);
    // EPIPE and the like arrive as an 'error' event; unhandled, it would end the process
    stream.on('error', () => closedStreams.add(stream));
  }
  return (line) => {
    if (closedStreams.has(stream)) return;
    try {
      stream.write(`${terminalText(line)}\n`);
    } catch {
      closedStreams.add(stream);
    }
  };
}

/** Writes text of this program that spans lines (the usage) line by line: only trusted text, never file text. */
function lines(write: (line: string) => void, text: string): void {
  for (const line of text.replace(/\n$/, '').split('\n')) write(line);
}

/**
 * Runs the command line; resolves to the exit code. `out` and `err` receive one line per call
 * (file text included: the program's writers escape line breaks and controls in it, see
 * {@link lineWriter}).
 */
export async function main(argv: string[], out: (line: string) => void = lineWriter(process.stdout),
  err: (line: string) => void = lineWriter(process.stderr)): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false }, template: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false },
        published: { type: 'string' }, json: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    err(`hashiya: ${(e as Error).message}`);
    lines(err, `\n${USAGE}`);
    return 2;
  }
  const [command, ...args] = parsed.positionals;
  if (parsed.values.help || !command) {
    lines(parsed.values.help ? out : err, USAGE);
    return parsed.values.help ? 0 : 2;
  }
  const template = parsed.values.template ?? DEFAULT_SIDECAR_TEMPLATE;
  const templateProblem = checkSidecarTemplate(template);
  if (templateProblem) {
    err(`hashiya: ${templateProblem}`);
    return 2;
  }
  if (command === 'merge') {
    if (args.length < 3 || args.length > 4) {
      err('hashiya merge: give <base> <ours> <theirs> and optionally <path> (git\'s %O %A %B %P)');
      lines(err, `\n${USAGE}`);
      return 2;
    }
    const [base, ours, theirs, pathname] = args;
    return mergeCommand({ base, ours, theirs, pathname, template }, out, err);
  }
  if (command !== 'check' && command !== 'anchor' && command !== 'suggest') {
    err(`hashiya: unknown command "${command}"`);
    lines(err, `\n${USAGE}`);
    return 2;
  }
  if (args.length === 0) {
    err(`hashiya ${command}: name at least one article, sidecar or folder`);
    lines(err, `\n${USAGE}`);
    return 2;
  }
  const published = parsed.values.published;
  if (published !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(published) || Number.isNaN(Date.parse(published)))) {
    err(`hashiya: --published needs a date in the form YYYY-MM-DD, not "${published}"`);
    return 2;
  }
  // the entity registry: named itself, or found in a folder named (also while another writer
  // has it moved away for the instant of its swap)
  const registries = [...new Set(args.flatMap((arg) => {
    if (path.basename(arg) === 'entities.yaml' && path.basename(path.dirname(path.resolve(arg))) === '.hashiya') return [path.resolve(arg)];
    const inFolder = path.join(arg, REGISTRY_PATH);
    return isFolder(arg) && sidecarPresent(inFolder) ? [path.resolve(inFolder)] : [];
  }))];
  // project schemas named, or in a folder named; those of the articles are added by check
  const schemaFiles = [...new Set(args.flatMap((arg) => {
    if (isSchemaFile(arg)) return [path.resolve(arg)];
    const inFolder = path.join(arg, SCHEMA_PATH);
    return isFolder(arg) && sidecarPresent(inFolder) ? [path.resolve(inFolder)] : [];
  }))];
  const { pairs, errors } = pairsOf(args.filter((arg) => !registries.includes(path.resolve(arg)) && !schemaFiles.includes(path.resolve(arg))), template);
  for (const e of errors) err(`hashiya: ${e}`);
  // what killed writers left beside these files goes first: stale temporary files, a swap put back
  for (const file of [...pairs.map((p) => p.sidecar), ...registries]) {
    try {
      for (const kept of cleanLeftovers(resolveTarget(file)).kept) {
        out(`${rel(kept)}: left by a write that was killed, with changes someone else made to ${rel(file)}; kept for you to compare and merge by hand`);
      }
    } catch {
      // a file that cannot be looked at: the command reports it
    }
  }
  const code = command === 'check' ? await checkSchemas(pairs, schemaFiles, out) + await check(pairs, out, await checkRegistries(registries, out)) > 0 ? 1 : 0
    : command === 'suggest' ? await suggestCommand(pairs, published, parsed.values.json ?? false, out)
      : await anchor(pairs, parsed.values['dry-run'] ?? false, out);
  return errors.length > 0 ? Math.max(code, 1) : code;
}

/** What the program says when it fails unexpectedly (a bug): the message as one escaped line, then the stack's frames; exit code 1. */
export function reportCrash(e: unknown): void {
  const err = lineWriter(process.stderr);
  const stack = String((e as Error)?.stack ?? '');
  err(`hashiya: ${(e as Error)?.message ?? e}`);
  if (stack.includes('\n    at ')) lines(err, stack.slice(stack.indexOf('\n    at ') + 1));
  process.exitCode = 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, reportCrash);
}
export { writeFileAtomic } from '../node/nodeFiles';
