import { type AnchorStatus, type Annotation } from '../model/annotation';
import { anchorToText } from '../anchoring/anchoring';
import { refreshDateValue } from '../model/dateValue';
import { type ProjectSchema, labelDef } from '../model/projectSchema';
import { mergeAnnotations } from '../merge/merge';
import {
  MAX_SIDECAR_LENGTH, type ParsedSidecar, type Published, type Sidecar, type SidecarProblem, locateInSidecar,
  emptySidecar, parseSidecar, salvageSidecar, writeSidecar,
} from '../format/sidecar';
import { textFileProblem } from '../format/sidecarPath';
import { type AnnotationSet } from '../model/annotationSet';
import { textSha256 } from '../text/textHash';
import { type SidecarStorage } from './sidecarStorage';
import { type StatusRecord } from '../model/articleStatus';
import * as l10n from '@vscode/l10n';

/**
 * How often a write whose file keeps changing under it is merged and tried again before it gives
 * up (the changes stay pending).
 */
export const MAX_WRITE_ATTEMPTS = 8;
/**
 * A sidecar that does not parse is read again, {@link SETTLE_DELAY_MS} apart, until it parses or
 * has stayed the same for {@link SETTLE_STABLE_READS} reads in a row (at most
 * {@link SETTLE_MAX_READS} reads): a program writing it in place may be half way.
 */
const SETTLE_DELAY_MS = 25;
const SETTLE_STABLE_READS = 3;
const SETTLE_MAX_READS = 16;

/** A sidecar that exists but cannot be read (a folder, unreadable, too large, not UTF-8); never written over. */
export class Unreadable {
  constructor(readonly message: string) {}

  /** The problem it is, at the start of the file (line and column 1). */
  get problem(): SidecarProblem {
    return { message: this.message, line: 1, column: 1, endLine: 1, endColumn: 1, path: [] };
  }
}

/** What one read of the sidecar found: its text, undefined (no file), or why it cannot be read. */
export type DiskRead = string | undefined | Unreadable;

/** What a sidecar is read against: the article's text and name, and the schema it is read under. */
export interface ReadContext {
  text: string;
  schema: ProjectSchema;
  fileName: string;
  /** Names the article had before a rename; a sidecar naming one of them is still its own. */
  formerNames: ReadonlySet<string>;
  /** The publication date relative dates are resolved against when the sidecar has none. */
  published: Published | undefined;
  /**
   * Leave the values of dates saved without one to compute later (`SidecarRead.undated`): an
   * article's first load shows it sooner (computing them wakes chrono-node, 0.1–0.5 s; issue 12).
   */
  deferValues?: boolean;
}

/**
 * A sidecar read against the text: `raw` as written (the merge base), `annotations` anchored to
 * the text (code points), or the problems at their sidecar positions.
 */
export type SidecarRead = {
  ok: true; raw: Annotation[]; annotations: Annotation[]; orphaned: string[]; parsed?: ParsedSidecar;
  reanchored?: Record<AnchorStatus, number>; published?: Published; textOf?: Sidecar['text'];
  status?: StatusRecord;
  /** With `ReadContext.deferValues`: the ids of the dates whose value is still to be computed. */
  undated?: string[];
} | { ok: false; problems: SidecarProblem[] };

/**
 * Parses `source` (undefined: no file, no annotations) and anchors it to the text (code points);
 * problems carry sidecar positions.
 */
