import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { anchorToText } from '../../../src/core/anchoring/anchoring';
import { NEWS_PRESET } from '../../../src/core/model/projectSchema';
import { parseSidecar } from '../../../src/core/format/sidecar';
import { repoRoot } from '../../support/fixtures';
import { heavyTimeout } from '../../support/timeouts';

const articlePath = path.join(repoRoot(), 'samples', 'lavrov-kerry.txt');
const sidecarPath = `${articlePath}.annotations.yaml`;

describe('the sample article and its sidecar', function () {
  this.timeout(heavyTimeout(600)); // starts python3 for PyYAML
  it('is valid, covers all three labels with a dozen or more annotations, and every quote is text[start:end]', () => {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(articlePath));
    const parsed = parseSidecar(readFileSync(sidecarPath, 'utf8'));
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
    const { annotations } = parsed.sidecar;
    assert.ok(annotations.length >= 12);
    for (const { id: label } of NEWS_PRESET.labels) assert.ok(annotations.some((a) => a.label === label), label);
    const chars = [...text];
    for (const a of annotations) assert.equal(chars.slice(a.start, a.end).join(''), a.quote);
    const anchored = anchorToText(text, parsed.sidecar);
    assert.ok(anchored.ok && !anchored.textChanged && anchored.orphaned.length === 0);
  });

  it('reads back identically with the yaml package (1.2 and 1.1) and with PyYAML', function () {
    const source = readFileSync(sidecarPath, 'utf8');
    const v12 = parse(source);
    assert.deepEqual(parse(source, { version: '1.1' }), v12);
    const check = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' });
    if (check.status !== 0) this.skip();
    const py = spawnSync('python3', ['-c', 'import json, sys, yaml\nprint(json.dumps(yaml.safe_load(open(sys.argv[1], encoding="utf-8", newline="")), ensure_ascii=False))', sidecarPath], { encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
    assert.deepEqual(JSON.parse(py.stdout), v12);
    const slices = spawnSync('python3', ['-c', [
      'import sys, yaml',
      'text = open(sys.argv[1], encoding="utf-8-sig", newline="").read()',
      'd = yaml.safe_load(open(sys.argv[2], encoding="utf-8"))',
      'print(all(text[a["start"]:a["end"]] == a["quote"] for a in d["annotations"]))',
    ].join('\n'), articlePath, sidecarPath], { encoding: 'utf8' });
    assert.equal(slices.stdout.trim(), 'True', slices.stderr);
  });
});
