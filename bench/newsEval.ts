// The suggestions measured on whole news articles with complete gold (test/fixtures/news-gold:
// actors, claims with speakers, dates with values; guidelines and sources there): per label
// exact and overlap P/R/F1, speaker accuracy on matched claims, date value accuracy on matched
// dates, and suggested spans that start or end inside a word. No sidecar, no registry: the rules alone.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { suggest } from '../src/core/suggest/suggest';
import { offWordEdge } from '../src/core/text/wordEdges';

interface Span { start: number; end: number }
interface GoldAnnotation extends Span {
  id: string; label: string; quote: string; value?: string; speaker?: string; entity?: string;
}

/** Counts for one label: suggestions and gold spans matched exactly and by overlap. */
export interface LabelScore {
  gold: number; suggested: number; tpExact: number; goldExact: number; tpOverlap: number; goldOverlap: number;
}

/** What one gold set gives. */
export interface NewsScore {
  articles: number;
  labels: Record<string, LabelScore>;
  /**
   * Claims matched by overlap whose gold has a speaker: how many suggested a speaker overlapping it
   * (`right`, the target: the guidelines' mention), and how many a speaker overlapping any gold
   * mention of the same actor (`sameActor`: the same `entity`, another mention of it); `given`:
   * how many of the compared claims had a speaker suggested at all.
   */
  speakers: { compared: number; given: number; right: number; sameActor: number };
  /** Dates matched by overlap whose gold has a value: how many suggested the same value. */
  values: { compared: number; right: number; misses: string[] };
  /** Suggested spans and speakers off word edges, described. */
  insideWords: string[];
}

const overlap = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
const same = (a: Span, b: Span) => a.start === b.start && a.end === b.end;

/** The articles of `dir` (`*.txt` with a sidecar `*.txt.annotations.yaml` beside each). */
export function goldArticles(dir: string): { name: string; text: string; published?: string; gold: GoldAnnotation[] }[] {
  return readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => {
    const text = new TextDecoder().decode(readFileSync(path.join(dir, f))).replace(/^\uFEFF/, '');
    const sidecar = parse(readFileSync(path.join(dir, `${f}.annotations.yaml`), 'utf8')) as
      { published?: { date?: string }; annotations: GoldAnnotation[] };
    return { name: f, text, published: sidecar.published?.date, gold: sidecar.annotations };
  });
}

/** Scores the suggestions on the gold articles of `dir`. */
export function scoreNews(dir: string, labels = ['actor', 'claim', 'date']): NewsScore {
  const score: NewsScore = {
    articles: 0, labels: {}, speakers: { compared: 0, given: 0, right: 0, sameActor: 0 }, values: { compared: 0, right: 0, misses: [] },
    insideWords: [],
  };
  for (const label of labels) {
    score.labels[label] = { gold: 0, suggested: 0, tpExact: 0, goldExact: 0, tpOverlap: 0, goldOverlap: 0 };
  }
  for (const article of goldArticles(dir)) {
    score.articles++;
    const chars = [...article.text];
    const found = suggest(article.text, { published: article.published });
    const byId = new Map(article.gold.map((g) => [g.id, g]));
    for (const label of labels) {
      const s = score.labels[label];
      const predicted = found.filter((f) => f.label === label);
      const gold = article.gold.filter((g) => g.label === label);
      s.gold += gold.length;
      s.suggested += predicted.length;
      for (const p of predicted) {
        if (gold.some((g) => same(p, g))) s.tpExact++;
        if (gold.some((g) => overlap(p, g))) s.tpOverlap++;
      }
      for (const g of gold) {
        if (predicted.some((p) => same(p, g))) s.goldExact++;
        if (predicted.some((p) => overlap(p, g))) s.goldOverlap++;
      }
    }
    for (const p of found) {
      for (const span of [p, ...(p.speaker ? [p.speaker] : [])]) {
        const why = offWordEdge(chars, span.start, span.end);
        if (why) score.insideWords.push(`${article.name}: «${span.quote}» ${why}`);
      }
      const matched = article.gold.find((g) => g.label === p.label && overlap(p, g));
      if (!matched) continue;
      if (p.label === 'claim' && matched.speaker && byId.has(matched.speaker)) {
        score.speakers.compared++;
        const gold = byId.get(matched.speaker)!;
        if (p.speaker) score.speakers.given++;
        if (p.speaker && overlap(p.speaker, gold)) score.speakers.right++;
        const entity = gold.entity;
        if (p.speaker && (overlap(p.speaker, gold) || (entity !== undefined && article.gold.some((g) =>
          g.label === 'actor' && g.entity === entity && overlap(p.speaker!, g))))) {
          score.speakers.sameActor++;
        }
      }
      if (p.label === 'date' && matched.value) {
        score.values.compared++;
        if (p.value === matched.value) score.values.right++;
        else score.values.misses.push(`«${p.quote}» ${p.value ?? '—'} (gold «${matched.quote}» ${matched.value})`);
      }
    }
  }
  return score;
}
