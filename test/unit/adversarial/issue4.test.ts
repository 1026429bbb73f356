// Defects found by an adversarial review of the issue-4 features, each with its neighbours.
import { strict as assert } from 'node:assert';
import type { Annotation } from '../../../src/core/model/annotation';
import { AnnotationSet } from '../../../src/core/model/annotationSet';
import { findOccurrences, searchScore } from '../../../src/core/text/arabicSearch';
import { nearest } from '../../../src/core/entities/entities';
import { createEntity, mergeEntities, parseRegistry, serializeRegistry } from '../../../src/core/entities/entityRegistry';
import { hoverMarkdown } from '../../../src/core/presentation/hoverText';
import { acceptInto, moveSuggestions, pending } from '../../../src/core/suggest/pendingSuggestions';
import { SidecarSession } from '../../../src/core/session/sidecarSession';
import { suggest } from '../../../src/core/suggest/suggest';
import fc from 'fast-check';
import { MemoryStorage, TEST_PROVENANCE as NOW, cpSlice, cpSpan } from '../../support/model';

const TEXT = 'قال لافروف إن روسيا مستعدة.';

describe('issue 4 hardening: actions are all or nothing', () => {
  it('an action that throws part-way leaves the annotations as they were, records no undo step and writes nothing', async () => {
    const storage = new MemoryStorage();
    const session = new SidecarSession(storage, 'a.txt', TEXT);
    await session.load();
    const actor = { key: 'k1', label: 'actor' as const, start: 4, end: 10, quote: 'لافروف', rule: 't' };
    const claim = { key: 'k2', label: 'claim' as const, start: 14, end: 999, quote: 'روسيا مستعدة', rule: 't' };
    await assert.rejects(session.mutate((set) => acceptInto(set, [actor, claim], NOW)), RangeError);
    assert.equal(session.set.size, 0);
    assert.equal(session.undoDescription, undefined);
    await session.add('date', 0, 3, NOW);
    assert.deepEqual(session.set.annotations.map((a) => a.label), ['date']);
    assert.ok(!storage.content?.includes('label: "actor"'), 'the half-done actor never reaches the file');
  });

  it('a suggestion whose words are no longer at its offsets is refused, not stored on other words', async () => {
    const session = new SidecarSession(new MemoryStorage(), 'a.txt', TEXT);
    await session.load();
    const stale = { key: 'k', label: 'actor' as const, start: 4, end: 10, quote: 'لافروف', rule: 't' };
    session.applyTextChanges([{ start: 0, end: 0, text: 'أمس ' }], `أمس ${TEXT}`);
    await assert.rejects(session.mutate((set) => acceptInto(set, [stale], NOW)), /no longer at 4\.\.10/);
    assert.equal(session.set.size, 0);
    // moved with the edit, it is accepted on its words
    const [moved] = moveSuggestions([stale], [{ start: 0, end: 0, text: 'أمس ' }]);
    await session.mutate((set) => acceptInto(set, [moved], NOW));
    assert.equal(session.set.annotations[0].quote, 'لافروف');
  });

  it('update checks everything before changing anything (a bad value does not relabel or drop relations)', () => {
    const set = new AnnotationSet(TEXT);
    const actor = set.add('actor', ...cpSpan(TEXT, 'لافروف'), NOW);
    const claim = set.add('claim', ...cpSpan(TEXT, 'روسيا مستعدة'), NOW);
    set.update(claim.id, { speaker: actor.id }, NOW);
    assert.throws(() => set.update(actor.id, { label: 'date', value: 'nonsense' }, NOW), /not a date value/);
    assert.equal(set.get(actor.id)!.label, 'actor');
    assert.equal(set.get(claim.id)!.speaker, actor.id);
  });
});

