import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Annotation } from '../../../../src/core/model/annotation';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { nearest, outlineEntities } from '../../../../src/core/entities/entities';
import { hoverMarkdown } from '../../../../src/core/presentation/hoverText';
import { mergeAnnotations } from '../../../../src/core/merge/merge';
import { emptySidecar, parseSidecar, serializeSidecar } from '../../../../src/core/format/sidecar';
import { SidecarSession } from '../../../../src/core/session/sidecarSession';
import { MemoryStorage, TEST_PROVENANCE as NOW, cpSpan } from '../../../support/model';

const TEXT = 'قال وزير الخارجية سيرغي لافروف مساء الثلاثاء إن المؤتمر سيعقد في نيويورك. وأكد كيري أن واشنطن توافق.';
const span = (needle: string, from = 0) => cpSpan(TEXT, needle, from);

function sample(): {
  set: AnnotationSet;
  lavrov: Annotation;
  kerry: Annotation;
  tuesday: Annotation;
  claim: Annotation;
  claim2: Annotation;
} {
  const set = new AnnotationSet(TEXT);
  const lavrov = set.add('actor', ...span('سيرغي لافروف'), NOW);
  const kerry = set.add('actor', ...span('كيري'), NOW);
  const tuesday = set.add('date', ...span('مساء الثلاثاء'), NOW);
  const claim = set.add('claim', ...span('المؤتمر سيعقد في نيويورك'), NOW);
  const claim2 = set.add('claim', ...span('واشنطن توافق'), NOW);
  return { set, lavrov, kerry, tuesday, claim, claim2 };
}

