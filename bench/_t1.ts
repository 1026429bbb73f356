import { suggest } from '../src/core/suggest/suggest';
const text = process.argv[2];
for (const s of suggest(text, { published: '2018-08-10' })) console.log(s.label, s.rule, '«' + s.quote + '»', (s as any).speaker ? '← ' + (s as any).speaker.quote : '');
