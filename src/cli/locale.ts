/**
 * The command line's language: HASHIYA_LANG, else the POSIX locale variables in their order of
 * precedence (LC_ALL, LC_MESSAGES, LANG; see POSIX.1-2017 §8.2), read as a language tag
 * ("ar_EG.UTF-8" → "ar"). Messages come from l10n/bundle.l10n.<language>.json beside the bundle
 * (the extension's own translations), through @vscode/l10n; English when there is none.
 */
import * as l10n from '@vscode/l10n';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The language the environment asks for ("ar", "en" …), or undefined (C/POSIX or unset). */
export function cliLanguage(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env.HASHIYA_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG;
  const tag = value?.split(/[.@]/)[0].replace('_', '-').toLowerCase();
  if (!tag || tag === 'c' || tag === 'posix') return undefined;
  return tag;
}

/**
 * Loads the bundle for `language` ("ar-eg" tries ar-eg, then ar) from `l10nFolder` into @vscode/l10n;
 * returns the file used, or undefined (English).
 */
export function configureCliL10n(
  language = cliLanguage(),
  l10nFolder = path.join(__dirname, '..', 'l10n'),
): string | undefined {
  if (!language || language === 'en' || language.startsWith('en-')) return undefined;
  for (const candidate of [language, language.split('-')[0]]) {
    const file = path.join(l10nFolder, `bundle.l10n.${candidate}.json`);
    if (existsSync(file)) {
      l10n.config({ fsPath: file });
      return file;
    }
  }
  return undefined;
}
