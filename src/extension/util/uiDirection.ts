import * as vscode from 'vscode';

/** Languages written right to left (ISO 639-1), as VS Code names its display languages. */
const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'iw', 'ps', 'ur', 'ckb', 'dv', 'sd', 'ug', 'yi']);

/** True when VS Code's display language is written right to left (Arabic and the like). */
export function uiIsRtl(): boolean {
  return RTL_LANGUAGES.has(vscode.env.language.toLowerCase().split('-')[0]);
}

const RLI = '\u2067';
const PDI = '\u2069';

/**
 * `text` as one right-to-left run when the display language is RTL: wrapped in RLI … PDI
 * (Unicode Bidirectional Algorithm, UAX #9 §2.7), so that an Arabic sentence keeps its order, its
 * punctuation and its trailing "…" at the right end inside VS Code's workbench, which lays out
 * every label, notification and picker left to right (microsoft/vscode#11770). Unchanged in a
 * left-to-right language (file text inside is isolated on its own, see `plainText`). Empty text
 * and undefined pass as they are.
 */
export function uiLine<T extends string | undefined>(text: T): T {
  if (!text || !uiIsRtl() || (text.startsWith(RLI) && text.endsWith(PDI))) return text;
  return `${RLI}${text}${PDI}` as T;
}

/** A quick pick item with its label, description and detail laid out as {@link uiLine} says. */
export function uiItem<T extends vscode.QuickPickItem>(item: T): T {
  if (!uiIsRtl()) return item;
  return { ...item, label: uiLine(item.label), description: uiLine(item.description), detail: uiLine(item.detail) };
}

/** Quick pick or input box options with their title, placeholder and prompt laid out as {@link uiLine} says. */
export function uiOptions<T extends { title?: string; placeHolder?: string; prompt?: string }>(options: T): T {
  if (!uiIsRtl()) return options;
  const { title, placeHolder, prompt } = options;
  return { ...options, title: uiLine(title), placeHolder: uiLine(placeHolder), prompt: uiLine(prompt) };
}

/**
 * `vscode.window.showQuickPick` with every row, the title and the placeholder laid out as
 * {@link uiLine} says; resolves with the caller's own items (or strings), as VS Code would.
 */
export async function showQuickPick<T extends vscode.QuickPickItem | string>(
  items: readonly T[] | Thenable<readonly T[]>,
  options: vscode.QuickPickOptions & { canPickMany: true },
): Promise<T[] | undefined>;
export async function showQuickPick<T extends vscode.QuickPickItem | string>(
  items: readonly T[] | Thenable<readonly T[]>,
  options?: vscode.QuickPickOptions,
): Promise<T | undefined>;
export async function showQuickPick<T extends vscode.QuickPickItem | string>(
  items: readonly T[] | Thenable<readonly T[]>,
  options: vscode.QuickPickOptions = {},
): Promise<T | T[] | undefined> {
  if (!uiIsRtl()) {
    const rows = (await items) as readonly vscode.QuickPickItem[];
    return (await vscode.window.showQuickPick(rows, options)) as T | undefined;
  }
  const originals = new Map<vscode.QuickPickItem, T>();
  const shown = (await items).map((item) => {
    const row = typeof item === 'string' ? { label: item } : (item as vscode.QuickPickItem);
    const display = uiItem(row);
    originals.set(display, item);
    return display;
  });
  const picked: unknown = await vscode.window.showQuickPick(shown, uiOptions(options));
  if (picked === undefined) return undefined;
  if (Array.isArray(picked)) return picked.map((p) => originals.get(p as vscode.QuickPickItem)!);
  return originals.get(picked as vscode.QuickPickItem);
}

/** `vscode.window.showInputBox` with its title, prompt and placeholder laid out as {@link uiLine} says. */
export function showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined> {
  return vscode.window.showInputBox(uiOptions(options));
}

/**
 * `item` with its label, description and plain tooltip each laid out in the display language's
 * direction (`uiLine`): in an Arabic VS Code, the label and its counts stay apart and in order.
 */
export function uiTreeItem(item: vscode.TreeItem): vscode.TreeItem {
  if (!uiIsRtl()) return item;
  const label = item.label;
  if (typeof label === 'string') item.label = uiLine(label);
  else if (label) {
    const shown = uiLine(label.label);
    const shift = shown.length - label.label.length === 2 ? 1 : 0;
    item.label = { label: shown, highlights: label.highlights?.map(([a, b]) => [a + shift, b + shift]) };
  }
  if (typeof item.description === 'string') item.description = uiLine(item.description);
  if (typeof item.tooltip === 'string') item.tooltip = uiLine(item.tooltip);
  if (item.accessibilityInformation) {
    const accessible = item.accessibilityInformation;
    item.accessibilityInformation = { ...accessible, label: uiLine(accessible.label) };
  }
  return item;
}