describe('claim relations: speaker, date, stance', () => {
  it('sets and removes speaker, date and stance of a claim', () => {
    const { set, lavrov, tuesday, claim } = sample();
    set.update(claim.id, { speaker: lavrov.id, date: tuesday.id, stance: 'asserts' }, NOW);
    const got = set.get(claim.id)!;
    assert.deepEqual([got.speaker, got.date, got.stance], [lavrov.id, tuesday.id, 'asserts']);
    set.update(claim.id, { speaker: '', date: '', stance: '' }, NOW);
    const cleared = set.get(claim.id)!;
    assert.deepEqual([cleared.speaker, cleared.date, cleared.stance], [undefined, undefined, undefined]);
  });

  it('refuses a speaker that is not an actor of the article, a date that is not a date, relations on non-claims', () => {
    const { set, lavrov, tuesday, claim, claim2 } = sample();
    assert.throws(
      () => set.update(claim.id, { speaker: tuesday.id }, NOW),
      /speaker of a claim must be an actor of this article; "\w+" is a date/,
    );
    assert.throws(() => set.update(claim.id, { speaker: 'nosuchid00' }, NOW), /is not one/);
    assert.throws(() => set.update(claim.id, { date: lavrov.id }, NOW), /date of a claim must be a date/);
    assert.throws(() => set.update(claim.id, { speaker: claim2.id }, NOW), /must be an actor/);
    assert.throws(
      () => set.update(lavrov.id, { speaker: lavrov.id }, NOW),
      /only claims have a speaker; this is an actor/,
    );
    assert.equal(set.get(claim.id)!.speaker, undefined, 'nothing changed');
  });

  it('removing the speaker (or the date) as an action drops the relations to it; plain remove (undo, merge) does not', () => {
    const { set, lavrov, tuesday, claim, claim2, kerry } = sample();
    set.update(claim.id, { speaker: lavrov.id, date: tuesday.id }, NOW);
    set.update(claim2.id, { speaker: kerry.id, date: tuesday.id }, NOW);
    set.removeWithRelations(tuesday.id, NOW);
    assert.deepEqual([set.get(claim.id)!.date, set.get(claim2.id)!.date], [undefined, undefined]);
    assert.equal(set.get(claim.id)!.speaker, lavrov.id);
    set.remove(lavrov.id);
    assert.equal(set.get(claim.id)!.speaker, lavrov.id, 'kept, reported as dangling');
    assert.deepEqual(
      set.danglingRelations().map((d) => [d.claim.id, d.relation, d.target]),
      [[claim.id, 'speaker', lavrov.id]],
    );
  });

  it('relabelling drops what no longer fits: a claim that becomes an actor loses its relations; an actor that becomes a claim is no speaker', () => {
    const { set, lavrov, claim } = sample();
    set.update(claim.id, { speaker: lavrov.id, stance: 'denies' }, NOW);
    set.update(lavrov.id, { label: 'claim' }, NOW);
    assert.equal(set.get(claim.id)!.speaker, undefined);
    set.update(claim.id, { label: 'actor' }, NOW);
    assert.equal(set.get(claim.id)!.stance, undefined);
  });

  it('orders the actors nearest to a claim first, the one before it first at equal distance, orphans left out', () => {
    const { set, lavrov, kerry, claim, claim2 } = sample();
    assert.deepEqual(
      nearest(set.annotations, set.get(claim.id)!, 'actor').map((a) => a.id),
      [lavrov.id, kerry.id],
    );
    assert.deepEqual(
      nearest(set.annotations, set.get(claim2.id)!, 'actor').map((a) => a.id),
      [kerry.id, lavrov.id],
    );
    const orphan = { ...set.get(kerry.id)!, anchored: 'orphaned' as const };
    set.restore(orphan);
    assert.deepEqual(
      nearest(set.annotations, set.get(claim2.id)!, 'actor').map((a) => a.id),
      [lavrov.id],
    );
  });

  it('writes the relations to the sidecar and reads them back; a bad id is refused with its line and column', () => {
    const { set, lavrov, tuesday, claim } = sample();
    set.update(claim.id, { speaker: lavrov.id, date: tuesday.id, stance: 'asserts "fully"' }, NOW);
    const source = serializeSidecar({ ...emptySidecar('a.txt'), annotations: set.annotations });
    assert.match(
      source,
      new RegExp(`speaker: "${lavrov.id}"\\n\\s+date: "${tuesday.id}"\\n\\s+stance: "asserts \\\\"fully\\\\""`),
    );
    const parsed = parseSidecar(source);
    assert.ok(parsed.ok);
    assert.deepEqual(
      parsed.sidecar.annotations.find((a) => a.id === claim.id),
      set.get(claim.id),
    );
    const bad = source.replace(`speaker: "${lavrov.id}"`, 'speaker: "not an id!"');
    const result = parseSidecar(bad);
    assert.ok(!result.ok);
    const line = bad.split('\n').findIndex((l) => l.includes('not an id!')) + 1;
    assert.equal(result.problems[0].line, line);
    assert.match(result.problems[0].message, /speaker/);
  });

  it('merges speaker, date and stance field by field (three-way)', () => {
    const { set, lavrov, kerry, claim } = sample();
    const base = set.annotations;
    const ours = base.map((a) => (a.id === claim.id ? { ...a, speaker: lavrov.id } : a));
    const theirs = base.map((a) => (a.id === claim.id ? { ...a, stance: 'doubts' } : a));
    const merged = mergeAnnotations(base, ours, theirs);
    const m = merged.annotations.find((a) => a.id === claim.id)!;
    assert.deepEqual([m.speaker, m.stance, merged.conflicts], [lavrov.id, 'doubts', []]);
    const theirs2 = base.map((a) => (a.id === claim.id ? { ...a, speaker: kerry.id } : a));
    const conflict = mergeAnnotations(base, ours, theirs2);
    assert.deepEqual(
      [conflict.annotations.find((a) => a.id === claim.id)!.speaker, conflict.conflicts],
      [lavrov.id, [claim.id]],
    );
  });

  it('removal with its relations is one undo step in a session', async () => {
    const { set, lavrov, claim } = sample();
    set.update(claim.id, { speaker: lavrov.id }, NOW);
    const storage = new MemoryStorage(serializeSidecar({ ...emptySidecar('a.txt'), annotations: set.annotations }));
    const session = new SidecarSession(storage, 'a.txt', TEXT);
    await session.load();
    await session.remove(lavrov.id, NOW);
    assert.equal(session.set.get(claim.id)!.speaker, undefined);
    await session.undo();
    assert.equal(session.set.get(claim.id)!.speaker, lavrov.id);
    assert.ok(session.set.get(lavrov.id));
  });

  it('hovers show speaker (entity name and mention), date with value and stance, escaped; a missing target is named', () => {
    const { set, lavrov, tuesday, claim } = sample();
    set.update(claim.id, { speaker: lavrov.id, date: tuesday.id, stance: '[x](command:evil)' }, NOW);
    set.restore({ ...set.get(tuesday.id)!, value: '2015-12-15TEV' });
    const md = hoverMarkdown([set.get(claim.id)!], {
      byId: (id) => set.get(id),
      entityName: (a) => (a.id === lavrov.id ? 'Sergey Lavrov' : a.quote),
    });
    // each piece of file text is isolated (FSI…PDI), the date's value left-to-right inside it
    // names and quotes each in an isolate: the marks keep the sentence's order around Arabic
    assert.match(md, /Speaker: \u2068\u2068Sergey Lavrov\u2069 \\\(“\u2068سيرغي لافروف\u2069”\\\)\u2069/);
    assert.match(md, /Said on: \u2068مساء الثلاثاء \\= \u20662015\\-12\\-15TEV\u2069\u2069/);
    assert.match(md, /Stance: \u2068\\\[x\\\]\\\(command\\:evil\\\)\u2069/);
    set.remove(lavrov.id);
    assert.match(
      hoverMarkdown([set.get(claim.id)!], { byId: (id) => set.get(id) }),
      /Speaker: \u2068missing annotation \w+\u2069/,
    );
  });
});

