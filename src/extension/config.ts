import * as vscode from 'vscode';
import { DEFAULT_SIDECAR_TEMPLATE, checkSidecarTemplate } from '../core/format/sidecarPath';
import type { ViewSettings } from '../shared/protocol';
import { platform } from './platform/platform';

/** Reads Hashiya's settings (`hashiya.*`), falling back to defaults for invalid values. */
export function settings(scope?: vscode.Uri) {
  const c = vscode.workspace.getConfiguration('hashiya', scope ?? null);
  const template = c.get<string>('sidecar.template', DEFAULT_SIDECAR_TEMPLATE);
  return {
    sidecarTemplate: checkSidecarTemplate(template) ? DEFAULT_SIDECAR_TEMPLATE : template,
    sidecarTemplateProblem: checkSidecarTemplate(template),
    author: c.get<string>('author', '').trim() || platform().userName(),
    trimWhitespace: c.get<boolean>('trimWhitespace', true),
    decorateEditor: c.get<boolean>('editor.decorations', true),
    askForSpeaker: c.get<boolean>('claims.askForSpeaker', true),
    /** Whether a suggested actor includes its title («وزير الخارجية سامي الجميل») or not. */
    actorTitles: c.get<string>('suggestions.actorTitles', 'include') === 'exclude' ? 'exclude' as const : 'include' as const,
    view: {
      fontFamily: c.get<string>('view.fontFamily', '').trim(),
      fontSize: clamp(c.get<number>('view.fontSize', 18), 8, 72),
      lineHeight: clamp(c.get<number>('view.lineHeight', 1.9), 1, 4),
    } satisfies ViewSettings,
  };
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