describe('issue 4 hardening: relations', () => {
  it('a claim cannot be its own speaker or date, also when relabelled in the same update', () => {
    const set = new AnnotationSet(TEXT);
    const actor = set.add('actor', ...cpSpan(TEXT, 'لافروف'), NOW);
    const date = set.add('date', ...cpSpan(TEXT, 'قال'), NOW);
    assert.throws(() => set.update(actor.id, { label: 'claim', speaker: actor.id }, NOW), /the claim itself/);
    assert.throws(() => set.update(date.id, { label: 'claim', date: date.id }, NOW), /the claim itself/);
    assert.equal(set.get(actor.id)!.label, 'actor');
  });

  it('relations that do not hold in a hand-edited sidecar are reported with why, and hovers say so', () => {
    const set = new AnnotationSet(TEXT);
    const actor = set.add('actor', ...cpSpan(TEXT, 'لافروف'), NOW);
    const claim = set.add('claim', ...cpSpan(TEXT, 'روسيا مستعدة'), NOW);
    set.restore({ ...set.get(claim.id)!, speaker: claim.id, date: actor.id });
    set.restore({ ...set.get(actor.id)!, speaker: actor.id });
    const problems = set.danglingRelations().map((d) => d.problem);
    assert.ok(problems.some((p) => /speaker of claim \w+ is the claim itself/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /date of claim \w+ is \w+, which is not a date/.test(p)));
    assert.ok(problems.some((p) => /speaker is a relation of claims, and \w+ is an actor/.test(p)));
    const md = hoverMarkdown([set.get(claim.id)!], { byId: (id) => set.get(id) });
    assert.match(md, /Speaker: \u2068missing annotation/);
    assert.match(md, /Said on: \u2068not a date\\: actor/);
  });

  it('the speaker asked for first is the actor before the claim, not one inside it ("قال لافروف إن روسيا مستعدة")', () => {
    const set = new AnnotationSet(TEXT);
    const lavrov = set.add('actor', ...cpSpan(TEXT, 'لافروف'), NOW);
    const russia = set.add('actor', ...cpSpan(TEXT, 'روسيا'), NOW);
    const claim = set.add('claim', ...cpSpan(TEXT, 'روسيا مستعدة'), NOW);
    assert.deepEqual(nearest(set.annotations, claim, 'actor').map((a) => a.id), [lavrov.id, russia.id]);
    // "…، قال لافروف": right after the claim comes before one inside it
    const after = 'روسيا مستعدة، قال لافروف.';
    const s2 = new AnnotationSet(after);
    const c2 = s2.add('claim', ...cpSpan(after, 'روسيا مستعدة'), NOW);
    const inside = s2.add('actor', ...cpSpan(after, 'روسيا'), NOW);
    const speaker = s2.add('actor', ...cpSpan(after, 'لافروف'), NOW);
    assert.deepEqual(nearest(s2.annotations, c2, 'actor').map((a) => a.id), [speaker.id, inside.id]);
  });
});

