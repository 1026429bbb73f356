import { strict as assert } from 'node:assert';
import * as l10n from '@vscode/l10n';
import * as path from 'node:path';
import { cliLanguage, configureCliL10n } from '../../../src/cli/locale';
import { repoRoot } from '../../support/fixtures';

describe('the command line\'s language', () => {
  after(() => l10n.config({ contents: {} }));

  it('follows HASHIYA_LANG, then LC_ALL, LC_MESSAGES and LANG; C and POSIX are English', () => {
    assert.equal(cliLanguage({ LANG: 'ar_EG.UTF-8' }), 'ar-eg');
    assert.equal(cliLanguage({ LANG: 'en_GB.UTF-8', LC_ALL: 'ar_SA.UTF-8' }), 'ar-sa');
    assert.equal(cliLanguage({ LC_MESSAGES: 'ar', LANG: 'en_US' }), 'ar');
    assert.equal(cliLanguage({ HASHIYA_LANG: 'en', LC_ALL: 'ar_EG.UTF-8' }), 'en');
    assert.equal(cliLanguage({ LANG: 'C.UTF-8' }), undefined);
    assert.equal(cliLanguage({ LANG: 'POSIX' }), undefined);
    assert.equal(cliLanguage({}), undefined);
  });

  it('loads the Arabic bundle for ar and its regions, nothing for English or a language without one', () => {
    const folder = path.join(repoRoot(), 'l10n');
    assert.equal(configureCliL10n('en', folder), undefined);
    assert.equal(configureCliL10n('fr', folder), undefined);
    assert.equal(configureCliL10n('ar-eg', folder), path.join(folder, 'bundle.l10n.ar.json'));
    assert.equal(l10n.t('Not in the schema'), 'ليس في مخطط المشروع');
  });
});
