import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { suggest } from '../../../../src/core/suggest/suggest';
import { readCase, repoRoot } from '../../../support/fixtures';
import { cpSlice } from '../../../support/model';

const article = readFileSync(path.join(repoRoot(), 'samples', 'lavrov-kerry.txt'), 'utf8');

describe('suggestions: the sample article', () => {
  const found = suggest(article, { published: '2015-12-16' });
  const quotes = (label: string) => found.filter((s) => s.label === label).map((s) => s.quote);

  it('every suggestion is a span of the text in code points', () => {
    for (const s of found) assert.equal(cpSlice(article, s.start, s.end), s.quote);
  });

  it('dates, with values resolved against the publication date', () => {
    const dates = new Map(found.filter((s) => s.label === 'date').map((s) => [s.quote, s.value]));
    assert.equal(dates.get('18 ديسمبر/كانون الأول'), '2015-12-18');
    assert.equal(dates.get('الجمعة'), '2015-12-18');
    assert.equal(dates.get('مساء الثلاثاء'), '2015-12-15TEV');
    assert.equal(dates.get('اليوم'), '2015-12-16');
  });

  it('actors after titles (title included, as most Arabic gold marks them) and organisations', () => {
    for (const name of ['وزير الخارجية الروسي سيرغي لافروف', 'الرئيس فلاديمير بوتين', 'وزير الخارجية الأمريكي جون كيري',
      'الرئيس السوري بشار الأسد', 'مجلس الأمن', 'جبهة النصرة']) {
      assert.ok(quotes('actor').includes(name), `${name} in ${quotes('actor').join(' | ')}`);
    }
  });

  it('actors without their titles, when asked (actorTitles: exclude)', () => {
    const bare = suggest(article, { published: '2015-12-16', actorTitles: 'exclude' })
      .filter((s) => s.label === 'actor').map((s) => s.quote);
    for (const name of ['سيرغي لافروف', 'فلاديمير بوتين', 'جون كيري', 'بشار الأسد', 'مجلس الأمن', 'جبهة النصرة']) {
      assert.ok(bare.includes(name), `${name} in ${bare.join(' | ')}`);
    }
  });

  it('claims after reporting verbs, quoted or with أن/إن (which begins the claim), with their speaker', () => {
    const quoted = found.find((s) => s.label === 'claim' && s.quote.startsWith('ندعم عقد مؤتمر'))!;
    assert.ok(quoted.quote.endsWith('إلى مجلس الأمن'));
    assert.equal(quoted.speaker?.quote, 'لافروف');
    const kerry = found.find((s) => s.label === 'claim' && s.quote.startsWith('أن واشنطن وموسكو قربا'))!;
    assert.equal(kerry.speaker?.quote, 'جون كيري');
  });

  it('names already annotated are suggested wherever they occur, without a clitic', () => {
    const withKnown = suggest('وقال لافروف إن المحادثات كانت جيدة. ولافروف نفسه حذر.', { knownActors: ['لافروف'] });
    const actors = withKnown.filter((s) => s.label === 'actor');
    assert.deepEqual(actors.map((a) => [a.start, a.quote]), [[5, 'لافروف'], [37, 'لافروف']]);
  });
});

describe('suggestions: the bug cases find what a correct tool stores', () => {
  for (const id of ['B01', 'B24']) {
    it(`${id}`, () => {
      const bug = readCase(id);
      const got = suggest(bug.text, { published: '2015-12-16' }).map((s) => `${s.label} ${s.start} ${s.end}`);
      for (const e of bug.expected.filter((x) => x.type !== 'actor')) assert.ok(got.includes(`${e.type} ${e.start} ${e.end}`), `${e.type} ${e.text} not in ${got.join(', ')}`);
    });
  }
});