describe('issue 4 hardening: finding occurrences', () => {
  it('finds ال-names after the preposition ل, which drops the alef (للحكومة), with and without و/ف', () => {
    for (const text of ['قالت للحكومة', 'وللحكومة رأي', 'فللحكومة رأي']) {
      const found = findOccurrences(text, 'الحكومة');
      assert.equal(found.length, 1, text);
      assert.equal(found[0].quote, 'لحكومة');
      assert.equal(cpSlice(text, found[0].start, found[0].end), 'لحكومة');
    }
    assert.equal(findOccurrences('بالحكومة', 'الحكومة')[0].quote, 'الحكومة');
  });

  it('never splits a grapheme cluster: harakat after the name belong to it, a match inside an emoji sequence is none', () => {
    assert.deepEqual(findOccurrences('👩‍👩‍👧 👩', '👩').map((o) => o.quote), ['👩']);
    const voweled = 'قال لافروفُ إن';
    const [o] = findOccurrences(voweled, 'لافروف');
    assert.equal(o.quote, 'لافروفُ');
    const set = new AnnotationSet(TEXT);
    const a = set.add('actor', ...cpSpan(TEXT, 'لافروف'), NOW);
    set.applyChanges([{ start: a.end, end: a.end, text: 'ُ' }], 'قال لافروفُ إن روسيا مستعدة.');
    assert.equal(set.get(a.id)!.quote, 'لافروفُ', 'a haraka typed after a span joins it');
  });

  it('accepting a suggestion after a haraka was typed at its end takes the whole cluster', () => {
    const [s] = pending([{ label: 'actor', start: 4, end: 10, quote: 'لافروف', rule: 't' }], []);
    const text = 'قال لافروفُ إن روسيا مستعدة.';
    const [moved] = moveSuggestions([s], [{ start: 10, end: 10, text: 'ُ' }]);
    const set = new AnnotationSet(text);
    acceptInto(set, [moved], NOW);
    assert.equal(set.annotations[0].quote, 'لافروفُ');
  });

  it('a name never runs across a line break; several spaces or a tab are fine', () => {
    assert.deepEqual(findOccurrences('سيرغي\n\n\nلافروف', 'سيرغي لافروف'), []);
    assert.deepEqual(findOccurrences('سيرغي\r\nلافروف', 'سيرغي لافروف'), []);
    assert.equal(findOccurrences('سيرغي  لافروف', 'سيرغي لافروف').length, 1);
    assert.equal(findOccurrences('سيرغي\tلافروف', 'سيرغي لافروف').length, 1);
  });

  it('search: a clitic does not stop an exact match from ranking first', () => {
    assert.ok(searchScore('ولافروف', 'لافروف') > searchScore('ولافروف', 'سيرغي لافروف'));
    assert.ok(searchScore('بالأمم المتحدة', 'الأمم المتحدة') > searchScore('بالأمم', 'الأمم المتحدة'));
  });

  it('suggestions overlapping an annotation of their label are not offered again', () => {
    const annotations: Annotation[] = [new AnnotationSet(TEXT).add('claim', 11, 26, NOW)];
    const list = pending([
      { label: 'claim', start: 14, end: 26, quote: 'روسيا مستعدة', rule: 't' },
      { label: 'actor', start: 14, end: 19, quote: 'روسيا', rule: 't' },
    ], annotations);
    assert.deepEqual(list.map((s) => s.label), ['actor']);
  });
});

describe('issue 4 hardening: the registry', () => {
  it('merging keeps the comments written on the entity merged away (on the one it went into)', () => {
    let { registry, entity: a } = createEntity({ entities: [] }, { name: 'سيرغي لافروف', kind: 'person' });
    const made = createEntity(registry, { name: 'Lavrov', kind: 'person' });
    registry = made.registry;
    const source = serializeRegistry(registry).replace(`  - id: "${made.entity.id}"`, `  # about B: check the spelling\n  - id: "${made.entity.id}"`);
    const parsed = parseRegistry(source);
    assert.ok(parsed.ok);
    const merged = serializeRegistry(mergeEntities(parsed.registry, made.entity.id, a.id), parsed.parsed);
    assert.match(merged, /about B: check the spelling/);
    const again = parseRegistry(merged);
    assert.ok(again.ok);
    assert.deepEqual(again.registry.entities.map((e) => [e.id, e.replaces]), [[a.id, [made.entity.id]]]);
  });
});

