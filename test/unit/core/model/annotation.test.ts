import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { STANCES, stanceText, stanceTitle } from '../../../../src/core/model/annotation';
import { hoverFields } from '../../../../src/core/presentation/hoverText';
import { repoRoot } from '../../../support/fixtures';

describe('stances as shown: the interface language, the stored value kept', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('in English a stance is its stored value; a typed one is shown as written', () => {
    for (const stance of STANCES) assert.equal(stanceText(stance), stance);
    assert.equal(stanceTitle('hedges'), undefined);
    assert.equal(stanceText('hedges'), 'hedges');
  });

  it('in Arabic each offered stance has its word, with the stored English value after it', () => {
    const ar = JSON.parse(readFileSync(path.join(repoRoot(), 'l10n', 'bundle.l10n.ar.json'), 'utf8'));
    l10n.config({ contents: ar });
    const shown = STANCES.map(stanceText);
    assert.deepEqual(shown, [
      'يؤكّد (asserts)',
      'ينفي (denies)',
      'يشكّك (doubts)',
      'يحذّر (warns)',
      'يطالب (demands)',
      'يتوقّع (predicts)',
    ]);
    assert.equal(stanceText('يتحفّظ'), 'يتحفّظ', 'typed in Arabic: as written');
    const claim = { id: 'c1', label: 'claim', start: 0, end: 4, quote: 'said', prefix: '', suffix: '', stance: 'denies' };
    assert.equal(hoverFields(claim).stance, 'ينفي (denies)', 'the hover says it so too');
    // a speaker whose entity name differs from the mention: the mention in the language's quotation marks
    const actor = { id: 'a1', label: 'actor', start: 0, end: 5, quote: 'الوزير', prefix: '', suffix: '' };
    const fields = hoverFields(
      { ...claim, speaker: 'a1' },
      { byId: (id) => (id === 'a1' ? actor : undefined), entityName: () => 'سيرغي لافروف' },
    );
    assert.equal(fields.speaker, '\u2068سيرغي لافروف\u2069 («\u2068الوزير\u2069»)');
  });
});
