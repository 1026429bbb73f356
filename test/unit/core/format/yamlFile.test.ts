import { strict as assert } from 'node:assert';
import { conflictMarkers } from '../../../../src/core/format/yamlFile';
import { parseRegistry } from '../../../../src/core/entities/entityRegistry';
import { parseSidecar } from '../../../../src/core/format/sidecar';

const GOOD = [
  'version: 1',
  'text:',
  '  file: "news.txt"',
  '  unit: "codepoint"',
  '  length: 10',
  `  sha256: "${'a'.repeat(64)}"`,
  'annotations:',
  '  - id: "a1"',
  '    label: "actor"',
  '    start: 0',
  '    end: 4',
  '    quote: "كيري"',
  '',
].join('\n');

describe('yamlFile: git conflict markers', () => {
  it('one problem per conflicted block, at its <<<<<<< line, naming both lines', () => {
    const lines = GOOD.split('\n');
    const marked = [...lines.slice(0, 8), '<<<<<<< HEAD', ...lines.slice(8, 10), '||||||| base', '=======', '    label: "claim"', '>>>>>>> theirs', ...lines.slice(10)].join('\n');
    const problems = conflictMarkers(marked, 'a sidecar');
    assert.equal(problems.length, 1);
    assert.equal(problems[0].line, 9);
    assert.equal(problems[0].endLine, 15);
    assert.match(problems[0].message, /^git conflict markers \(lines 9 to 15\): git merged a sidecar line by line/);
    assert.match(problems[0].message, /Set Up Git Merging of Sidecars/);
  });

  it('several blocks, CR LF line endings and a BOM: each block once, lines as on disk', () => {
    const block = '<<<<<<< HEAD\r\n    note: "x"\r\n=======\r\n    note: "y"\r\n>>>>>>> b\r\n';
    const text = `\uFEFF${GOOD.replace(/\n/g, '\r\n')}${block}${block}`;
    const parsed = parseSidecar(text);
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    assert.deepEqual(parsed.problems.map((p) => [p.line, p.endLine]), [[13, 17], [18, 22]]);
    assert.ok(parsed.problems.every((p) => p.message.startsWith('git conflict markers')), 'no YAML errors beside them');
  });

  it('a <<<<<<< line with no end is one problem; markers not at the start of a line, or longer runs, are not markers', () => {
    const unclosed = conflictMarkers(`${GOOD}<<<<<<< HEAD\n`, 'a sidecar');
    assert.equal(unclosed.length, 1);
    assert.equal(unclosed[0].line, 13);
    assert.match(unclosed[0].message, /with no end/);
    assert.deepEqual(conflictMarkers(GOOD.replace('quote: "كيري"', 'quote: "<<<<<<< HEAD >>>>>>> x"'), 'a sidecar'), []);
    assert.deepEqual(conflictMarkers('<<<<<<<< eight\n>>>>>>>> eight\n', 'a sidecar'), []);
  });

  it('the entity registry says the same, naming itself', () => {
    const parsed = parseRegistry('version: 1\nentities:\n<<<<<<< HEAD\n  - id: "e1"\n=======\n  - id: "e2"\n>>>>>>> theirs\n');
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    assert.equal(parsed.problems.length, 1);
    assert.match(parsed.problems[0].message, /^git conflict markers \(lines 3 to 7\): git merged the entity registry line by line/);
  });
});
