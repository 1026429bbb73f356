/**
 * Styles the host's data decides: label colours from the project schema and the text's font from
 * the settings. Set through CSSOM and custom properties, never inline style text, so the view's CSP
 * stays as it is.
 */
import { type ProjectSchema, backgroundOf, labelColour } from '../core/model/projectSchema';
import type { ViewSettings } from '../shared/protocol';
import type { Host } from './host';

const THEMES = [
  ['light', 'body.vscode-light'], ['dark', 'body.vscode-dark'], ['highContrast', 'body.vscode-high-contrast'],
] as const;

/**
 * Colours of labels that are not the preset's, as a constructable style sheet (colours are
 * validated #rrggbb / #rrggbbaa by the schema, label ids [a-z0-9_-]). Classes of label ids are
 * `label-<id>`: an id never takes another element's style.
 */
export function applyLabelStyles(schema: ProjectSchema, host: Host): void {
  const rules: string[] = [];
  for (const l of schema.labels) {
    const ids = [0, 1, 2].map((d) => `::highlight(hashiya-${l.id}-${d})`).join(', ');
    for (const [kind, selector] of THEMES) {
      const colour = labelColour(schema, l.id, kind);
      if (!colour) continue;
      rules.push(`${selector} { --${l.id}-bg: ${backgroundOf(colour)}; --${l.id}-border: ${colour}; }`);
    }
    if (labelColour(schema, l.id, 'dark') === undefined) continue;
    rules.push(`${ids} { background-color: var(--${l.id}-bg); }`);
    rules.push(`::highlight(hashiya-${l.id}-1), ::highlight(hashiya-${l.id}-2)`
      + ` { text-decoration: underline 1px dotted var(--${l.id}-border); }`);
    rules.push(`::highlight(hashiya-suggest-${l.id})`
      + ` { text-decoration: underline 2px dashed var(--${l.id}-border); text-underline-offset: 0.5em; }`);
    rules.push(`.swatch.label-${l.id}`
      + ` { background: var(--${l.id}-bg); box-shadow: inset 0 0 0 1px var(--${l.id}-border); }`);
  }
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(rules.join('\n'));
    document.adoptedStyleSheets = [sheet];
  } catch (err) {
    host.log(`label colours not applied: ${(err as Error).message}`);
  }
}

/** The text's font, size and line height. */
export function applySettings(settings: ViewSettings): void {
  const root = document.documentElement.style;
  if (settings.fontFamily) root.setProperty('--hashiya-font-family', settings.fontFamily);
  else root.removeProperty('--hashiya-font-family');
  root.setProperty('--hashiya-font-size', `${settings.fontSize}px`);
  root.setProperty('--hashiya-line-height', String(settings.lineHeight));
}
