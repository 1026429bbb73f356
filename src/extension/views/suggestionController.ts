import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import { labelDef } from '../../core/model/projectSchema';
import type { Label } from '../../core/model/annotation';
import {
  type PendingSuggestion,
  acceptInto,
  coveredBy,
  moveSuggestions,
  pending,
} from '../../core/suggest/pendingSuggestions';
import { type Suggestion, suggest } from '../../core/suggest/suggest';
import { acceptImported } from '../../core/exchange/importSuggestions';
import type { ViewSuggestion } from '../../shared/protocol';
import { settings } from '../config';
import type { EntityDirectory } from '../files/entityDirectory';
import type { Article } from '../sessions/article';
import type { SessionManager } from '../sessions/sessionManager';
import { labelWord } from '../util/labelWords';

/** What to do with suggestions: one (the current or a given key), all of one label, or all. */
export type SuggestionScope = { key?: string } | { label: Label } | { all: true };

interface Review {
  list: PendingSuggestion[];
  /** Key of the suggestion the analyst is on. */
  current?: string;
  /**
   * Suggestions accepted in this review, with the id of the annotation each became: when undo
   * takes that annotation away, the suggestion is under review again. Moved with edits too.
   */
  accepted: { id: string; suggestion: PendingSuggestion }[];
}

/**
 * Suggestions under review, per article: computed on request, drawn dashed in the views and
 * the text editor, moved with edits, never written to the sidecar until accepted. Accepting
 * several at once is one undo step.
 */
