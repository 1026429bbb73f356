import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  addAttributeLines, attributesLine, registryPattern, shellQuote, sidecarPattern,
} from '../../../../src/core/merge/gitAttributes';

/** What `git check-attr merge` says for `file` in a repository with `attributes` as its .gitattributes. */
function checkAttr(attributes: string, files: string[]): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashiya-attr-'));
  try {
    assert.equal(spawnSync('git', ['init', '-q'], { cwd: dir }).status, 0);
    fs.writeFileSync(path.join(dir, '.gitattributes'), attributes);
    const r = spawnSync('git', ['-c', 'core.quotePath=false', 'check-attr', 'merge', '--', ...files], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return Object.fromEntries(r.stdout.trim().split('\n').map((line) => {
      const [file, , value] = line.split(': ');
      return [file, value];
    }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('git attributes for the merge driver', () => {
  it('the default template matches every sidecar at any depth, and nothing else', () => {
    assert.equal(sidecarPattern('{fileName}.annotations.yaml'), '*.annotations.yaml');
    const lines = `${attributesLine(sidecarPattern('{fileName}.annotations.yaml'))}\n${attributesLine(registryPattern(''))}\n`;
    assert.deepEqual(checkAttr(lines, ['news.txt.annotations.yaml', 'a/b/كيري.md.annotations.yaml', 'news.txt', '.hashiya/entities.yaml', 'sub/.hashiya/entities.yaml']), {
      'news.txt.annotations.yaml': 'hashiya',
      'a/b/كيري.md.annotations.yaml': 'hashiya',
      'news.txt': 'unspecified',
      '.hashiya/entities.yaml': 'hashiya',
      'sub/.hashiya/entities.yaml': 'unspecified',
    });
  });

  it('a template with a folder matches that folder beside every article; odd characters are escaped or quoted', () => {
    assert.equal(sidecarPattern('annotations/{fileName}.yaml'), '**/annotations/*.yaml');
    assert.equal(sidecarPattern('./notes/{fileName}.yaml'), '**/notes/*.yaml');
    assert.equal(sidecarPattern('{fileName}.[x].yaml'), '*.\\[x\\].yaml');
    assert.equal(sidecarPattern('my notes/{fileName}.yaml'), '"**/my notes/*.yaml"');
    assert.equal(sidecarPattern('#{fileName}.yaml'), '"#*.yaml"');
    const lines = [sidecarPattern('annotations/{fileName}.yaml'), sidecarPattern('my notes/{fileName}.yaml'), sidecarPattern('{fileName}.[x].yaml'), sidecarPattern('#{fileName}.yaml')]
      .map(attributesLine).join('\n');
    assert.deepEqual(checkAttr(`${lines}\n`, ['annotations/a.txt.yaml', 'x/annotations/a.txt.yaml', 'x/my notes/a.txt.yaml', 'a.txt.[x].yaml', 'a.txt.x.yaml', 'x/#a.txt.yaml', 'a.txt.yaml']), {
      'annotations/a.txt.yaml': 'hashiya',
      'x/annotations/a.txt.yaml': 'hashiya',
      'x/my notes/a.txt.yaml': 'hashiya',
      'a.txt.[x].yaml': 'hashiya',
      'a.txt.x.yaml': 'unspecified',
      'x/#a.txt.yaml': 'hashiya',
      'a.txt.yaml': 'unspecified',
    });
  });

  it('the registry of a workspace folder below the repository root is named from the root', () => {
    assert.equal(registryPattern('news/2024'), 'news/2024/.hashiya/entities.yaml');
    assert.deepEqual(checkAttr(`${attributesLine(registryPattern('news/2024'))}\n`, ['news/2024/.hashiya/entities.yaml', '.hashiya/entities.yaml']), {
      'news/2024/.hashiya/entities.yaml': 'hashiya', '.hashiya/entities.yaml': 'unspecified',
    });
  });

  it('appends only missing lines, keeps the file and its CR LF, and is idempotent', () => {
    const lines = ['*.annotations.yaml merge=hashiya', '.hashiya/entities.yaml merge=hashiya'];
    const first = addAttributeLines(undefined, lines);
    assert.equal(first.content, '*.annotations.yaml merge=hashiya\n.hashiya/entities.yaml merge=hashiya\n');
    assert.deepEqual(addAttributeLines(first.content, lines), { content: first.content, added: [] });
    const crlf = '* text=auto\r\n*.png binary';
    const second = addAttributeLines(crlf, lines);
    assert.equal(second.content, '* text=auto\r\n*.png binary\r\n*.annotations.yaml merge=hashiya\r\n.hashiya/entities.yaml merge=hashiya\r\n');
    // a line with the same pattern and more attributes counts; a commented one or another driver does not
    const mixed = '*.annotations.yaml  text  merge=hashiya\n# .hashiya/entities.yaml merge=hashiya\n';
    assert.deepEqual(addAttributeLines(mixed, lines).added, ['.hashiya/entities.yaml merge=hashiya']);
    assert.deepEqual(addAttributeLines('*.annotations.yaml merge=union\n', lines).added, lines);
    assert.deepEqual(addAttributeLines('"my notes/*.yaml" merge=hashiya\n', ['"my notes/*.yaml" merge=hashiya']).added, []);
  });

  it('quotes any path for the shell git runs the driver with', () => {
    for (const p of ["/home/a b/ext/bin/hashiya.js", "/x/it's $HOME `id` \"q\" \\ ;|&/hashiya.js", 'C:\\Users\\ع\\hashiya.js']) {
      const r = spawnSync('sh', ['-c', `printf %s ${shellQuote(p)}`], { encoding: 'utf8' });
      assert.equal(r.stdout, p);
    }
  });
});