describe('issue 4 hardening, second review: replacements of many lines', () => {
  const lf = 'line one\nline two\nline three Kerry here\nline four\n';

  it('changing LF to CR LF in one whole-text replacement moves annotations instead of orphaning them', () => {
    const crlf = lf.replace(/\n/g, '\r\n');
    const set = new AnnotationSet(lf);
    const kerry = set.add('actor', ...cpSpan(lf, 'Kerry'), NOW);
    const across = set.add('claim', ...cpSpan(lf, 'two\nline three'), NOW);
    set.applyChanges([{ start: 0, end: [...lf].length, text: crlf }], crlf);
    const k = set.get(kerry.id)!;
    assert.equal(k.anchored, undefined);
    assert.equal(cpSlice(crlf, k.start, k.end), 'Kerry');
    const c = set.get(across.id)!;
    assert.equal(c.anchored, undefined);
    assert.equal(c.quote, 'two\r\nline three', 'the line break inside it changed with the text');
    // and back
    set.applyChanges([{ start: 0, end: [...crlf].length, text: lf }], lf);
    assert.equal(set.get(kerry.id)!.quote, 'Kerry');
    assert.equal(set.get(across.id)!.quote, 'two\nline three');
  });

  it('a file changed in two places, reported as one replacement, keeps the annotation between them exact', () => {
    const after = lf.replace('line one', 'the first line').replace('line four', 'line 4');
    const set = new AnnotationSet(lf);
    const kerry = set.add('actor', ...cpSpan(lf, 'Kerry'), NOW);
    set.applyChanges([{ start: 0, end: [...lf].length, text: after }], after);
    const k = set.get(kerry.id)!;
    assert.equal(k.anchored, undefined);
    assert.equal(cpSlice(after, k.start, k.end), 'Kerry');
  });

  it('edits on other lines, reported as one replacement, never touch an annotation (property)', () => {
    const line = fc.stringMatching(/^[a-z ءاب📉]{0,12}$/);
    fc.assert(fc.property(fc.array(line, { minLength: 3, maxLength: 10 }), fc.nat(), fc.array(fc.tuple(fc.nat(), line), { maxLength: 4 }), fc.constantFrom('\n', '\r\n'),
      (lines, pick, edits, eol) => {
        const target = pick % lines.length;
        lines[target] = `<${lines[target]}>`;
        const before = lines.join('\n');
        const changed = [...lines];
        for (const [at, text] of edits) if (at % lines.length !== target) changed[at % lines.length] = text;
        const after = changed.join(eol);
        const set = new AnnotationSet(before);
        const [s, e] = cpSpan(before, lines[target]);
        const a = set.add('claim', s, e, NOW);
        set.applyChanges([{ start: 0, end: [...before].length, text: after }], after);
        const moved = set.get(a.id)!;
        return moved.anchored === undefined && moved.quote === lines[target] && cpSlice(after, moved.start, moved.end) === lines[target];
      }));
  });

  it('typing marks after a span joins them; deleting and retyping its first letter gives it back as it was; a ZWJ joining two spans makes both the whole emoji (never an offset inside a cluster)', () => {
    const text = 'قال لَافروف إن';
    const set = new AnnotationSet(text);
    const a = set.add('actor', ...cpSpan(text, 'لَافروف'), NOW);
    const at = a.start;
    set.applyChanges([{ start: at, end: at + 1, text: '' }], 'قال َافروف إن');
    // its first letter gone, the haraka hangs on the space: the span takes the space, never starts inside the cluster
    assert.equal(set.get(a.id)!.quote, ' َافروف');
    set.applyChanges([{ start: at, end: at, text: 'ل' }], text);
    assert.equal(set.get(a.id)!.quote, 'لَافروف');
    const emoji = '👩👧';
    const s2 = new AnnotationSet(emoji);
    const first = s2.add('actor', 0, 1, NOW);
    const second = s2.add('actor', 1, 2, NOW);
    s2.applyChanges([{ start: 1, end: 1, text: '\u200D' }], '👩\u200D👧');
    // one character now: both spans are all of it (the brief: no stored offset inside a grapheme cluster)
    assert.equal(s2.get(first.id)!.quote, '👩\u200D👧');
    assert.equal(s2.get(second.id)!.quote, '👩\u200D👧');
  });
});

