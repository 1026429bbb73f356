// The grammatical gender of reporting verbs and actor mentions, by which a verb without a subject finds its speaker.
import { strict as assert } from 'node:assert';
import { actorGender, verbGender } from '../../../../src/core/suggest/grammaticalGender';
import type { Suggestion } from '../../../../src/core/suggest/suggest';

const actor = (quote: string, rule: string, entity?: string): Suggestion =>
  ({ label: 'actor', start: 0, end: [...quote].length, quote, rule, entity });

describe('grammatical gender', () => {
  it('of reporting verbs and participles as written (folded)', () => {
    assert.equal(verbGender('وقال', false), 'm');
    assert.equal(verbGender('وقالت', false), 'f');
    assert.equal(verbGender('لفت', false), 'm', '«لفت» ends in ت of its own');
    assert.equal(verbGender('لفتت', false), 'f');
    assert.equal(verbGender('تقول', false), 'f');
    assert.equal(verbGender('ويقول', false), 'm');
    assert.equal(verbGender('يقولون', false), undefined);
    assert.equal(verbGender('قالوا', false), undefined);
    assert.equal(verbGender('مضيفه', true), 'f');
    assert.equal(verbGender('مضيفا', true), 'm');
  });

  it('of actor mentions: people by title (or as a woman named before), bodies by their head, countries', () => {
    const none = new Set<string>();
    assert.equal(actorGender(actor('وزير الخارجية سامي الأحمد', 'title-name'), none), 'm');
    assert.equal(actorGender(actor('وزيرة الخارجية سارة الأحمد', 'title-name'), none), 'f');
    assert.equal(actorGender(actor('بيشور', 'surname', 'لورا بيشور'), new Set(['لورا بيشور'])), 'f');
    assert.equal(actorGender(actor('وزارة الخارجية الفرنسية', 'organisation'), none), 'f');
    assert.equal(actorGender(actor('مجلس الأمن', 'organisation'), none), 'm');
    assert.equal(actorGender(actor('إسرائيل', 'country'), none), 'f');
    assert.equal(actorGender(actor('لبنان', 'country'), none), 'm');
    assert.equal(actorGender(actor('سابك', 'quoted-name'), none), undefined);
  });
});
