/**
 * Where an article's sidecar lives. The template is relative to the article's folder and must
 * contain `{fileName}` (the article's file name with its extension, so that `a.txt` and `a.md`
 * never share a sidecar). Default: `{fileName}.annotations.yaml`.
 */
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

/** Why `template` cannot be used as a sidecar template, or undefined when it can. */
export function checkSidecarTemplate(template: string): string | undefined {
  if (!template.includes('{fileName}')) return `the sidecar template "${template}" must contain {fileName}`;
  if (/^([\\/]|[A-Za-z]:)/.test(template)) return `the sidecar template "${template}" must be relative to the article's folder`;
  if (template.split(/[\\/]/).some((part) => part === '..')) return `the sidecar template "${template}" must not contain ..`;
  if (template.replace(/^(\.[\\/])+/, '') === '{fileName}') return 'the sidecar template must differ from the article\'s own name';
  if (template.split(/[\\/]/).some((part) => part === '.')) return `the sidecar template "${template}" must not contain . segments`;
  return undefined;
}

/** A glob that finds every sidecar made with `template` anywhere in a workspace. */
export function sidecarGlob(template: string = DEFAULT_SIDECAR_TEMPLATE): string {
  return `**/${template.split('{fileName}').join('*')}`;
}

/** The article file name a sidecar name was made from with `template`, or undefined. */
export function articleNameOfSidecar(sidecarRelative: string, template: string = DEFAULT_SIDECAR_TEMPLATE): string | undefined {
  const [before, after] = template.split('{fileName}');
  const path = sidecarRelative.replace(/\\/g, '/');
  if (!path.startsWith(before) || !path.endsWith(after) || path.length <= before.length + after.length) return undefined;
  const name = path.slice(before.length, path.length - after.length);
  return name.includes('/') ? undefined : name;
}