describe('issue 4 hardening, second review: claims and suggestions', () => {
  it('only claims have a stance', () => {
    const set = new AnnotationSet(TEXT);
    const actor = set.add('actor', ...cpSpan(TEXT, 'لافروف'), NOW);
    assert.throws(() => set.update(actor.id, { stance: 'denies' }, NOW), /only claims have a stance; this is an actor/);
    assert.equal(set.get(actor.id)!.stance, undefined);
  });

  it('an accepted claim takes an actor already marked over its speaker (wider or narrower), never a second one', () => {
    const text = 'أعلن وزير الخارجية الروسي سيرغي لافروف أنه تم الاتفاق على عقد لقاء.';
    const set = new AnnotationSet(text);
    const wide = set.add('actor', ...cpSpan(text, 'وزير الخارجية الروسي سيرغي لافروف'), NOW);
    const [cs, ce] = cpSpan(text, 'تم الاتفاق على عقد لقاء');
    const [ss, se] = cpSpan(text, 'سيرغي لافروف');
    const added = acceptInto(set, [{ key: 'k', label: 'claim', start: cs, end: ce, quote: 'تم الاتفاق على عقد لقاء', rule: 't', speaker: { start: ss, end: se, quote: 'سيرغي لافروف' } }], NOW);
    assert.deepEqual(added.map((a) => a.label), ['claim']);
    assert.equal(set.annotations.find((a) => a.label === 'claim')!.speaker, wide.id);
  });

  it('merging keeps the comments on the merged entity\'s single aliases', () => {
    const registry = createEntity({ entities: [] }, { name: 'A', kind: 'person' });
    const b = createEntity(registry.registry, { name: 'B', kind: 'person', aliases: ['B1'] });
    const source = serializeRegistry(b.registry).replace('- "B1"', '- "B1"  # source: Reuters');
    const parsed = parseRegistry(source);
    assert.ok(parsed.ok);
    const merged = serializeRegistry(mergeEntities(parsed.registry, b.entity.id, registry.entity.id), parsed.parsed);
    assert.match(merged, /source: Reuters/);
  });
});

describe('issue 4 hardening, second trial: the speaker asked for first', () => {
  it('before the claim in its paragraph, then after it there, then other paragraphs (before first), inside the claim last', () => {
    const text = 'من جهته أكد جون كيري أن الطرفين تبادلا المعلومات.\n\nوأشار الى أن موقف واشنطن من بشار الأسد لم يتغير.\n\nوقال لافروف إن موسكو توافق.';
    const set = new AnnotationSet(text);
    const kerry = set.add('actor', ...cpSpan(text, 'جون كيري'), NOW);
    const assad = set.add('actor', ...cpSpan(text, 'بشار الأسد'), NOW);
    const lavrov = set.add('actor', ...cpSpan(text, 'لافروف'), NOW);
    const claim = set.add('claim', ...cpSpan(text, 'موقف واشنطن من بشار الأسد لم يتغير'), NOW);
    assert.deepEqual(nearest(set.annotations, claim, 'actor', text).map((a) => a.quote), ['جون كيري', 'لافروف', 'بشار الأسد']);
    // in its own paragraph, the one before the claim comes before a nearer one in the next paragraph
    const claim2 = set.add('claim', ...cpSpan(text, 'الطرفين تبادلا المعلومات'), NOW);
    assert.deepEqual(nearest(set.annotations, claim2, 'actor', text).map((a) => a.id), [kerry.id, assad.id, lavrov.id]);
  });
});

describe('issue 4 hardening, second trial: suggested claims', () => {
  it('a claim ends where the speaker goes on ("، مؤكدا أن…"), which starts a claim of its own', () => {
    const text = 'وأشار كيري إلى أن الموقف الأمريكي لم يتغير، مؤكدا في نفس الوقت أن الحل سياسي.';
    const claims = suggest(text).filter((s) => s.label === 'claim').map((s) => s.quote);
    assert.deepEqual(claims, ['الموقف الأمريكي لم يتغير', 'الحل سياسي']);
  });
});
