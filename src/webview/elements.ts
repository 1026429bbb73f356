/** Small DOM builders of the view. Text goes in as text nodes (textContent), never as HTML. */

/** A new element of `tag` with `className` and, when given, `content` as its text. */
export function el(tag: string, className: string, content?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (content !== undefined) node.textContent = content;
  return node;
}

/**
 * Text in quotation marks: the marks stay in the sentence's (left-to-right) order and the text
 * takes its own direction inside them (a <bdi>), so “…” around Arabic does not come out as ”…“
 * (a <q dir=auto> made the marks part of the Arabic run: a first-use finding).
 */
export function quotedText(className: string, text: string): HTMLElement {
  const q = el('q', className);
  q.append(el('bdi', '', text));
  return q;
}
