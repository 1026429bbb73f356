import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptySidecar, serializeSidecar } from '../../../src/core/format/sidecar';
import { textSha256 } from '../../../src/core/text/textHash';
import { runMain } from '../../support/cli';
import { heavyTimeout } from '../../support/timeouts';

describe('command line: hashiya check on the article status', function () {
  this.timeout(heavyTimeout(700)); // each test starts node bin/hashiya.js
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hashiya-cli-status-'));
    const text = 'Kerry met Lavrov.\n';
    writeFileSync(path.join(dir, 'a.txt'), text);
    const sidecar = emptySidecar('a.txt');
    writeFileSync(path.join(dir, 'a.txt.annotations.yaml'), serializeSidecar({
      ...sidecar,
      text: { ...sidecar.text, length: [...text].length, sha256: textSha256(text) },
      status: { value: 'adjudicated', by: 'Reem', at: '2026-12-03T10:00:00.000Z' },
    }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a status, and reports one that is not of the five at its line and column', async () => {
    assert.equal((await runMain(dir, 'check', '.')).code, 0);
    const file = path.join(dir, 'a.txt.annotations.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"adjudicated"', '"finished"'));
    const r = await runMain(dir, 'check', '.');
    assert.equal(r.code, 1);
    assert.match(r.out[0]!, /^a\.txt\.annotations\.yaml:\d+:10: status\.value must be one of "new", "in-progress", "done", "needs-review", "adjudicated"/);
  });
});
