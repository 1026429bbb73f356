/**
 * Quoted words in the object of a verb of saying, calling or feeling («أعربت … عن "قلقها"», «دعت … إلى
 * إجراء تحقيق "شامل"»): the news gold's guidelines make each quoted part a claim of the verb's subject.
 * Offsets are into the folded text (claimRules maps them back). Quotation marks are paired per paragraph.
 */

/** A quotation in the verb's object, in its sentence: group 1 what stands before it, group 2 the quoted words. */
const OBJECT_QUOTE = /^([^.؟!\n"«»“”:]{0,100}?)["«“]([^"«»“”\n]{2,300})["»”]/u;
/** Words before a quotation that make it the narrator's term, not the speaker's words («بشأن "اختفاء"»). */
const NARRATOR_TERM = /(?:^|\s)(?:بشان|حول|يسمي|تسمي|يسمى|تسمى|بعنوان|المعروف|المعروفه|باسم|اسم)\s*$|ك\s*ـ*$/u;

/**
 * Where quotations open (folded offsets of the mark): «“ always, a straight " when it is the first of a
 * pair in its paragraph (a paragraph with an odd count keeps its last " unpaired).
 */
export function openingQuotes(folded: string): Set<number> {
  const out = new Set<number>();
  let open = false;
  for (let i = 0; i < folded.length; i++) {
    const c = folded[i];
    if (c === '\n') open = false;
    else if (c === '«' || c === '“') out.add(i);
    else if (c === '"') {
      if (!open) out.add(i);
      open = !open;
    }
  }
  return out;
}

/**
 * The quoted parts of a verb's object (folded offsets, without their marks), in its sentence: the first
 * within 100 code points of the verb, then each one joined by «،» or «و» and a few words («بممارسة "…"،
 * ومحاولة "…"، و"…"»). None when the first is the narrator's term or a name of one or two words that
 * the article quotes as a name (a quoted word of calling, «"شامل"», is kept).
 */
export function quotedObjects(
  folded: string,
  after: number,
  openers: ReadonlySet<number>,
): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let at = after;
  for (let k = 0; k < 6; k++) {
    const rest = folded.slice(at, at + 420);
    const q = k === 0 ? OBJECT_QUOTE.exec(rest) : /^(["»”]?\s*[،,]?\s*و?(?:\p{L}+\s+){0,3})["«“]([^"«»“”\n]{2,300})["»”]/u
      .exec(rest);
    if (!q || NARRATOR_TERM.test(q[1])) break;
    const start = at + q[0].length - q[2].length - 1;
    if (!openers.has(start - 1)) break;
    let end = start + q[2].length;
    while (end > start && /[\s.،,]/u.test(folded[end - 1])) end--;
    if (end - start < 2) break;
    out.push({ start, end });
    at = start + q[2].length;
  }
  return out;
}
