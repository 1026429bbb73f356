/**
 * Imported spans onto an article: each is checked against the text (its quote must be at its
 * offsets, code points) and only then added to the annotation set, merged with what is there
 * (a span with the same label and offsets is the same annotation). Nothing that does not match
 * is placed: it comes back as a {@link Misplaced} for the caller to report.
 */
import { type Annotation } from '../model/annotation';
import { type AnnotationSet, type Provenance } from '../model/annotationSet';
import { OffsetIndex, edgeIsBidiControl } from '../text/offsets';
import { type ImportedSpan } from './exchange';
import * as l10n from '@vscode/l10n';

/** An imported span not placed, and why (a sentence); `found`: the article's text at its offsets, if any. */
export interface Misplaced {
  span: ImportedSpan;
  message: string;
  found?: string;
}

/** The spans whose quote is the article's text at their offsets, and those that are not. */
export interface Placement {
  matching: ImportedSpan[];
  misplaced: Misplaced[];
}

/** Sorts imported spans into those whose quote matches `text` at their code-point offsets and the rest. */
export function placeImported(text: string, spans: readonly ImportedSpan[]): Placement {
  const index = new OffsetIndex(text);
  const out: Placement = { matching: [], misplaced: [] };
  for (const span of spans) {
    const { start, end } = span;
    const inside = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= index.codePointLength;
    if (!inside || start >= end) {
      out.misplaced.push({
        span,
        message: l10n.t('span {0}..{1} is empty or outside 0..{2}', start, end, index.codePointLength),
      });
    } else if (span.quote === undefined) {
      out.misplaced.push({ span, message: l10n.t('the file gives no text for this span to check it against') });
    } else {
      const found = index.slice(start, end);
      if (found === span.quote && edgeIsBidiControl(found)) {
        // a stored span never begins or ends with LRM, RLM or another invisible control (docs/sidecar-format.md)
        const message = l10n.t('it begins or ends with an invisible bidi control (LRM, RLM…); give the words inside');
        out.misplaced.push({ span, found, message });
      } else if (found === span.quote) out.matching.push(span);
      else out.misplaced.push({ span, found, message: l10n.t('its quote is not the text at its offsets') });
    }
  }
  return out;
}

/** What {@link applyImport} did: annotations added, spans already there (by id), spans refused and why. */
export interface ImportApplied {
  added: Annotation[];
  already: { span: ImportedSpan; id: string }[];
  refused: Misplaced[];
  /** Relations not set: their target was not placed, or the schema refused them. */
  relationsDropped: { span: ImportedSpan; name: string; message: string }[];
}

/**
 * Adds matching imported spans to `set` (see {@link placeImported}): a span with the label and
 * offsets of an annotation already there is that annotation (nothing added; its relations are
 * set only where it has none); others are added with their entity, note, attributes, stance and
 * date value, then relations are set between them by reference. What the set refuses (a label
 * the project schema lacks, an offset inside a character) is reported, never thrown.
 */
export function applyImport(set: AnnotationSet, spans: readonly ImportedSpan[], provenance: Provenance): ImportApplied {
  const result: ImportApplied = { added: [], already: [], refused: [], relationsDropped: [] };
  const idOf = new Map<string, string>();
  const fresh = new Set<string>();
  const existing = new Map(set.annotations.map((a) => [`${a.label}\u0000${a.start}\u0000${a.end}`, a.id]));
  for (const span of spans) {
    const same = existing.get(`${span.label}\u0000${span.start}\u0000${span.end}`);
    if (same !== undefined) {
      idOf.set(span.ref, same);
      result.already.push({ span, id: same });
      continue;
    }
    try {
      const a = set.add(span.label, span.start, span.end, provenance, {
        entity: span.entity,
        note: span.note,
        attributes: span.attributes,
      });
      const patch: { value?: string; stance?: string } = {};
      if (span.value) patch.value = span.value;
      if (span.stance) patch.stance = span.stance;
      let done = a;
      try {
        if (Object.keys(patch).length > 0) done = set.update(a.id, patch, provenance) ?? a;
      } catch (e) {
        set.remove(a.id); // all of the span or nothing
        throw e;
      }
      idOf.set(span.ref, a.id);
      fresh.add(a.id);
      existing.set(`${span.label}\u0000${span.start}\u0000${span.end}`, a.id);
      result.added.push(done);
    } catch (e) {
      result.refused.push({ span, message: (e as Error).message });
    }
  }
  for (const span of spans) {
    const id = idOf.get(span.ref);
    if (id === undefined) continue;
    for (const [name, ref] of Object.entries(span.relations ?? {})) {
      const target = idOf.get(ref);
      if (target === undefined) {
        result.relationsDropped.push({ span, name, message: l10n.t('its target {0} was not placed', ref) });
        continue;
      }
      const current = set.get(id);
      const has = name === 'speaker' || name === 'date' ? current?.[name] : current?.relations?.[name];
      if (!fresh.has(id) && has !== undefined) continue;
      try {
        set.update(id, name === 'speaker' || name === 'date' ? { [name]: target } : { relations: { [name]: target } },
          provenance);
      } catch (e) {
        result.relationsDropped.push({ span, name, message: (e as Error).message });
      }
    }
  }
  result.added = result.added.map((a) => set.get(a.id) ?? a);
  return result;
}
