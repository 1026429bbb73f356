// Unit tests for the "News Article" TextMate grammar (syntaxes/news-article.tmLanguage.json) and its
// language configuration. Lines are tokenized with vscode-textmate + vscode-oniguruma exactly as VS Code
// does; token offsets are UTF-16 code units of the line, which is also what String#indexOf returns.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

const ROOT = 'text.news-article';
const SFX = '.news-article';

/** The repo root: walk up from this (bundled) file until a directory containing package.json. */
function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
}

const root = repoRoot();
const grammarPath = path.join(root, 'syntaxes', 'news-article.tmLanguage.json');
const configPath = path.join(root, 'syntaxes', 'language-configuration.json');
const fixture = (name: string) => fs.readFileSync(path.join(root, 'test', 'fixtures', 'grammar', name), 'utf8');

/** Scope stack for a token: the root scope followed by the given scopes (suffix `.news-article` added). */
const sc = (...names: string[]) => [ROOT, ...names.map((n) => n + SFX)];

const DATE = 'constant.other.date';
const DAY = 'constant.numeric.day';
const MONTH_NUM = 'constant.numeric.month';
const YEAR = 'constant.numeric.year';
const MONTH = 'keyword.other.month';
const WEEKDAY = 'keyword.other.weekday';
const DATE_SEP = 'punctuation.separator.date';
const NUM = 'constant.numeric';
const PCT = 'constant.numeric.percentage';
const PCT_UNIT = 'keyword.other.unit.percent';
const DQ = 'string.quoted.double';
const GUIL = 'string.quoted.other.guillemet';
const SQ = 'string.quoted.single';
const BEGIN = 'punctuation.definition.string.begin';
const END = 'punctuation.definition.string.end';

let grammar: vsctm.IGrammar;

interface Tokenized {
  line: string;
  tokens: vsctm.IToken[];
  stack: vsctm.StateStack;
}

function tok(line: string, stack: vsctm.StateStack = vsctm.INITIAL): Tokenized {
  const r = grammar.tokenizeLine(line, stack);
  return { line, tokens: r.tokens, stack: r.ruleStack };
}

/** UTF-16 start of the nth (0-based) occurrence of `sub` in `line`. */
function indexOfNth(line: string, sub: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = line.indexOf(sub, at + 1);
    if (at < 0) throw new Error(`substring ${JSON.stringify(sub)} (occurrence ${nth}) not in line ${JSON.stringify(line)}`);
  }
  return at;
}

/** The tokens overlapping [start, end), clamped to the line (vscode-textmate adds a trailing '\n'). */
function overlapping(t: Tokenized, start: number, end: number): vsctm.IToken[] {
  return t.tokens.filter((k) => k.startIndex < end && Math.min(k.endIndex, t.line.length) > start);
}

/** Scopes of the substring; asserts every token covering it carries the same scopes. */
function scopesOf(t: Tokenized, sub: string, nth = 0): string[] {
  const start = indexOfNth(t.line, sub, nth);
  const toks = overlapping(t, start, start + sub.length);
  assert.ok(toks.length > 0, `no token covers ${JSON.stringify(sub)}`);
  for (const k of toks) {
    assert.deepEqual(k.scopes, toks[0].scopes, `${JSON.stringify(sub)} is not uniformly scoped: ${JSON.stringify(toks.map((x) => [t.line.slice(x.startIndex, x.endIndex), x.scopes]))}`);
  }
  return toks[0].scopes;
}

/** Asserts the substring is exactly one token (boundaries on both sides) and returns its scopes. */
function tokenScopes(t: Tokenized, sub: string, nth = 0): string[] {
  const start = indexOfNth(t.line, sub, nth);
  const k = t.tokens.find((x) => x.startIndex === start);
  assert.ok(k, `no token starts at ${JSON.stringify(sub)}: ${JSON.stringify(dump(t))}`);
  assert.equal(t.line.slice(k.startIndex, Math.min(k.endIndex, t.line.length)), sub, 'token extent');
  return k.scopes;
}

