import { strict as assert } from 'node:assert';
import type { Annotation } from '../../../../src/core/model/annotation';
import { hoverFields, hoverMarkdown } from '../../../../src/core/presentation/hoverText';
import { ellipsize, escapeMarkdown } from '../../../../src/core/presentation/inertText';
import { readCase } from '../../../support/fixtures';

describe('hover text', () => {
  it('B23: markup, script, template syntax and command links stay literal text', () => {
    const bug = readCase('B23');
    for (const e of bug.expected) {
      const md = hoverMarkdown([{ id: e.id, label: e.type, start: e.start, end: e.end, quote: e.text, prefix: '', suffix: '' }]);
      assert.doesNotMatch(md, /(^|[^\\])[<[\]()]/, `unescaped markup in ${md}`);
      assert.ok(!md.includes('](command:'), 'no command link can form');
    }
    assert.equal(escapeMarkdown('[open](command:x)'), '\\[open\\]\\(command\\:x\\)');
    assert.equal(escapeMarkdown('{{7*7}} ${7*7}'), '\\{\\{7\\*7\\}\\} \\$\\{7\\*7\\}');
  });

  it('shows label, quote, entity, note, author and time', () => {
    const a: Annotation = { id: 'k', label: 'actor', start: 0, end: 6, quote: 'لافروف', prefix: '', suffix: '', entity: 'سيرغي لافروف', note: 'FM', author: 'mona', created: '2026-11-29T12:05:00.000Z' };
    const f = hoverFields(a);
    assert.deepEqual(f, {
      title: 'Actor', quote: 'لافروف', entity: 'سيرغي لافروف', note: 'FM', byline: 'by mona, made 2026-11-29 12:05',
      definition: 'A person, organisation, group or country that acts or speaks in the news.',
    });
    const md = hoverMarkdown([a]);
    assert.match(md, /\*\*Actor\*\* — \u2068لافروف\u2069/);
    assert.match(md, /Entity: \u2068سيرغي لافروف\u2069/);
  });

  it('warns about orphaned annotations and shortens long quotes in the middle', () => {
    const long = 'ب'.repeat(1000);
    const f = hoverFields({ id: 'k', label: 'claim', start: 0, end: 0, quote: long, prefix: '', suffix: '', anchored: 'orphaned' });
    assert.match(f.warning!, /Orphaned/);
    assert.equal([...f.quote].length, 399);
    assert.equal(ellipsize('😀'.repeat(10), 5), '😀😀…😀😀');
  });

  it('a date computed from a guessed publication date says so, in its own hover and in a claim\'s "Said on"', () => {
    const d: Annotation = { id: 'd', label: 'date', start: 0, end: 10, quote: 'يوم الجمعة', prefix: '', suffix: '', value: '2015-12-18', valueSource: 'computed' };
    const c: Annotation = { id: 'c', label: 'claim', start: 11, end: 20, quote: 'ستستأنف', prefix: '', suffix: '', date: 'd' };
    const context = { byId: (id: string) => (id === 'd' ? d : undefined), guessedFrom: (a: Annotation) => (a.id === 'd' ? '2015-12-16' : undefined) };
    assert.match(hoverFields(d, context).value!, /^2015-12-18 \(computed from a guessed publication date, 2015-12-16, the file's date: set the real one with "Hashiya: Set Publication Date"\)$/);
    assert.match(hoverFields(c, context).date!, /2015-12-18\u2069 \(from a guessed publication date\)$/);
    assert.equal(hoverFields(d, { guessedFrom: () => undefined }).value, '2015-12-18 (computed)');
    assert.equal(hoverFields({ ...d, valueSource: 'analyst' }, context).value, '2015-12-18 (set by the analyst)');
  });

  it('an actor not linked to an entity says so, never its own text as the entity (issue 9, first-use trial)', () => {
    const a: Annotation = { id: 'k', label: 'actor', start: 0, end: 6, quote: 'لافروف', prefix: '', suffix: '' };
    assert.equal(hoverFields(a).entity, 'not linked to an entity (E links it)');
    assert.equal(hoverFields({ ...a, entity: 'e1' }, { entityName: () => 'سيرغي لافروف' }).entity, 'سيرغي لافروف');
  });
});

describe('hover text: no theme icons', () => {
  it('never rely on theme icons, so $(name) in article or user text stays text', () => {
    const md = hoverMarkdown([{ id: 'a1', label: 'actor', start: 0, end: 0, quote: '$(zap)', prefix: '', suffix: '', note: '$(warning) Orphaned', anchored: 'orphaned' }]);
    assert.ok(!/(?<!\\)\$\(/.test(md), md);
    assert.match(md, /\u26A0 Orphaned/);
  });
});
