/**
 * `hashiya`: the Hashiya core on the command line, for pre-commit hooks and CI of annotation
 * repositories. No VS Code needed.
 *
 *   hashiya check <article|sidecar|folder>...   validate sidecars against their articles (and a
 *                                               folder's .hashiya/entities.yaml)
 *   hashiya anchor [--dry-run] <article|folder>...   re-anchor sidecars whose article changed
 *   hashiya suggest <article>...   suggested dates, actors and claims, nothing written
 *   hashiya merge <base> <ours> <theirs> [<path>]    git merge driver (%O %A %B %P), mergeDriver.ts
 *   hashiya agree <dirA> <dirB> [<dirC>...]   agreement of annotators (one folder each), commands/agree.ts
 *   hashiya export --format <f> <article|folder>... [--out DIR]   exchange formats (core/exchange)
 *   hashiya import --format <f> <file> --article <txt> [--write]   spans of another tool, checked first
 *
 * This file parses the arguments and dispatches; each verb is in commands/<verb>.ts (merge: mergeDriver.ts).
 * Exit codes: 0 all valid / done, 1 problems found (or conflicts recorded by merge), 2 wrong usage.
 * Output: one line per call of `out`/`err`, escaped (`lineWriter`); a closed pipe (EPIPE) drops
 * the rest of the output, never the work: the command finishes and keeps its exit code.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { SCHEMA_PATH } from '../core/model/projectSchema';
import { isSchemaFile } from './schemaFiles';
import { REGISTRY_PATH } from '../core/entities/entityRegistry';
import { DEFAULT_SIDECAR_TEMPLATE, checkSidecarTemplate } from '../core/format/sidecarPath';
import { terminalText } from '../core/presentation/inertText';
import { mergeCommand } from './mergeDriver';
import { sidecarPresent } from '../node/nodeFiles';
import { cleanLeftovers, resolveTarget } from '../node/atomicWrite';
import { isFolder, pairsOf, rel } from './pairs';
import { check, checkRegistries, checkSchemas } from './commands/check';
import { anchor } from './commands/anchor';
import { suggestCommand } from './commands/suggest';
import { agreeCommand } from './commands/agree';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { EXPORT_FORMATS, type ExportFormat, IMPORT_FORMATS, isExportFormat, isImportFormat } from '../core/exchange/formats';
import * as l10n from '@vscode/l10n';
import { userName } from '../node/userName';
import { useNodeSha256 } from '../node/nodeSha256';

/** Indents every line of `text` by `n` spaces. */
function indent(text: string, n: number): string {
  return text
    .split('\n')
    .map((line) => `${' '.repeat(n)}${line}`)
    .join('\n');
}