export function readSidecarFor(source: string | undefined, context: ReadContext): SidecarRead {
  if (source === undefined) return { ok: true, raw: [], annotations: [], orphaned: [] };
  // a session writes over what it read (the first write then needs no second read of the file)
  const parsed = parseSidecar(source, context.schema, true);
  if (!parsed.ok) return parsed;
  // a sidecar of another article is never put on this one's words (copied, or renamed outside VS Code)
  const otherArticle = context.formerNames.has(parsed.sidecar.text.file) ? undefined
    : textFileProblem(parsed.sidecar.text.file, context.fileName);
  if (otherArticle) return { ok: false, problems: [locateInSidecar(source, ['text', 'file'], otherArticle)] };
  const anchored = anchorToText(context.text, parsed.sidecar);
  if (!anchored.ok) {
    return { ok: false, problems: anchored.problems.map((p) => locateInSidecar(source, p.path, p.message)) };
  }
  let reanchored: Record<AnchorStatus, number> | undefined;
  if (anchored.textChanged) {
    reanchored = { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 };
    for (const status of anchored.statuses.values()) reanchored[status]++;
  }
  // a date whose quote changed while it was found again gets a fresh value
  const published = (parsed.sidecar.published ?? context.published)?.date;
  const undated: string[] = [];
  const now = context.deferValues ? anchored.annotations.filter((a) => {
    const later = a.value === undefined && a.anchored !== 'fuzzy' && labelDef(context.schema, a.label)?.dateValue === true;
    if (later) undated.push(a.id);
    return !later;
  }) : anchored.annotations;
  computeDateValues(now, context.schema, published);
  return {
    ok: true, raw: parsed.sidecar.annotations, annotations: anchored.annotations, orphaned: anchored.orphaned,
    parsed: parsed.parsed, reanchored, published: parsed.sidecar.published, textOf: parsed.sidecar.text,
    ...(parsed.sidecar.status ? { status: parsed.sidecar.status } : {}),
    ...(undated.length > 0 ? { undated } : {}),
  };
}

/**
 * Computes, in place, the values of the dates of `annotations` saved without one and of every
 * annotation found again fuzzily (its quote changed), against the publication date `published`
 * (YYYY-MM-DD); values the analyst set stay (see `refreshDateValue`). Once per quote: a news text
 * says «أمس» or «اليوم» many times.
 */
export function computeDateValues(annotations: readonly Annotation[], schema: ProjectSchema,
  published: string | undefined): void {
  const computed = new Map<string, Pick<Annotation, 'value' | 'valueSource'>>();
  for (const a of annotations) {
    const carries = labelDef(schema, a.label)?.dateValue === true;
    if (a.anchored === 'fuzzy' || (carries && a.value === undefined)) {
      // what refreshDateValue computes depends on the quote alone when it computes a value
      const computes = carries && a.anchored !== 'orphaned' && a.valueSource !== 'analyst';
      const known = computes ? computed.get(a.quote) : undefined;
      if (known) {
        a.value = known.value;
        a.valueSource = known.valueSource;
        if (known.value === undefined) delete a.value;
        if (known.valueSource === undefined) delete a.valueSource;
        continue;
      }
      refreshDateValue(a, published, carries);
      if (computes) computed.set(a.quote, { value: a.value, valueSource: a.valueSource });
    }
  }
}

/**
 * The annotations of a broken sidecar that are valid on their own and found in the text (an
 * entry whose quote disagrees with the text is left out), for showing read-only; none when the
 * file cannot be read or belongs to another article. `total`: entries in the file.
 */
export function salvageFor(source: string, context: ReadContext):
  { annotations: Annotation[]; raw: Annotation[]; total?: number } {
  const salvaged = salvageSidecar(source, context.schema);
  const otherArticle = salvaged && !context.formerNames.has(salvaged.text.file)
    && textFileProblem(salvaged.text.file, context.fileName);
  if (!salvaged || otherArticle) return { annotations: [], raw: [] };
  let raw = salvaged.annotations;
  for (let attempt = 0; attempt < 3 && raw.length > 0; attempt++) {
    const anchored = anchorToText(context.text, { version: 1, text: salvaged.text, annotations: raw });
    if (anchored.ok) return { annotations: anchored.annotations, raw, total: salvaged.total };
    const bad = new Set(anchored.problems.map((p) => p.path[1]));
    raw = raw.filter((_, i) => !bad.has(i));
  }
  return { annotations: [], raw: [], total: salvaged.total };
}

/**
 * Changes kept by an earlier session (`SidecarSession.pendingSidecar`), anchored to `text`:
 * annotations in code points, and those orphaned.
 * @throws Error when `sidecar` is not a valid sidecar or does not fit the article.
 */