describe('suggestions never end inside a character', () => {
  it('with harakat, shadda and tanwin on the edge letters of names and dates (sample article, every 3rd letter vowelled): every span on grapheme boundaries, so accepting it never fails', () => {
    const text = readFileSync(path.join(repoRoot(), 'samples', 'lavrov-kerry.txt'), 'utf8');
    const marks = ['\u064E', '\u064F', '\u0650', '\u0651', '\u064B', '\u0652'];
    let n = 0;
    const vowelled = text.replace(/[\u0621-\u064A]/g, (ch) => (n++ % 3 === 2 ? `${ch}${marks[n % marks.length]}` : ch));
    const bounds = new Set([...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(vowelled)].map((g) => [...vowelled.slice(0, g.index)].length));
    bounds.add([...vowelled].length);
    const found = suggest(vowelled, { published: '2015-12-16' });
    assert.ok(found.length > 10, `suggestions found: ${found.length}`);
    for (const s of found) {
      assert.ok(bounds.has(s.start) && bounds.has(s.end), `${s.label} ${s.start}..${s.end} ${JSON.stringify(s.quote)}`);
      assert.equal(cpSlice(vowelled, s.start, s.end), s.quote);
    }
  });
});

describe('suggestions: a claim ends where the speaker goes on', () => {
  it('a claim ends where the speaker goes on ("، مؤكدا أن…"), which starts a claim of its own', () => {
    const text = 'وأشار كيري إلى أن الموقف الأمريكي لم يتغير، مؤكدا في نفس الوقت أن الحل سياسي.';
    const claims = suggest(text).filter((s) => s.label === 'claim').map((s) => s.quote);
    assert.deepEqual(claims, ['أن الموقف الأمريكي لم يتغير', 'أن الحل سياسي']);
  });

  it('a claim ends where the journalist takes over: another speaker, a contrast, a new thread, the source', () => {
    const claimOf = (text: string) => suggest(text).filter((s) => s.label === 'claim').map((s) => s.quote);
    const cases: [string, string][] = [
      ['وقال الوزير إن بلاده ترفض التدخل، كما قال رئيس الوزراء إن الحكومة مستعدة.', 'إن بلاده ترفض التدخل'],
      ['وأكد المتحدث أن المفاوضات مستمرة، في حين نفت المعارضة ذلك.', 'أن المفاوضات مستمرة'],
      ['وأوضح البيان أن القوات انسحبت من المدينة، بينما استمر القصف في الريف.', 'أن القوات انسحبت من المدينة'],
      ['وذكر المسؤول أن الاتفاق سيوقع قريبا، وفي سياق متصل أعلنت الوزارة عن زيارة.', 'أن الاتفاق سيوقع قريبا'],
      ['وقال الناطق إن الهدنة صامدة، بحسب ما نقلت الوكالة.', 'إن الهدنة صامدة'],
      ['وقال الوزير إن لا تغيير، فيما يتعلق بالعقوبات المفروضة على البلاد.', 'إن لا تغيير، فيما يتعلق بالعقوبات المفروضة على البلاد'],
    ];
    for (const [text, claim] of cases) assert.equal(claimOf(text)[0], claim, text);
  });
});

describe('suggestions: speakers are actors, never pronouns, adverbs or the medium', () => {
  const speakersOf = (text: string) =>
    suggest(text).filter((s) => s.label === 'claim').map((s) => s.speaker?.quote);

  it('pronouns and adverbs between the verb and its clause are no speaker: the speaker named before stays', () => {
    const text = 'وقال وزير الخارجية سامي الجميل إن الحل سياسي. وأكد بدوره أن الحوار مستمر. وأضاف سابقا أن الوفد سيصل.';
    const [first, ...rest] = speakersOf(text);
    assert.match(first ?? '', /سامي الجميل$/u);
    assert.deepEqual(rest, [first, first]);
  });

  it('the medium of an interview ends the speaker («الوزير لقناة …» → «الوزير»)', () => {
    assert.deepEqual(speakersOf('وقال الوزير لقناة الجزيرة إن المفاوضات متعثرة.'), ['الوزير']);
    assert.deepEqual(speakersOf('وأكد الرئيس لصحيفة الشرق الأوسط أن بلاده لن تتراجع.'), ['الرئيس']);
  });

  it('a medium before the speaker\'s words: no speaker rather than a guess', () => {
    const text = 'وقال الرئيس إن الوضع مستقر. وقال لقناة الجزيرة وزير الداخلية إن الحدود مغلقة.';
    assert.deepEqual(speakersOf(text), ['الرئيس', undefined]);
  });
});

