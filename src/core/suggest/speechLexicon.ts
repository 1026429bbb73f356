/**
 * Word lists of reported speech (data, written as read or folded where said): reporting verbs and
 * unnamed sources. Used by the claim rules and by the actor rules (a name right after a reporting
 * verb is a speaker). Gathered from Arabic news usage; the tuning half of test/fixtures/news-gold
 * was read for them, never the held-out half.
 */
/** Reporting verbs (past tense, masculine; «ت», «وا», «ا» endings are added where matched). Written as read. */
export const REPORTING_VERBS = [
  'قال',
  'أكد',
  'أعلن',
  'أوضح',
  'أشار',
  'شدد',
  'اعتبر',
  'لفت',
  'أضاف',
  'صرح',
  'ذكر',
  'نفى',
  'كشف',
  'حذر',
  'رأى',
  'تابع',
  'أفاد',
  'نوه',
  'برر',
  'توقع',
  'زعم',
  'أقر',
  'اعترف',
  'نقل',
];

/**
 * Verbs of calling, feeling and judging whose quoted object is the speaker's words («دعت … إلى إجراء
 * تحقيق "شامل"», «أعربت … عن "قلقها"», «متهمة بريطانيا بممارسة "ألعاب سياسية قذرة"»; the news gold's
 * guidelines: quoted words in the object of a verb of saying, feeling or calling are a claim). Past tense
 * (ت, وا, ا are added where matched) and participles. Written as read.
 */
export const CALL_VERBS = ['دعا', 'دعت', 'طالب', 'اتهم', 'وصف', 'أعرب', 'عبر', 'أدان', 'ندد', 'أشاد', 'رحب', 'انتقد'];
export const CALL_PARTICIPLES = ['متهما', 'متهمة', 'واصفا', 'واصفة', 'داعيا', 'داعية', 'مطالبا', 'مطالبة', 'منددا',
  'منددة'];

/**
 * Reporting verbs in the present tense, masculine («ويقول», «وتقول الحكومة إن»); the feminine «ت» for
 * «ي» and the plural «ون» are added where matched. Written as read.
 */
export const PRESENT_REPORTING_VERBS = ['يقول', 'يؤكد', 'يرى', 'يعتبر', 'يشير', 'يضيف', 'يوضح', 'يتوقع', 'ينفي',
  'يحذر', 'يعلن', 'يكشف', 'يشدد', 'يزعم'];

/** Words for a text that speaks for its issuer («وأشار البيان إلى أن»): the issuer named before speaks. Folded. */
export const DOCUMENTS = new Set(['البيان', 'التقرير', 'الرساله', 'الوثيقه', 'المذكره', 'النص', 'الاعلان', 'البلاغ',
  'التصريح', 'الخطاب']);

/**
 * Unnamed or generic sources («مصدر», «مسؤولون», «دبلوماسي غربي», «خبراء»): what they say is no
 * claim of an actor (the news gold's guidelines), unless a name follows («مسؤول … فلان» is an actor). Folded.
 */
export const GENERIC_SOURCES = new Set(['مصدر', 'مصادر', 'مسوول', 'مسوولون', 'مسوولين', 'خبراء', 'خبير', 'محللون',
  'محللين', 'محلل', 'دبلوماسي', 'دبلوماسيون', 'دبلوماسيين', 'شهود', 'سكان', 'ناشطون', 'ناشطين', 'مراقبون',
  'مراقبين', 'متحدث', 'مقربون', 'اوساط',
  // «أحد أصدقائه», «أحد المسؤولين», «إحدى الموظفات»: one of a group, unnamed
  'احد', 'احدي',
  // groups of people, unnamed («أعلن الأطباء أن», «قال متظاهرون إن»), and «مسؤلون» as often misspelt
  'اطباء', 'مسعفون', 'موظفون', 'موظفين', 'مواطنون', 'مواطنين', 'متظاهرون', 'متظاهرين', 'محتجون', 'محتجين',
  'مسولون', 'مسولين', 'مسول']);