describe('the tree outline: claims grouped by speaker', () => {
  it("groups claims by their speaker's entity across articles; no speaker last", () => {
    const a = sample();
    a.set.update(a.claim.id, { speaker: a.lavrov.id }, NOW);
    const b = sample();
    b.set.update(b.claim.id, { speaker: b.lavrov.id }, NOW);
    b.set.update(b.claim2.id, { speaker: b.kerry.id }, NOW);
    const mentions = [
      ...a.set.annotations.map((annotation) => ({ annotation, article: 'file:///a.txt' })),
      ...b.set.annotations.map((annotation) => ({ annotation, article: 'file:///b.txt' })),
    ];
    const outline = outlineEntities(mentions);
    assert.deepEqual(
      outline.claimsBySpeaker.map((g) => [g.name, g.mentions.length]),
      [
        ['سيرغي لافروف', 2],
        ['كيري', 1],
        ['No speaker', 1],
      ],
    );
    assert.equal(outline.claimsBySpeaker.at(-1)!.key, '');
    // with a registry: groups by entity id and shows the registry's name
    const registry = outlineEntities(mentions, {
      groupKey: (x) => (x.quote.includes('لافروف') || x.quote === 'كيري' ? 'id:same' : x.quote),
      registeredName: (x) => (x.quote.includes('لافروف') || x.quote === 'كيري' ? 'Both' : undefined),
    });
    assert.deepEqual(
      registry.claimsBySpeaker.map((g) => [g.name, g.mentions.length]),
      [
        ['Both', 3],
        ['No speaker', 1],
      ],
    );
    assert.deepEqual(
      registry.actors.map((g) => [g.name, g.mentions.length]),
      [['Both', 4]],
    );
  });

  it('a claim whose speaker id names no actor of its own article counts as without speaker (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b'), { minLength: 1, maxLength: 6 }), (articles) => {
        const mentions = articles.flatMap((article, i) => {
          const s = sample();
          if (i % 2 === 0) s.set.update(s.claim.id, { speaker: s.lavrov.id }, NOW);
          return s.set.annotations.map((annotation) => ({
            annotation: {
              ...annotation,
              speaker: annotation.speaker && i % 3 === 2 ? 'elsewhere0' : annotation.speaker,
            },
            article: `${article}${i}`,
          }));
        });
        const outline = outlineEntities(mentions);
        const total = outline.claimsBySpeaker.reduce((n, g) => n + g.mentions.length, 0);
        return total === outline.byLabel.claim.length;
      }),
    );
  });
});

const RUSSIA_READY = 'قال لافروف إن روسيا مستعدة.';

