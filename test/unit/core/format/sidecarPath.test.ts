import { strict as assert } from 'node:assert';
import { checkSidecarTemplate, sidecarRelativePath } from '../../../../src/core/format/sidecarPath';

describe('sidecar templates: where sidecars may be written', () => {
  it('accepts templates that stay in the article\'s folder or a folder below it', () => {
    for (const t of ['{fileName}.annotations.yaml', 'annotations/{fileName}.yaml', '.hashiya-sidecars/{fileName}.yaml', 'a b/{fileName}.yml', 'حواشي/{fileName}.yaml', 'x/{fileName}/annotations.yaml']) {
      assert.equal(checkSidecarTemplate(t), undefined, t);
    }
    assert.equal(sidecarRelativePath('news.txt', 'annotations\\{fileName}.yaml'), 'annotations/news.txt.yaml');
  });

  it('refuses, in every mode, templates that leave the folder, enter version control or mean another path on Windows', () => {
    const refused: [string, RegExp][] = [
      ['{fileName}', /differ from the article/],
      ['../{fileName}.yaml', /must not contain \.\./],
      ['a/../../{fileName}.yaml', /must not contain \.\./],
      ['.. /{fileName}.yaml', /must not contain \.\./],
      ['..\\{fileName}.yaml', /must not contain \.\./],
      ['/etc/{fileName}', /relative/],
      ['\\\\server\\share\\{fileName}', /relative/],
      ['C:/x/{fileName}', /relative/],
      ['c:{fileName}.yaml', /relative/],
      ['.git/{fileName}.yaml', /version-control/],
      ['.git/hooks/{fileName}', /version-control/],
      ['sub/.GIT/{fileName}.yaml', /version-control/],
      ['.git./{fileName}.yaml', /version-control/],
      ['.git /{fileName}.yaml', /version-control/],
      ['.hg/{fileName}.yaml', /version-control/],
      ['.svn\\{fileName}.yaml', /version-control/],
      ['{fileName}:stream', /: \* \?/],
      ['{fileName}.yaml\n.git/x', /control characters/],
      ['a|b/{fileName}', /: \* \?/],
      ['nul/{fileName}.yaml', /Windows device/],
      ['COM1.x/{fileName}.yaml', /Windows device/],
      ['annotations', /must contain \{fileName\}/],
      ['./{fileName}', /differ/],
      ['a/./{fileName}.yaml', /\. segments/],
    ];
    for (const [template, why] of refused) {
      const problem = checkSidecarTemplate(template);
      assert.ok(problem, `${JSON.stringify(template)} is refused`);
      assert.match(problem!, why, template);
      assert.throws(() => sidecarRelativePath('a.txt', template));
    }
  });

  it('names the template as a JSON string, so a newline or quote in it cannot forge a message line', () => {
    assert.match(checkSidecarTemplate('x\n.git/{fileName}')!, /^the sidecar template "x\\n\.git\/\{fileName\}"/);
  });
});

describe('sidecar path: templates that point at the article itself', () => {
  it('refuses sidecar templates that point at the article itself', () => {
    for (const t of ['{fileName}', './{fileName}', '././{fileName}', 'a/./{fileName}.yaml']) assert.ok(checkSidecarTemplate(t), t);
    assert.equal(checkSidecarTemplate('annotations/{fileName}.yaml'), undefined);
  });
});