export function readKept(sidecar: string, text: string, schema: ProjectSchema):
  { annotations: Annotation[]; orphaned: string[] } {
  const parsed = parseSidecar(sidecar, schema);
  if (!parsed.ok) {
    const first = parsed.problems[0];
    throw new Error(l10n.t('the kept changes are not a valid sidecar (line {0}, column {1}: {2})',
      String(first?.line), String(first?.column), String(first?.message)));
  }
  const anchored = anchorToText(text, parsed.sidecar);
  if (!anchored.ok) {
    throw new Error(l10n.t('the kept changes do not fit the article: {0}', String(anchored.problems[0]?.message)));
  }
  return anchored;
}

/** The annotations of `base` as written (a merge base; none when there is no base or it does not parse). */
export function baseAnnotations(base: string | undefined, schema: ProjectSchema): Annotation[] {
  const parsed = base === undefined ? undefined : parseSidecar(base, schema);
  return parsed?.ok ? parsed.sidecar.annotations : [];
}

/**
 * Merges our unwritten annotations with a sidecar read from disk, by id and field against
 * `base` (the annotations as last written there): what they changed is judged in their offsets;
 * what we take from them is placed where they are anchored in our text; a conflict is recorded
 * on the annotation (docs/sidecar-format.md, "Recorded conflicts") and its id returned.
 */
export function mergeWithDisk(base: Annotation[], ours: Annotation[],
  theirs: { raw: Annotation[]; annotations: Annotation[] }): { annotations: Annotation[]; conflicts: string[] } {
  const anchoredTheirs = new Map(theirs.annotations.map((a) => [a.id, a]));
  const merged = mergeAnnotations(base, ours, theirs.raw, { with: 'disk', theirsPlaced: anchoredTheirs });
  const annotations = merged.annotations.map((a) => {
    const placed = merged.theirPositions.has(a.id) ? anchoredTheirs.get(a.id) : undefined;
    return placed ? {
      ...a, start: placed.start, end: placed.end, quote: placed.quote, prefix: placed.prefix, suffix: placed.suffix,
      anchored: placed.anchored,
    } : a;
  }).map((a) => {
    if (a.anchored === undefined) delete a.anchored;
    return a;
  });
  return { annotations, conflicts: merged.conflicts };
}

/**
 * The sidecar of `fileName` for the annotations and text of `set` (length in code points, sha256
 * of the text) and the publication date `published` (with its recorded conflict, if any), and the
 * article's `status` when one is set.
 */
export function sidecarOf(fileName: string, set: AnnotationSet, published: Published | undefined,
  status?: StatusRecord): Sidecar {
  const sidecar = emptySidecar(fileName);
  sidecar.text.length = set.index.codePointLength;
  sidecar.text.sha256 = textSha256(set.text);
  sidecar.annotations = set.annotations;
  if (published) {
    sidecar.published = published.guessed ? { date: published.date, guessed: true } : { date: published.date };
  }
  // a recorded merge conflict on the date stays until it is resolved (resolvePublishedConflict)
  if (sidecar.published && published?.conflict) sidecar.published.conflict = published.conflict;
  if (status) sidecar.status = { ...status };
  return sidecar;
}

/** What {@link settleRead} asks of its caller at each read. */
export interface SettleSteps {
  /** True when `source` needs no taking in (it is what was taken last and all is well). */
  skip(source: DiskRead): boolean;
  /** Takes `source` in; `last`: no further read follows. Returns true when it parsed. */
  take(source: DiskRead, last: boolean): boolean;
  /** Called when a source that does not parse has stayed the same: broken indeed. */
  stayed(): void;
}

/**
 * Takes in `first` and, while it does not parse, reads the sidecar again
 * ({@link SETTLE_DELAY_MS} apart) until it parses or stays the same for
 * {@link SETTLE_STABLE_READS} reads: a program writing it in place may be half way.
 * Returns the source last taken in.
 */
