import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as chrono from 'chrono-node';
import { chronoMayFind } from '../../../../src/core/model/chronoGate';
import { normalizeDate } from '../../../../src/core/model/dateValue';
import { anercorpText } from '../../../support/largeSidecar';
import { repoRoot } from '../../../support/fixtures';

const REFERENCE = new Date(Date.UTC(2015, 11, 16, 12));

/** What chrono-node's ar and en parsers find in `text` (as dateValue asks them). */
function chronoFinds(text: string): boolean {
  return chrono.ar.parse(text, REFERENCE).length > 0 || chrono.en.parse(text, REFERENCE).length > 0;
}

describe('chronoGate: when chrono-node is not asked for a date value', () => {
  it('was argued for chrono-node 2.10 (re-read its ar and en patterns before taking another)', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot(), 'node_modules', 'chrono-node', 'package.json'), 'utf8')) as { version: string };
    assert.match(pkg.version, /^2\.10\./, 'chronoGate.ts lists what chrono 2.10 needs; check it for this version');
  });

  it('lets through what chrono reads: each kind of its parsers, Arabic and English', () => {
    const read = [
      'الأسبوع الماضي', 'هذا الشهر', 'العام المقبل', 'السنة القادمة', 'في 5 آب', 'اب', 'آذار', 'كانون الأول',
      'الثلاثاء', 'الأربعاء', 'يوم الإثنين', 'اثنين', 'أحد', 'احد', 'الجمعة', 'سبت', 'الخميس',
      'مساء أمس', 'البارحة', 'منتصف الليل', 'منتصف النهار', 'هذا الصباح', 'بعد الظهر', 'العصر', 'الآن',
      'الان', 'حاليا', 'اليوم', 'غدا', 'بعد غد', 'بكرة', 'منذ ثلاثة أيام', 'قبل يومين', 'بعد أسبوع',
      'خلال ساعتين', 'في غضون شهر', 'في ظرف عام', '2015-12-18', '18/12', '٣ مساء', '۱۸/۱۲', '12:30',
      'yesterday', 'next week', 'Dec 18', '3 days ago', 'noon', 'tonight', 'Friday',
    ];
    for (const text of read) assert.ok(chronoMayFind(text), `«${text}» goes to chrono`);
  });

  it('turns away only what chrono finds nothing in: every word, pair and triple of ANERcorp', () => {
    const words = anercorpText().split(/\s+/u).filter(Boolean);
    const texts = new Set<string>();
    for (let i = 0; i < words.length; i++) {
      texts.add(words[i]);
      if (i + 1 < words.length) texts.add(`${words[i]} ${words[i + 1]}`);
      if (i + 2 < words.length && i % 3 === 0) texts.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
    }
    let away = 0;
    for (const text of texts) {
      if (chronoMayFind(text)) continue;
      away++;
      assert.ok(!chronoFinds(text), `«${text}» was turned away, but chrono finds a date in it`);
    }
    // most words are turned away (that is what the gate is for)
    assert.ok(away > texts.size / 3, `${away} of ${texts.size} turned away`);
  });

  it('changes no value: quotes turned away had none before', () => {
    assert.equal(normalizeDate('قال'), undefined);
    assert.equal(normalizeDate('الوزارة', '2015-12-16'), undefined);
    assert.equal(normalizeDate('yesterday', '2015-12-16')?.value, '2015-12-15');
    assert.equal(normalizeDate('منذ ثلاثة أيام', '2015-12-16')?.value, '2015-12-13');
  });
});