/** The usage text, in the language of the messages (commands, options and file names as they are typed). */
function usage(): string {
  return `${l10n.t('Usage:')}
  hashiya check [--template T] <article|sidecar|folder>...
${indent(l10n.t('Validate sidecars against their articles and the project schema (the nearest\n.hashiya/schema.yaml above them, checked too; without one: claim, actor, date). Prints\nfile:line:column: message for each problem, a review line for each annotation made under\nan older definition of its label, and a summary; exits 0 only when everything is valid.'), 6)}
  hashiya suggest [--published YYYY-MM-DD] [--json] [--template T] <article>...
${indent(l10n.t("Print suggested dates (with values), actors and claims (with speakers) in code points;\nwrites nothing. Names already annotated as actors in the article's sidecar are suggested\nwherever they occur; its publication date is used unless --published is given."), 6)}
  hashiya anchor [--dry-run] [--template T] <article|sidecar|folder>...
${indent(l10n.t("Find the annotations of sidecars whose article changed again (exact, moved, fuzzy or\norphaned), print each one's status, and write the sidecars (not with --dry-run)."), 6)}
  hashiya agree [--json | --csv] [--min-f1 LABEL=F]... [--template T] <dirA> <dirB> [<dirC>...]
${indent(l10n.t("Agreement of annotators, one folder each with copies of the same articles (paired by\ntheir path in the folder): for every pair, per label span F1 exact and overlap, Cohen's κ\nover code points, Krippendorff's αU, and agreement on relations and attributes; --csv gives\na row per article and label. Exits 1 when a pair's exact F1 of LABEL is under F\n(docs/agreement.md)."), 6)}
  hashiya export --format F [--out DIR] [--clitics] [--labels L,L] [--predictions] <article|sidecar|folder>...
${indent(l10n.t('Write the annotations in another tool\'s format into DIR (default: the current folder); F is one\nof {0}. --clitics and --labels: CoNLL; --predictions: Label Studio. docs/exchange-formats.md', EXPORT_FORMATS.join(', ')), 6)}
  hashiya import --format F --article <article> [--write] [--author NAME] [--template T] <file>
${indent(l10n.t('Read another tool\'s annotations of one article (F is one of {0}), check each against the\ntext and print those that would be added; --write adds them to its sidecar. Whatever does not\nmatch the text at its offsets is reported at file:line:column, never placed.', IMPORT_FORMATS.join(', ')), 6)}
  hashiya merge [--template T] <base> <ours> <theirs> [<path>]
${indent(l10n.t("Git merge driver for sidecars and .hashiya/entities.yaml (git's %O %A %B %P): merges by\nannotation (or entity) id and field, places the annotations on the merged article, and\nwrites the result to <ours>. Exits 0 when clean; 1 when conflicts were recorded in the\nfile (never conflict markers; hashiya check lists them) or a version is not valid (then\n<ours> is left as it is). Set up:"), 6)}
        git config merge.hashiya.driver "npx --no hashiya merge %O %A %B %P"
        .gitattributes:  *.annotations.yaml merge=hashiya
                         .hashiya/entities.yaml merge=hashiya

  --template T   ${l10n.t("sidecar name relative to the article's folder (default {0})", DEFAULT_SIDECAR_TEMPLATE)}

${l10n.t('Exit codes: 0 done and valid, 1 problems found (or not written, or conflicts recorded), 2 wrong\nusage. Output is one line per message: line breaks and control characters in file names and file\ntext are written as \\u escapes. When the reader of the output goes away (| head), the rest of the\noutput is dropped, and the command still does all its work and exits with its usual code.')}
`;
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
export async function main(
  argv: string[],
  out: (line: string) => void = lineWriter(process.stdout),
  err: (line: string) => void = lineWriter(process.stderr),
): Promise<number> {
  useNodeSha256();
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        template: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        published: { type: 'string' },
        json: { type: 'boolean', default: false },
        csv: { type: 'boolean', default: false },
        'min-f1': { type: 'string', multiple: true },
        format: { type: 'string' },
        out: { type: 'string' },
        article: { type: 'string' },
        write: { type: 'boolean', default: false },
        author: { type: 'string' },
        clitics: { type: 'boolean', default: false },
        labels: { type: 'string' },
        predictions: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    err(`hashiya: ${(e as Error).message}`);
    lines(err, `\n${usage()}`);
    return 2;
  }
  const [command, ...args] = parsed.positionals;
  if (parsed.values.help || !command) {
    lines(parsed.values.help ? out : err, usage());
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
      err(l10n.t("hashiya merge: give <base> <ours> <theirs> and optionally <path> (git's %O %A %B %P)"));
      lines(err, `\n${usage()}`);
      return 2;
    }
    const [base, ours, theirs, pathname] = args;
    return mergeCommand({ base, ours, theirs, pathname, template }, out, err);
  }
  if (command === 'agree') {
    const { json, csv } = parsed.values;
    const code = await agreeCommand(args, { json: json ?? false, csv: csv ?? false, minF1: parsed.values['min-f1'] ?? [],
      template }, out, err);
    if (code === 2) lines(err, `\n${usage()}`);
    return code;
  }
  if (command === 'import') {
    const format = parsed.values.format ?? '';
    if (!isImportFormat(format)) {
      err(l10n.t('hashiya import: --format must be one of {0}', IMPORT_FORMATS.join(', ')));
      return 2;
    }
    if (args.length !== 1 || !parsed.values.article) {
      err(l10n.t('hashiya import: give one file to import and --article <article>'));
      lines(err, `\n${usage()}`);
      return 2;
    }
    const write = parsed.values.write ?? false;
    const author = parsed.values.author?.trim() || userName();
    const request = { format, file: args[0], article: parsed.values.article, write, template, author };
    return importCommand(request, out, err);
  }
  if (command === 'export' && !isExportFormat(parsed.values.format ?? '')) {
    err(l10n.t('hashiya export: --format must be one of {0}', EXPORT_FORMATS.join(', ')));
    return 2;
  }
  if (command !== 'check' && command !== 'anchor' && command !== 'suggest' && command !== 'export') {
    err(l10n.t('hashiya: unknown command "{0}"', command));
    lines(err, `\n${usage()}`);
    return 2;
  }
  if (args.length === 0) {
    err(l10n.t('hashiya {0}: name at least one article, sidecar or folder', command));
    lines(err, `\n${usage()}`);
    return 2;
  }
  const published = parsed.values.published;
  if (published !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(published) || Number.isNaN(Date.parse(published)))) {
    err(l10n.t('hashiya: --published needs a date in the form YYYY-MM-DD, not "{0}"', published));
    return 2;
  }
  // the entity registry: named itself, or found in a folder named (also while another writer
  // has it moved away for the instant of its swap)
  const registries = [
    ...new Set(
      args.flatMap((arg) => {
        const named =
          path.basename(arg) === 'entities.yaml' && path.basename(path.dirname(path.resolve(arg))) === '.hashiya';
        if (named) return [path.resolve(arg)];
        const inFolder = path.join(arg, REGISTRY_PATH);
        return isFolder(arg) && sidecarPresent(inFolder) ? [path.resolve(inFolder)] : [];
      }),
    ),
  ];
  // project schemas named, or in a folder named; those of the articles are added by check
  const schemaFiles = [
    ...new Set(
      args.flatMap((arg) => {
        if (isSchemaFile(arg)) return [path.resolve(arg)];
        const inFolder = path.join(arg, SCHEMA_PATH);
        return isFolder(arg) && sidecarPresent(inFolder) ? [path.resolve(inFolder)] : [];
      }),
    ),
  ];
  const others = args.filter(
    (arg) => !registries.includes(path.resolve(arg)) && !schemaFiles.includes(path.resolve(arg)),
  );
  const { pairs, errors } = await pairsOf(others, template);
  for (const e of errors) err(`hashiya: ${e}`);
  // what killed writers left beside these files goes first: stale temporary files, a swap put back
  for (const file of [...pairs.map((p) => p.sidecar), ...registries]) {
    try {
      for (const kept of cleanLeftovers(resolveTarget(file)).kept) {
        out(
          l10n.t(
            '{0}: left by a write that was killed, with changes someone else made to {1}; kept for you to compare and merge by hand',
            rel(kept),
            rel(file),
          ),
        );
      }
    } catch {
      // a file that cannot be looked at: the command reports it
    }
  }
  const code =
    command === 'check'
      ? (await checkSchemas(pairs, schemaFiles, out)) +
          (await check(pairs, out, await checkRegistries(registries, out))) >
        0
        ? 1
        : 0
      : command === 'suggest'
        ? await suggestCommand(pairs, published, parsed.values.json ?? false, out)
        : command === 'export'
          ? await exportCommand(pairs, parsed.values.format as ExportFormat, parsed.values.out ?? '.', {
            clitics: parsed.values.clitics,
            labels: parsed.values.labels?.split(',').map((l) => l.trim()).filter(Boolean),
            predictions: parsed.values.predictions,
          }, out)
          : await anchor(pairs, parsed.values['dry-run'] ?? false, out);
  return errors.length > 0 ? Math.max(code, 1) : code;
}

/**
 * What the program says when it fails unexpectedly (a bug): the message as one escaped line, then
 * the stack's frames; exit code 1.
 */
export function reportCrash(e: unknown): void {
  const err = lineWriter(process.stderr);
  const stack = String((e as Error)?.stack ?? '');
  err(`hashiya: ${(e as Error)?.message ?? e}`);
  if (stack.includes('\n    at ')) lines(err, stack.slice(stack.indexOf('\n    at ') + 1));
  process.exitCode = 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  }, reportCrash);
}
export { writeFileAtomic } from '../node/nodeFiles';
export { configureCliL10n } from './locale';