describe('suggestions: reported speech as news writes it', () => {
  const claimsOf = (text: string) =>
    suggest(text).filter((s) => s.label === 'claim').map((s) => [s.quote, s.speaker?.quote]);

  it('a speaker with an apposition between commas: the name before the comma speaks', () => {
    assert.deepEqual(claimsOf('قال الدكتور رياض ياسين، وزير الخارجية اليمني، إن الميليشيات تعيش فترة استياء.'),
      [['إن الميليشيات تعيش فترة استياء', 'الدكتور رياض ياسين']]);
  });

  it('quotation marks inside reported speech do not cut the claim short', () => {
    assert.deepEqual(claimsOf('وأوضح البنيان أن «سابك» لن تدخل في عملية التنقيب عن النفط.').map(([q]) => q),
      ['أن «سابك» لن تدخل في عملية التنقيب عن النفط']);
    assert.deepEqual(claimsOf('وقال الوزير إن "دول الجوار تعتبر أولوية بالنسبة لنا".').map(([q]) => q),
      ['إن "دول الجوار تعتبر أولوية بالنسبة لنا"']);
  });

  it('a new reporting verb ends the claim before it and begins its own', () => {
    assert.deepEqual(claimsOf('وأكد ظريف بأن بلاده تولي أهمية خاصة لجيرانها وقال إن دول الجوار أولوية.').map(([q]) => q),
      ['بأن بلاده تولي أهمية خاصة لجيرانها', 'إن دول الجوار أولوية']);
  });

  it('participles go on with the same speaker: «مبينا أن», «منوهة بأن»', () => {
    assert.deepEqual(claimsOf('وكشف الوزير أن الأجهزة ضبطت في المطار، مبينا أن صناعتها تعود لإيران.'), [
      ['أن الأجهزة ضبطت في المطار', 'الوزير'], ['أن صناعتها تعود لإيران', 'الوزير']]);
  });

  it('a quoted medium («لـ «عكاظ»») ends the speaker\'s words', () => {
    assert.deepEqual(claimsOf('كشف وزير الداخلية عبده الحذيفي لـ «عكاظ» أن الأجهزة إيرانية الصنع.'),
      [['أن الأجهزة إيرانية الصنع', 'وزير الداخلية عبده الحذيفي']]);
  });
});

describe('suggestions: speakers that are no speakers', () => {
  const claimsOf = (text: string) =>
    suggest(text).filter((s) => s.label === 'claim').map((s) => [s.quote, s.speaker?.quote]);

  it('a reporting verb after «أو» or a preposition is a noun («تأكيد أو نفي إلقاء القبض»)', () => {
    const text = 'وقال الوزير إن الوضع مستقر. ورفض تأكيد أو نفي إلقاء القبض على القائد، وأضاف أن التحقيق مستمر.';
    assert.deepEqual(claimsOf(text), [['إن الوضع مستقر', 'الوزير'], ['أن التحقيق مستمر', 'الوزير']]);
  });

  it('the speaker in quotation marks before a colon, then the quotation: «قال «المسؤول اليمني»: «…»»', () => {
    assert.deepEqual(claimsOf('وعن الخسائر قال «المسؤول اليمني»: «لا أستطيع أن أتحدث عنها الآن».'),
      [['لا أستطيع أن أتحدث عنها الآن', 'المسؤول اليمني']]);
  });
});

describe('suggestions: the object of a verb is no speaker', () => {
  const speakersOf = (text: string) => suggest(text).filter((s) => s.label === 'claim').map((s) => s.speaker?.quote);

  it('a preposition first («وشدد على ضرورة …»): the speaker before goes on, not the object', () => {
    const text = 'وقال وزير الخارجية جون كيري إن الحل سياسي. وشدد على ضرورة تفعيل التسوية السياسية، مؤكدا أن الحوار مستمر.';
    assert.ok(!speakersOf(text).some((q) => q?.includes('ضرورة')), JSON.stringify(speakersOf(text)));
  });

  it('a dual or plural verb («أكدا», «قالوا») follows its subject: no speaker from the words after it', () => {
    const text = 'وأوضح الوزير أن الجانبين أكدا أهمية اتفاقيات جنيف في حل النزاع، وقالوا إن الحوار مستمر.';
    assert.ok(!speakersOf(text).some((q) => q?.includes('أهمية')), JSON.stringify(speakersOf(text)));
  });
});