describe('claim relations: relations that cannot hold, and the speaker asked for first', () => {
  it('a claim cannot be its own speaker or date, also when relabelled in the same update', () => {
    const set = new AnnotationSet(RUSSIA_READY);
    const actor = set.add('actor', ...cpSpan(RUSSIA_READY, 'لافروف'), NOW);
    const date = set.add('date', ...cpSpan(RUSSIA_READY, 'قال'), NOW);
    assert.throws(() => set.update(actor.id, { label: 'claim', speaker: actor.id }, NOW), /the claim itself/);
    assert.throws(() => set.update(date.id, { label: 'claim', date: date.id }, NOW), /the claim itself/);
    assert.equal(set.get(actor.id)!.label, 'actor');
  });

  it('relations that do not hold in a hand-edited sidecar are reported with why, and hovers say so', () => {
    const set = new AnnotationSet(RUSSIA_READY);
    const actor = set.add('actor', ...cpSpan(RUSSIA_READY, 'لافروف'), NOW);
    const claim = set.add('claim', ...cpSpan(RUSSIA_READY, 'روسيا مستعدة'), NOW);
    set.restore({ ...set.get(claim.id)!, speaker: claim.id, date: actor.id });
    set.restore({ ...set.get(actor.id)!, speaker: actor.id });
    const problems = set.danglingRelations().map((d) => d.problem);
    assert.ok(
      problems.some((p) => /speaker of claim \w+ is the claim itself/.test(p)),
      problems.join('\n'),
    );
    assert.ok(problems.some((p) => /date of claim \w+ is \w+, which is not a date/.test(p)));
    assert.ok(problems.some((p) => /speaker is a relation of claims, and \w+ is an actor/.test(p)));
    const md = hoverMarkdown([set.get(claim.id)!], { byId: (id) => set.get(id) });
    assert.match(md, /Speaker: \u2068missing annotation/);
    assert.match(md, /Said on: \u2068not a date\\: actor/);
  });

  it('the speaker asked for first is the actor before the claim, not one inside it ("قال لافروف إن روسيا مستعدة")', () => {
    const set = new AnnotationSet(RUSSIA_READY);
    const lavrov = set.add('actor', ...cpSpan(RUSSIA_READY, 'لافروف'), NOW);
    const russia = set.add('actor', ...cpSpan(RUSSIA_READY, 'روسيا'), NOW);
    const claim = set.add('claim', ...cpSpan(RUSSIA_READY, 'روسيا مستعدة'), NOW);
    assert.deepEqual(
      nearest(set.annotations, claim, 'actor').map((a) => a.id),
      [lavrov.id, russia.id],
    );
    // "…، قال لافروف": right after the claim comes before one inside it
    const after = 'روسيا مستعدة، قال لافروف.';
    const s2 = new AnnotationSet(after);
    const c2 = s2.add('claim', ...cpSpan(after, 'روسيا مستعدة'), NOW);
    const inside = s2.add('actor', ...cpSpan(after, 'روسيا'), NOW);
    const speaker = s2.add('actor', ...cpSpan(after, 'لافروف'), NOW);
    assert.deepEqual(
      nearest(s2.annotations, c2, 'actor').map((a) => a.id),
      [speaker.id, inside.id],
    );
  });
});

describe('claim relations: the speaker asked for first, across paragraphs', () => {
  it('before the claim in its paragraph, then after it there, then other paragraphs (before first), inside the claim last', () => {
    const text =
      'من جهته أكد جون كيري أن الطرفين تبادلا المعلومات.\n\nوأشار الى أن موقف واشنطن من بشار الأسد لم يتغير.\n\nوقال لافروف إن موسكو توافق.';
    const set = new AnnotationSet(text);
    const kerry = set.add('actor', ...cpSpan(text, 'جون كيري'), NOW);
    const assad = set.add('actor', ...cpSpan(text, 'بشار الأسد'), NOW);
    const lavrov = set.add('actor', ...cpSpan(text, 'لافروف'), NOW);
    const claim = set.add('claim', ...cpSpan(text, 'موقف واشنطن من بشار الأسد لم يتغير'), NOW);
    assert.deepEqual(
      nearest(set.annotations, claim, 'actor', text).map((a) => a.quote),
      ['جون كيري', 'لافروف', 'بشار الأسد'],
    );
    // in its own paragraph, the one before the claim comes before a nearer one in the next paragraph
    const claim2 = set.add('claim', ...cpSpan(text, 'الطرفين تبادلا المعلومات'), NOW);
    assert.deepEqual(
      nearest(set.annotations, claim2, 'actor', text).map((a) => a.id),
      [kerry.id, assad.id, lavrov.id],
    );
  });
});

describe('claim relations: only claims have a stance', () => {
  it('only claims have a stance', () => {
    const set = new AnnotationSet(RUSSIA_READY);
    const actor = set.add('actor', ...cpSpan(RUSSIA_READY, 'لافروف'), NOW);
    assert.throws(() => set.update(actor.id, { stance: 'denies' }, NOW), /only claims have a stance; this is an actor/);
    assert.equal(set.get(actor.id)!.stance, undefined);
  });
});
