// A small article for the exchange formats' tests: Arabic, an emoji with a skin tone (two astral code points),
// a flag (two regional indicators), CR LF line endings: where code points, UTF-16 units and bytes part ways.
import { AnnotationSet } from '../../src/core/model/annotationSet';
import { NEWS_PRESET } from '../../src/core/model/projectSchema';
import type { ExchangeDoc } from '../../src/core/exchange/exchange';
import type { Registry } from '../../src/core/entities/entityRegistry';

export const ARTICLE_TEXT =
  'قال وزير الخارجية 👍🏽 سيرغي لافروف يوم الثلاثاء\r\nإن «المحادثات» كانت مثمرة 🇸🇾, وبالقاهرة "اتفاق".\r\n';

/** Code-point offsets of the first `quote` in {@link ARTICLE_TEXT}. */
export function spanOf(quote: string, text = ARTICLE_TEXT): [number, number] {
  const at = [...text.slice(0, text.indexOf(quote))].length;
  return [at, at + [...quote].length];
}

export const REGISTRY: Registry = {
  entities: [{ id: 'lavrov', name: 'سيرغي لافروف', kind: 'person', aliases: [] }],
};

const NOW = { now: '2026-11-29T12:00:00.000Z', author: 'analyst' };

/** The article with an actor (entity), a date (value), a claim (speaker, date, stance, attribute, note). */
export function exchangeDoc(): ExchangeDoc {
  const set = new AnnotationSet(ARTICLE_TEXT);
  const actor = set.add('actor', ...spanOf('سيرغي لافروف'), NOW, { entity: 'lavrov' });
  const date = set.add('date', ...spanOf('يوم الثلاثاء'), NOW);
  set.update(date.id, { value: '2015-12-15' }, NOW);
  const claim = set.add('claim', ...spanOf('«المحادثات» كانت مثمرة 🇸🇾'), NOW, {
    note: 'قالها, "حرفيا"',
    attributes: { type: 'other' },
  });
  set.update(claim.id, { speaker: actor.id, date: date.id, stance: 'asserts' }, NOW);
  const place = set.add('actor', ...spanOf('القاهرة'), NOW);
  void place;
  // fixed ids, so that expected outputs can be written out
  const ids = new Map([[actor.id, 'a1'], [date.id, 'd1'], [claim.id, 'c1'], [place.id, 'a2']]);
  const annotations = set.annotations.map((a) => {
    const out = { ...a, id: ids.get(a.id)! };
    if (out.speaker) out.speaker = ids.get(out.speaker)!;
    if (out.date) out.date = ids.get(out.date)!;
    return out;
  });
  return { article: 'talks.txt', text: ARTICLE_TEXT, annotations, schema: NEWS_PRESET, registry: REGISTRY };
}