/** Maximal runs of text whose scope stack contains `scope` (exact name, suffix added). */
function spans(t: Tokenized, scope: string): string[] {
  const want = scope + SFX;
  const out: string[] = [];
  let runStart = -1;
  let runEnd = -1;
  for (const k of t.tokens) {
    const end = Math.min(k.endIndex, t.line.length);
    if (k.scopes.includes(want)) {
      if (runStart >= 0 && k.startIndex === runEnd) runEnd = end;
      else {
        if (runStart >= 0) out.push(t.line.slice(runStart, runEnd));
        runStart = k.startIndex;
        runEnd = end;
      }
    }
  }
  if (runStart >= 0) out.push(t.line.slice(runStart, runEnd));
  return out.filter((s) => s.length > 0);
}

function dump(t: Tokenized): [string, string][] {
  return t.tokens.map((k) => [t.line.slice(k.startIndex, k.endIndex), k.scopes.slice(1).join(' ')]);
}

// The sample article lines (UTF-8 source; JS strings are UTF-16).
const AR_DATE = 'أعلن وزير الخارجية الروسي سيرغي لافروف أنه تم الاتفاق على عقد لقاء جديد لمجموعة دعم سوريا على مستوى وزراء الخارجية بنيويورك في 18 ديسمبر/كانون الأول.';
const AR_QUOTES = 'وأكد لافروف قائلا “ندعم عقد مؤتمر حول سوريا في نيويورك هذه الجمعة ونأمل أن ينتج عنه التوصل لمشروع قرار يقدم لاحقا إلى مجلس الأمن”، مضيفا “اتفقنا مع واشنطن على تقديم مشروع قرار بشأن سوريا إلى مجلس الأمن بناء على بنود اتفاق فيينا”.';
const AR_RTL_QUOTES = 'وقال إن كل الأطراف تعتبر تنظيم “داعش” و”جبهة النصرة” منظمات إرهابية';
const AR_WEEKDAY = 'الذي استمر لأكثر من 3 ساعات مساء الثلاثاء في الكرملين';
const EN = 'The minister said on Monday, 18 December 2015, that "prices will fall".';
const INDIC = '٢٠١٥، ١٨ ديسمبر ٢٠١٥، ٦٢٪';
const MIXED = 'أظهر استطلاع Reuters/Ipsos للفترة 2002-2006 أن 62% يؤيدون الاتفاق.';

