/**
 * Where an article's sidecar lives. The template is relative to the article's folder and must
 * contain `{fileName}` (the article's file name with its extension, so that `a.txt` and `a.md`
 * never share a sidecar). Default: `{fileName}.annotations.yaml`.
 */
import * as l10n from '@vscode/l10n';

export const DEFAULT_SIDECAR_TEMPLATE = '{fileName}.annotations.yaml';

/**
 * The sidecar path for `articleFileName` (a bare file name), relative to the article's folder,
 * with `/` separators.
 * @throws Error when the template lacks `{fileName}`, is absolute or leaves the folder with `..`.
 */
export function sidecarRelativePath(articleFileName: string, template: string = DEFAULT_SIDECAR_TEMPLATE): string {
  const problem = checkSidecarTemplate(template);
  if (problem) throw new Error(problem);
  return template.split('{fileName}').join(articleFileName).replace(/\\/g, '/');
}

/** Folders of version control: a sidecar template never writes into them. */
const VCS_FOLDERS = new Set(['.git', '.hg', '.svn']);

/**
 * Why `template` cannot be used as a sidecar template, or undefined when it can. Refused, in
 * every mode (a repository's own settings may hold the template): no `{fileName}`; absolute or
 * drive paths; `..` or `.` segments (leaving the article's folder); a segment that is a
 * version-control folder (`.git`, `.hg`, `.svn`, any case, with Windows' trailing dots and
 * spaces), so that a write can never reach git's own files; characters that are not portable in
 * file names or change what a path means on Windows (controls, `: * ? " < > |`, alternate data
 * streams); Windows device names (CON, NUL, COM1...); the article's own name.
 */
export function checkSidecarTemplate(template: string): string | undefined {
  const shown = JSON.stringify(template);
  if (!template.includes('{fileName}')) return l10n.t('the sidecar template {0} must contain {fileName}', shown);
  if (/^([\\/]|[A-Za-z]:)/.test(template))
    return l10n.t("the sidecar template {0} must be relative to the article's folder", shown);
  const parts = template.split(/[\\/]/);
  // Windows drops trailing dots and spaces: ".. " is ".." there
  if (parts.some((part) => /^\.\.[. ]*$/.test(part)))
    return l10n.t('the sidecar template {0} must not contain ..', shown);
  if (template.replace(/^(\.[\\/])+/, '') === '{fileName}')
    return l10n.t("the sidecar template must differ from the article's own name");
  if (parts.some((part) => /^\.[ ]*$/.test(part)))
    return l10n.t('the sidecar template {0} must not contain . segments', shown);
  if (/[\u0000-\u001F\u007F-\u009F:*?"<>|]/u.test(template))
    return l10n.t('the sidecar template {0} must not contain control characters or any of : * ? " < > |', shown);
  if (parts.some((part) => VCS_FOLDERS.has(part.replace(/[. ]+$/, '').toLowerCase()))) {
    return l10n.t('the sidecar template {0} must not write into a version-control folder (.git, .hg, .svn)', shown);
  }
  if (parts.some((part) => /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i.test(part.replace(/[. ]+$/, '')))) {
    return l10n.t('the sidecar template {0} must not name a Windows device (CON, NUL, COM1...)', shown);
  }
  return undefined;
}

/** A glob that finds every sidecar made with `template` anywhere in a workspace. */
export function sidecarGlob(template: string = DEFAULT_SIDECAR_TEMPLATE): string {
  return `**/${template.split('{fileName}').join('*')}`;
}

/** The article file name a sidecar name was made from with `template`, or undefined. */
export function articleNameOfSidecar(
  sidecarRelative: string,
  template: string = DEFAULT_SIDECAR_TEMPLATE,
): string | undefined {
  const [before, after] = template.split('{fileName}');
  const path = sidecarRelative.replace(/\\/g, '/');
  if (!path.startsWith(before) || !path.endsWith(after) || path.length <= before.length + after.length)
    return undefined;
  const name = path.slice(before.length, path.length - after.length);
  return name.includes('/') ? undefined : name;
}

/**
 * Why a sidecar whose `text.file` is `recorded` does not belong to the article named
 * `articleName` (a bare file name), or undefined when it does. Names are compared in NFC (macOS
 * file systems hand out NFD names). A sidecar of another article (copied, or its article renamed
 * outside VS Code) is refused rather than put on this article's words.
 */
export function textFileProblem(recorded: string, articleName: string): string | undefined {
  if (recorded.normalize('NFC') === articleName.normalize('NFC')) return undefined;
  return l10n.t(
    'text.file is {0} but the article is {1}: the sidecar belongs to another article (if this article was renamed outside VS Code, set text.file to its new name)',
    JSON.stringify(recorded),
    JSON.stringify(articleName),
  );
}
