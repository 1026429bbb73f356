import { readFileSync } from 'node:fs';
import { suggest } from '../src/core/suggest/suggest';
const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim());
for (const line of lines) {
  console.log('\n## ' + line);
  const ss = suggest(line, { published: '2023-07-04' });
  for (const s of ss) {
    const sp = (s as any).speaker ? ` ← ${(s as any).speaker.quote}` : '';
    const v = (s as any).value ? ` = ${(s as any).value}` : '';
    const e = (s as any).entity ? ` {${(s as any).entity}}` : '';
    console.log(`  ${s.label}: «${s.quote}»${v}${sp}${e} [${(s as any).rule ?? ''}]`);
  }
}