export class SuggestionController extends Disposable {
  private readonly reviews = new Map<string, Review>();
  private readonly emitter = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires when an article's suggestions changed (computed, moved, accepted, rejected). */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly sessions: SessionManager, private readonly entities: EntityDirectory) {
    super();
    this._registerAll(
      // suggestions live while their article is open; closed, its text may change unseen
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.reviews.delete(document.uri.toString())) this.emitter.fire(document.uri);
      }),
      sessions.onDidEditArticle(({ article, codePointChanges }) => {
        const review = this.reviews.get(article.uri.toString());
        if (!review) return;
        review.list = codePointChanges ? moveSuggestions(review.list, codePointChanges) : [];
        const kept = new Map(
          (codePointChanges
            ? moveSuggestions(
                review.accepted.map((a) => a.suggestion),
                codePointChanges,
              )
            : []
          ).map((k) => [k.key, k]),
        );
        review.accepted = review.accepted.flatMap((a) => {
          const suggestion = kept.get(a.suggestion.key);
          return suggestion ? [{ id: a.id, suggestion }] : [];
        });
        this.settle(article.uri, review);
      }),
      sessions.onDidChangeArticle((article) => {
        const review = this.reviews.get(article.uri.toString());
        if (!review) return;
        // annotations made by hand (or by undo/redo) over a suggested span of their label take its place
        const set = article.session.set;
        const covered = coveredBy(set.annotations);
        const gone = review.list.filter((s) => covered(s));
        if (gone.length > 0) this.drop(article.uri, review, gone);
        // an accepted suggestion whose annotation undo took away is under review again
        const listed = new Set(review.list.map((s) => s.key));
        const ids = new Set(set.annotations.map((a) => a.id));
        const back = review.accepted.filter(
          (a) =>
            !ids.has(a.id) &&
            !covered(a.suggestion) &&
            !listed.has(a.suggestion.key) &&
            a.suggestion.end <= set.index.codePointLength &&
            set.index.slice(a.suggestion.start, a.suggestion.end) === a.suggestion.quote,
        );
        if (back.length > 0) {
          review.list = [...review.list, ...back.map((a) => a.suggestion)].sort(
            (x, y) => x.start - y.start || y.end - x.end,
          );
          review.current = back[0].suggestion.key;
          this.settle(article.uri, review);
        }
      }),
    );
  }

  /** The suggestions under review for `uri`, in text order. */
  list(uri: vscode.Uri): readonly PendingSuggestion[] { return this.reviews.get(uri.toString())?.list ?? []; }

  /** The suggestion the analyst is on, if any. */
  current(uri: vscode.Uri): PendingSuggestion | undefined {
    const review = this.reviews.get(uri.toString());
    return review?.list.find((s) => s.key === review.current);
  }

  /**
   * Computes suggestions for the article (dates with values against its publication date,
   * actors from title patterns and the registry's names and aliases, claims with speakers) and
   * puts them up for review; returns how many there are.
   */
  suggestFor(article: Article): number {
    const known = new Set<string>();
    for (const entity of this.entities.entities) for (const name of [entity.name, ...entity.aliases]) known.add(name);
    for (const other of this.sessions.all) {
      for (const a of other.session.set.annotations)
        if (a.label === 'actor' && a.anchored !== 'orphaned') known.add(a.quote);
    }
    const set = article.session.set;
    // only labels the project schema has are suggested (a speaker only where actor is one too)
    const schema = article.session.schema;
    const found = suggest(set.text, { published: article.session.published?.date, knownActors: [...known] })
      .filter((s) => labelDef(schema, s.label))
      .map((s) => (s.speaker && !labelDef(schema, 'actor') ? { ...s, speaker: undefined } : s));
    const list = pending(found, set.annotations);
    const review: Review = { list, current: list[0]?.key, accepted: [] };
    this.reviews.set(article.uri.toString(), review);
    this.settle(article.uri, review);
    return list.length;
  }

  /**
   * Puts `suggestions` made elsewhere (an import, core/exchange/importSuggestions) up for review
   * beside those already under review for the article; those an annotation of their label
   * already covers are left out. Returns how many were added to the review.
   */
  offer(article: Article, suggestions: readonly Suggestion[]): number {
    const set = article.session.set;
    const list = pending(suggestions, set.annotations);
    const review = this.reviews.get(article.uri.toString()) ?? { list: [], accepted: [] };
    review.list = [...review.list, ...list].sort((x, y) => x.start - y.start || y.end - x.end);
    review.current = list[0]?.key ?? review.current;
    this.reviews.set(article.uri.toString(), review);
    this.settle(article.uri, review);
    return list.length;
  }

  /**
   * Moves to the next (or previous) suggestion after `from` (the key the analyst is on; default
   * the current one), wrapping around; returns it.
   */
  step(uri: vscode.Uri, direction: 1 | -1, from?: string): PendingSuggestion | undefined {
    const review = this.reviews.get(uri.toString());
    if (!review || review.list.length === 0) return undefined;
    const origin = from !== undefined && review.list.some((s) => s.key === from) ? from : review.current;
    const at = review.list.findIndex((s) => s.key === origin);
    review.current = review.list[(at + direction + review.list.length) % review.list.length].key;
    this.emitter.fire(uri);
    return this.current(uri);
  }

  /** Makes suggestion `key` the current one (when it is under review); returns it. */
  focus(uri: vscode.Uri, key: string): PendingSuggestion | undefined {
    const review = this.reviews.get(uri.toString());
    if (!review?.list.some((s) => s.key === key)) return undefined;
    review.current = key;
    this.emitter.fire(uri);
    return this.current(uri);
  }

  private chosen(review: Review, scope: SuggestionScope): PendingSuggestion[] {
    if ('all' in scope) return [...review.list];
    if ('label' in scope) return review.list.filter((s) => s.label === scope.label);
    const key = scope.key ?? review.current;
    return review.list.filter((s) => s.key === key);
  }

  /**
   * Accepts suggestions of `article` into its sidecar (one undo step) and takes them off the
   * review list; returns how many annotations were added (speakers included).
   */
  async accept(article: Article, scope: SuggestionScope): Promise<number> {
    const review = this.reviews.get(article.uri.toString());
    if (!review) return 0;
    const first = this.chosen(review, scope);
    if (first.length === 0) return 0;
    const { author } = settings(article.uri);
    let chosen: PendingSuggestion[] = [];
    const added = await article.session.mutate((set) => {
      // looked up again inside the action: edits made while the sidecar was read have moved them
      const keys = new Set(first.map((s) => s.key));
      chosen = review.list.filter((s) => keys.has(s.key));
      const provenance = { author, now: new Date().toISOString() };
      const made = [
        ...acceptInto(
          set,
          chosen.filter((s) => !s.imported),
          provenance,
          (quote) => this.entities.resolve(quote)?.id,
        ),
        // imported spans keep what their file says (entity, attributes, relations between accepted spans)
        ...acceptImported(set, chosen, [...review.list, ...review.accepted.map((a) => a.suggestion)], provenance),
      ];
      const byPlace = new Map(made.map((a) => [`${a.label}:${a.start}`, a.id]));
      for (const s of chosen) {
        const id = byPlace.get(`${s.label}:${s.start}`);
        if (id) review.accepted.push({ id, suggestion: s });
      }
      return made;
    }, first.length === 1
      ? vscode.l10n.t('accept suggested {0}', labelWord(article.session.schema, first[0].label))
      : vscode.l10n.t('accept {0} suggestions', first.length));
    this.drop(article.uri, review, chosen);
    return added.length;
  }

  /** Rejects suggestions: they leave the review list (nothing is written); returns how many. */
  reject(uri: vscode.Uri, scope: SuggestionScope): number {
    const review = this.reviews.get(uri.toString());
    if (!review) return 0;
    const chosen = this.chosen(review, scope);
    this.drop(uri, review, chosen);
    return chosen.length;
  }

  private drop(uri: vscode.Uri, review: Review, chosen: readonly PendingSuggestion[]): void {
    const gone = new Set(chosen.map((s) => s.key));
    const at = review.list.findIndex((s) => s.key === review.current);
    const rest = review.list.filter((s) => !gone.has(s.key));
    // the next one after the current (or after where it was) becomes current
    const next = review.list.slice(Math.max(at, 0)).find((s) => !gone.has(s.key)) ?? rest[0];
    review.list = rest;
    review.current = next?.key;
    this.settle(uri, review);
  }

  private settle(uri: vscode.Uri, review: Review): void {
    if (!review.list.some((s) => s.key === review.current)) review.current = review.list[0]?.key;
    // kept while accepted ones could come back by undo
    if (review.list.length === 0 && review.accepted.length === 0) this.reviews.delete(uri.toString());
    this.emitter.fire(uri);
  }

  /** The suggestions of `article` for its views, in UTF-16 code units. */
  toView(article: Article): { suggestions: ViewSuggestion[]; current?: string } {
    const review = this.reviews.get(article.uri.toString());
    if (!review) return { suggestions: [] };
    const index = article.session.set.index;
    const length = index.codePointLength;
    const u16 = (cp: number) => index.toUtf16(Math.min(cp, length));
    return {
      suggestions: review.list.map((s) => ({
        key: s.key,
        label: s.label,
        start16: u16(s.start),
        end16: u16(s.end),
        quote: s.quote,
        value: s.value ?? undefined,
        speaker: s.speaker?.quote,
        rule: s.rule,
      })),
      current: review.current,
    };
  }
}
