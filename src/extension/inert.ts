/*
 * Text from files (quotes, names, a conflict's `with` label) for VS Code's plain-text places.
 * Interim home for the conflict views: the lead routes these through core/inertText (plainText,
 * plainMessage) when that module lands.
 */

/**
 * A piece of file text (a quote, a name, a conflict's description) for a plain-text place: a
 * tree item, a quick pick, the status bar, a notification. One line, at most `max` code points;
 * control and explicit bidi characters dropped, `$(` and `](` broken with an invisible U+2060 so
 * that no icon or link can form, and isolated (FSI…PDI) so that it cannot reorder what stands
 * around it. Display only. (To be replaced by core/inertText's plainText when it lands.)
 */
export function inertText(text: string, max = 60): string {
  const points = [...String(text).replace(/\s+/gu, ' ').trim()];
  const cut = points.length > max ? `${points.slice(0, max - 1).join('').trimEnd()}…` : points.join('');
  const clean = cut.replace(/[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu, '')
    .replace(/\$\(/g, '$\u2060(').replace(/\]\(/g, ']\u2060(');
  return `\u2068${clean}\u2069`;
}

/** A description built from {@link shownValue} pieces, with link and icon syntax broken (see {@link inertText}). */
export function inertMessage(message: string): string {
  return message.replace(/[\r\n]+/g, ' ').replace(/\$\(/g, '$\u2060(').replace(/\]\(/g, ']\u2060(');
}