export async function settleRead(first: DiskRead, readAgain: () => Promise<DiskRead>,
  steps: SettleSteps): Promise<DiskRead> {
  let source = first;
  // reads in a row, 25 ms apart, that found the same text that does not parse
  let unchanged = 0;
  for (let reads = 1; ; reads++) {
    if (steps.skip(source)) return source;
    if (unchanged === 0) {
      const last = reads >= SETTLE_MAX_READS || typeof source !== 'string';
      if (steps.take(source, last) || last) return source;
    } else if (unchanged >= SETTLE_STABLE_READS || reads >= SETTLE_MAX_READS) {
      // it stays as it is: broken indeed
      steps.stayed();
      return source;
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_DELAY_MS));
    const again = await readAgain();
    unchanged = again === source ? unchanged + 1 : 0;
    source = again;
  }
}

/**
 * What a session knows of its sidecar on disk, and its reads and compare-and-swap writes
 * through {@link SidecarStorage}: the text last read or written, parsed, and its annotations
 * as written there (the merge base of unwritten changes).
 */
export class DiskCopy {
  /** The sidecar text as last read or written by us (undefined: no file). */
  source: string | undefined;
  /** The last valid sidecar text read or written (undefined: none): the base of unwritten changes. */
  base: string | undefined;
  /** `source` parsed, for the next write (saves parsing the file again). */
  parsed: ParsedSidecar | undefined;
  /** The annotations as written in `source` (not re-anchored): the merge base. */
  annotations: Annotation[] = [];
  /** What the sidecar on disk says of its text (sha256, length in code points), when it parsed. */
  text: Sidecar['text'] | undefined;

  constructor(private readonly storage: SidecarStorage) {}

  /**
   * The sidecar's text, or why it cannot be read (a folder, unreadable, too large, not UTF-8);
   * `source` itself (no read, no decoding) when the storage says the file still holds it.
   */
  async read(): Promise<DiskRead> {
    try {
      // the file holds, byte for byte, what was last read or written here: nothing to read again
      if (this.source !== undefined && (await this.storage.holds?.(this.source))) return this.source;
      return await this.storage.read();
    } catch (err) {
      return new Unreadable((err as Error).message ?? String(err));
    }
  }

  /** Records a valid `source` (read as `read`) as what is on disk, and the base of what follows. */
  took(source: string | undefined, read: Extract<SidecarRead, { ok: true }>): void {
    this.source = source;
    this.parsed = read.parsed;
    this.annotations = read.raw;
    this.text = read.textOf;
    this.base = source;
  }

  /**
   * Writes `sidecar` if the file still holds `previous` (compare-and-swap; nothing is written
   * when the text would not change); on success it is what is on disk. Otherwise returns what
   * the file holds now.
   * @throws Error when the sidecar would be larger than Hashiya reads, or the storage's errors.
   */
  async write(sidecar: Sidecar, previous: string | undefined):
    Promise<{ written: true } | { written: false; current: string | undefined }> {
    const reuse = this.parsed && this.parsed.source === previous ? this.parsed : previous;
    this.parsed = undefined;
    const written = writeSidecar(sidecar, reuse);
    const content = written.source;
    if (content.length * 3 > MAX_SIDECAR_LENGTH) {
      const bytes = new TextEncoder().encode(content).length;
      // never write a file that Hashiya itself would refuse to read
      if (bytes > MAX_SIDECAR_LENGTH) {
        throw new Error(l10n.t('not written: the sidecar would be {0} MiB; Hashiya reads sidecars up to {1} MiB',
          (bytes / 1024 / 1024).toFixed(1), MAX_SIDECAR_LENGTH / 1024 / 1024));
      }
    }
    const outcome = content === previous ? undefined : await this.storage.write(content, previous);
    if (outcome && !outcome.written) return outcome;
    this.parsed = written;
    this.source = content;
    this.annotations = sidecar.annotations;
    this.base = content;
    this.text = sidecar.text;
    return { written: true };
  }
}