describe('news-article grammar', () => {
  before(async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) =>
        scopeName === ROOT ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null,
    });
    const g = await registry.loadGrammar(ROOT);
    assert.ok(g, 'grammar loads');
    grammar = g;
  });

  it('has the expected identity and Oniguruma understands \\p{Arabic}', () => {
    const raw = JSON.parse(fs.readFileSync(grammarPath, 'utf8'));
    assert.equal(raw.scopeName, 'text.news-article');
    const scanner = new oniguruma.OnigScanner(['\\p{Arabic}+']);
    const m = scanner.findNextMatchSync(new oniguruma.OnigString('AB جبهة'), 0);
    assert.deepEqual(m && { start: m.captureIndices[0].start, end: m.captureIndices[0].end }, { start: 3, end: 7 });
  });

  describe('Arabic sample article', () => {
    it('"في 18 ديسمبر/كانون الأول." is one date with day, paired month names and separator', () => {
      const t = tok(AR_DATE);
      assert.deepEqual(spans(t, DATE), ['18 ديسمبر/كانون الأول']);
      assert.deepEqual(tokenScopes(t, '18'), sc(DATE, DAY));
      assert.deepEqual(tokenScopes(t, 'ديسمبر'), sc(DATE, MONTH));
      assert.deepEqual(tokenScopes(t, '/'), sc(DATE, DATE_SEP));
      assert.deepEqual(tokenScopes(t, 'كانون الأول'), sc(DATE, MONTH));
      assert.deepEqual(scopesOf(t, 'بنيويورك في '), [ROOT], 'clitic-prefixed words and في stay plain');
      assert.deepEqual(scopesOf(t, '.'), [ROOT]);
    });

    it('two “…” quotes on one line, each closed by ”, with a weekday inside the first', () => {
      const t = tok(AR_QUOTES);
      assert.deepEqual(spans(t, DQ), [
        '“ندعم عقد مؤتمر حول سوريا في نيويورك هذه الجمعة ونأمل أن ينتج عنه التوصل لمشروع قرار يقدم لاحقا إلى مجلس الأمن”',
        '“اتفقنا مع واشنطن على تقديم مشروع قرار بشأن سوريا إلى مجلس الأمن بناء على بنود اتفاق فيينا”',
      ]);
      assert.deepEqual(tokenScopes(t, '“'), sc(DQ, BEGIN));
      assert.deepEqual(tokenScopes(t, '”'), sc(DQ, END));
      assert.deepEqual(tokenScopes(t, '“', 1), sc(DQ, BEGIN));
      assert.deepEqual(tokenScopes(t, '”', 1), sc(DQ, END));
      assert.deepEqual(tokenScopes(t, 'الجمعة'), sc(DQ, DATE, WEEKDAY));
      assert.deepEqual(scopesOf(t, 'ندعم عقد'), sc(DQ));
      assert.deepEqual(scopesOf(t, '، مضيفا '), [ROOT]);
      assert.deepEqual(scopesOf(t, 'وأكد لافروف قائلا '), [ROOT]);
      assert.deepEqual(scopesOf(t, '.'), [ROOT]);
    });

    it('“داعش” and ”جبهة النصرة” (U+201D on both sides) are both quotes; the clitic و stays outside', () => {
      const t = tok(AR_RTL_QUOTES);
      assert.deepEqual(spans(t, DQ), ['“داعش”', '”جبهة النصرة”']);
      const open = indexOfNth(t.line, '”جبهة');
      assert.deepEqual(t.tokens.find((k) => k.startIndex === open)?.scopes, sc(DQ, BEGIN));
      assert.deepEqual(overlapping(t, open - 1, open).map((k) => k.scopes), [[ROOT]], 'the و before ”');
      assert.deepEqual(tokenScopes(t, '”', 2), sc(DQ, END));
      assert.deepEqual(scopesOf(t, ' منظمات إرهابية'), [ROOT]);
    });

    it('"3 ساعات مساء الثلاثاء": a number and a weekday', () => {
      const t = tok(AR_WEEKDAY);
      assert.deepEqual(tokenScopes(t, '3'), sc(NUM));
      assert.deepEqual(tokenScopes(t, 'الثلاثاء'), sc(DATE, WEEKDAY));
      assert.deepEqual(spans(t, DATE), ['الثلاثاء']);
      assert.deepEqual(scopesOf(t, ' ساعات مساء '), [ROOT]);
    });

    it('whole fixture: an unbalanced quote ends at the end of its line and the state does not leak', () => {
      const lines = fixture('sample-article.txt').split(/\r?\n/);
      const plainStack = tok('سطر عادي').stack;
      let stack = vsctm.INITIAL;
      const quotes: string[] = [];
      for (const line of lines) {
        const t = tok(line, stack);
        quotes.push(...spans(t, DQ));
        stack = t.stack;
        assert.ok(stack.equals(plainStack), `state leaked after ${JSON.stringify(line.slice(0, 30))}`);
      }
      assert.deepEqual(quotes.filter((q) => q.length < 20), ['“داعش”', '”جبهة النصرة”', '“قائمة المنظمات']);
      const last = tok(lines[5], vsctm.INITIAL);
      assert.deepEqual(spans(last, DQ), []);
      assert.deepEqual(spans(last, DATE), ['الثلاثاء']);
    });
  });

  describe('English', () => {
    it('weekday, "18 December 2015" and an ASCII quote', () => {
      const t = tok(EN);
      assert.deepEqual(spans(t, DATE), ['Monday', '18 December 2015']);
      assert.deepEqual(tokenScopes(t, 'Monday'), sc(DATE, WEEKDAY));
      assert.deepEqual(tokenScopes(t, 'December'), sc(DATE, MONTH));
      assert.deepEqual(tokenScopes(t, '2015'), sc(DATE, YEAR));
      assert.deepEqual(spans(t, DQ), ['"prices will fall"']);
      assert.deepEqual(tokenScopes(t, '"'), sc(DQ, BEGIN));
      assert.deepEqual(tokenScopes(t, '"', 1), sc(DQ, END));
      assert.deepEqual(scopesOf(t, ', that '), [ROOT]);
    });

    it('month-first dates, abbreviations, and ambiguous bare months left alone', () => {
      const t = tok('On December 18, 2015 and Dec. 2015 we may march in May; but not in March.');
      assert.deepEqual(spans(t, DATE), ['December 18, 2015', 'Dec. 2015']);
      assert.deepEqual(tokenScopes(t, 'Dec.'), sc(DATE, MONTH));
    });
  });

  describe('numbers', () => {
    it('Arabic-Indic digits: a bare year is a number, next to a month it is a date year; ٦٢٪ is a percentage', () => {
      const t = tok(INDIC);
      assert.deepEqual(tokenScopes(t, '٢٠١٥'), sc(NUM));
      assert.deepEqual(spans(t, DATE), ['١٨ ديسمبر ٢٠١٥']);
      assert.deepEqual(tokenScopes(t, '١٨'), sc(DATE, DAY));
      assert.deepEqual(tokenScopes(t, '٢٠١٥', 1), sc(DATE, YEAR));
      assert.deepEqual(spans(t, PCT), ['٦٢٪']);
      assert.deepEqual(tokenScopes(t, '٪'), sc(PCT, PCT_UNIT));
      assert.deepEqual(scopesOf(t, '،'), [ROOT]);
    });

    it('mixed line: Reuters/Ipsos plain, 2002-2006 two numbers (not a date), 62% a percentage', () => {
      const t = tok(MIXED);
      assert.deepEqual(scopesOf(t, 'استطلاع Reuters/Ipsos للفترة '), [ROOT]);
      assert.deepEqual(spans(t, DATE), []);
      assert.deepEqual(tokenScopes(t, '2002'), sc(NUM));
      assert.deepEqual(scopesOf(t, '-'), [ROOT]);
      assert.deepEqual(tokenScopes(t, '2006'), sc(NUM));
      assert.deepEqual(spans(t, PCT), ['62%']);
      assert.deepEqual(tokenScopes(t, '62'), sc(PCT));
      assert.deepEqual(tokenScopes(t, '%'), sc(PCT, PCT_UNIT));
    });

    it('separators and digit systems: 1,250,000.75  ٣٫٥  ١٬٠٠٠  ۱۲۳  62 في المئة', () => {
      const t = tok('بلغ 1,250,000.75 و٣٫٥ و١٬٠٠٠ و۱۲۳ و62 في المئة');
      assert.deepEqual(spans(t, NUM), ['1,250,000.75', '٣٫٥', '١٬٠٠٠', '۱۲۳']);
      assert.deepEqual(spans(t, PCT), ['62 في المئة']);
      assert.deepEqual(tokenScopes(t, 'في المئة'), sc(PCT, PCT_UNIT));
    });

    it('numeric dates 2015-12-18, 18/12/2015, 18.12.2015 and ١٨/١٢/٢٠١٥', () => {
      const t = tok('في 2015-12-18 و18/12/2015 و18.12.2015 و١٨/١٢/٢٠١٥ و3.5');
      assert.deepEqual(spans(t, DATE), ['2015-12-18', '18/12/2015', '18.12.2015', '١٨/١٢/٢٠١٥']);
      assert.deepEqual(tokenScopes(t, '2015'), sc(DATE, YEAR));
      assert.deepEqual(tokenScopes(t, '12'), sc(DATE, MONTH_NUM));
      assert.deepEqual(tokenScopes(t, '-'), sc(DATE, DATE_SEP));
      assert.deepEqual(tokenScopes(t, '3.5'), sc(NUM));
    });
  });

  describe('Arabic word boundaries and clitics', () => {
    it('weekdays keep their clitics in one token: والثلاثاء, ويوم الجمعة, بالأحد', () => {
      const t = tok('اجتمعوا والثلاثاء ويوم الجمعة بالأحد');
      assert.deepEqual(spans(t, DATE), ['والثلاثاء', 'ويوم الجمعة', 'بالأحد']);
      assert.deepEqual(tokenScopes(t, 'والثلاثاء'), sc(DATE, WEEKDAY));
      assert.deepEqual(tokenScopes(t, 'ويوم'), sc(DATE, 'keyword.other.day'));
      assert.deepEqual(tokenScopes(t, 'بالأحد'), sc(DATE, WEEKDAY));
    });

    it('month names inside longer words, ambiguous words and numerals are not dates', () => {
      const t = tok('زار مارسيليا ومايوركا وأحد عشر الأحد عشر لاعبا ومارس الرياضة في 2015');
      assert.deepEqual(spans(t, DATE), []);
      assert.deepEqual(tokenScopes(t, '2015'), sc(NUM));
    });

    it('bare unambiguous months, month + year, paired months in parentheses and Hijri dates', () => {
      const t = tok('في ديسمبر الماضي وفي 18-19 ديسمبر (كانون الأول) 2015م وشهر رمضان 1436 هـ و3 مارس');
      assert.deepEqual(spans(t, DATE), ['ديسمبر', '18-19 ديسمبر (كانون الأول) 2015م', 'وشهر رمضان 1436 هـ', '3 مارس']);
      assert.deepEqual(tokenScopes(t, '2015م'), sc(DATE, YEAR));
      assert.deepEqual(tokenScopes(t, 'رمضان'), sc(DATE, MONTH));
    });
  });

  describe('quotes: negatives, nesting, offsets', () => {
    it('a line with no quotes, dates or numbers has only the root scope', () => {
      for (const line of ['وقال مصدر دبلوماسي إن المحادثات كانت بناءة وستستمر.', 'The talks were constructive; they may continue.']) {
        const t = tok(line);
        assert.deepEqual(dump(t).filter(([, s]) => s !== ''), [], line);
      }
    });

    it('an unbalanced “ (or ") ends at the end of the line and does not swallow the next line', () => {
      const first = tok('وقال “لن نقبل بذلك');
      assert.deepEqual(spans(first, DQ), ['“لن نقبل بذلك']);
      const next = tok('ثم غادر القاعة في 18 ديسمبر.', first.stack);
      assert.deepEqual(spans(next, DQ), []);
      assert.deepEqual(scopesOf(next, 'ثم غادر القاعة'), [ROOT]);
      assert.deepEqual(spans(next, DATE), ['18 ديسمبر']);
      const ascii = tok('He said "no', vsctm.INITIAL);
      assert.deepEqual(spans(tok('and left.', ascii.stack), DQ), []);
    });

    it('a stray closing ” is not an opening quote', () => {
      const t = tok('قال الأمن” بعد ذلك ”، ثم غادر');
      assert.deepEqual(spans(t, DQ), []);
    });

    it('«…» guillemets with a nested ”…”, ‘…’ single quotes and an apostrophe', () => {
      const t = tok('«قال ”نعم” ثم» و‘quoted’ don’t');
      assert.deepEqual(spans(t, GUIL), ['«قال ”نعم” ثم»']);
      assert.deepEqual(tokenScopes(t, 'نعم'), sc(GUIL, DQ));
      assert.deepEqual(tokenScopes(t, '»'), sc(GUIL, END));
      assert.deepEqual(spans(t, SQ), ['‘quoted’']);
      assert.deepEqual(scopesOf(t, ' don’t'), [ROOT]);
    });

    it('token offsets are UTF-16: an astral character before a quote shifts it by two', () => {
      const t = tok('😀 “نعم”');
      const open = t.tokens.find((k) => k.scopes.includes(BEGIN + SFX));
      assert.equal(open?.startIndex, 3);
      assert.deepEqual(spans(t, DQ), ['“نعم”']);
    });
  });
});

