// The news gold of issue 11 (test/fixtures/news-gold: README, GUIDELINES, NOTICE): its sidecars are valid, hold
// their article's text, and keep the shape the guidelines give, so an evaluation can rely on them.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parseSidecar } from '../../../../src/core/format/sidecar';
import { textSha256 } from '../../../../src/core/text/textHash';
import { fixturePath } from '../../../support/fixtures';

const HALVES = ['tune', 'report'] as const;
const STANCES = new Set(['asserts', 'denies', 'doubts', 'warns', 'demands', 'predicts']);
const WORD = /[\p{L}\p{M}\p{N}]/u;
const PROCLITICS = 'وفبلك';
// TIMEX3 values used by the guidelines: day, month, year, ISO week, half, quarter, time, part of a day, range
const VALUE = /^(\d{4}|XXXX)(-(\d{2}(-\d{2}(T(\d{2}:\d{2}|MO|AF|EV|NI))?)?|W\d{2}|H[12]|Q[1-4]))?(\/.+)?$/;

function articles(half: string): string[] {
  return readdirSync(fixturePath('news-gold', half)).filter((n) => n.endsWith('.txt')).sort();
}

/** True when code point `at` of `cps` is a word edge: no letter on one side, or a proclitic (1–2 letters) before. */
function wordEdgeAt(cps: string[], at: number, side: 'start' | 'end'): boolean {
  const before = at > 0 ? cps[at - 1] : ' ';
  const after = at < cps.length ? cps[at] : ' ';
  if (!WORD.test(before) || !WORD.test(after)) return true;
  if (side === 'end') return false;
  let k = at - 1;
  while (k >= 0 && PROCLITICS.includes(cps[k])) k--;
  return at - k - 1 <= 2 && (k < 0 || !WORD.test(cps[k]));
}

describe('news gold (issue 11): thirty-four hand-annotated Arabic articles, split into tune and report', () => {
  it('has twenty-six articles in tune and eight in report, none in both', () => {
    const [tune, report] = HALVES.map(articles);
    assert.equal(tune.length, 26);
    assert.equal(report.length, 8);
    assert.deepEqual(tune.filter((n) => report.includes(n)), []);
  });

  for (const half of HALVES) {
    for (const name of articles(half)) {
      it(`${half}/${name}: a valid sidecar of this text, in the guidelines' shape`, () => {
        const file = fixturePath('news-gold', half, name);
        const text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
        const parsed = parseSidecar(readFileSync(`${file}.annotations.yaml`, 'utf8'));
        assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
        const sidecar = parsed.sidecar;
        const cps = Array.from(text);
        assert.equal(sidecar.text.file, path.basename(file));
        assert.equal(sidecar.text.sha256, textSha256(text));
        assert.equal(sidecar.text.length, cps.length);
        assert.match(sidecar.published?.date ?? '', /^20\d{2}-\d{2}-\d{2}$/);
        // the file name carries the publication date: <outlet>-<yyyymmdd>-<topic>.txt
        assert.equal(sidecar.published?.date.replace(/-/g, ''), /-(\d{8})-/.exec(name)?.[1]);
        const byId = new Map(sidecar.annotations.map((a) => [a.id, a]));
        const labels = new Set<string>();
        for (const a of sidecar.annotations) {
          const where = `${a.label} ${a.start}..${a.end} «${a.quote}»`;
          labels.add(a.label);
          assert.equal(cps.slice(a.start, a.end).join(''), a.quote, where);
          assert.equal(a.quote.trim(), a.quote, where);
          assert.ok(wordEdgeAt(cps, a.start, 'start') && wordEdgeAt(cps, a.end, 'end'), `not on word edges: ${where}`);
          assert.equal(a.author, 'gold', where);
          if (a.label === 'actor') assert.ok(a.entity, `actor without entity: ${where}`);
          if (a.label === 'date') assert.match(a.value ?? '', VALUE, where);
          if (a.label === 'claim') {
            assert.equal(byId.get(a.speaker ?? '')?.label, 'actor', `speaker: ${where}`);
            assert.ok(STANCES.has(a.stance ?? ''), `stance: ${where}`);
            if (a.date !== undefined) assert.equal(byId.get(a.date)?.label, 'date', `date: ${where}`);
          }
        }
        assert.deepEqual([...labels].sort(), ['actor', 'claim', 'date']);
      });
    }
  }
});