describe('news-article language configuration', () => {
  const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));

  it('pairs the typographic quotes and guillemets', () => {
    const pairs = config.autoClosingPairs.map((p: { open: string; close: string }) => p.open + p.close);
    for (const p of ['“”', '«»', '‘’', '""']) assert.ok(pairs.includes(p), p);
    const brackets = config.brackets.map((b: string[]) => b.join(''));
    for (const b of ['«»', '“”']) assert.ok(brackets.includes(b), b);
  });

  it('wordPattern keeps harakat, superscript alef and ZWNJ inside words and splits at quotes and Arabic punctuation', () => {
    const re = new RegExp(config.wordPattern, 'g');
    const words = (s: string) => s.match(re) ?? [];
    assert.deepEqual(words('وَالثُّلَاثَاءِ قال هٰذا'), ['وَالثُّلَاثَاءِ', 'قال', 'هٰذا']);
    assert.deepEqual(words('می‌خواهم'), ['می‌خواهم']);
    assert.deepEqual(words('“داعش”، و«جبهة»؛ لماذا؟'), ['داعش', 'و', 'جبهة', 'لماذا']);
    assert.deepEqual(words('62% و٦٢٪ و١٬٠٠٠٫٥'), ['62%', 'و٦٢٪', 'و١٬٠٠٠٫٥']);
  });
});
