import { strict as assert } from 'node:assert';
import { AnnotationSet } from '../../../../src/core/model/annotationSet';
import { NEWS_PRESET } from '../../../../src/core/model/projectSchema';
import { serializeSidecar } from '../../../../src/core/format/sidecar';
import { sidecarOf } from '../../../../src/core/session/diskSync';
import { MemoryWorkspaceFiles } from '../../../../src/core/workspace/memoryWorkspaceFiles';
import { findSidecarPairs } from '../../../../src/core/workspace/scan';
import { checkSidecars, checkSummaryLine } from '../../../../src/core/workspace/check';
import { TEST_PROVENANCE } from '../../../support/model';

const TEXT = 'قال الوزير إن الاجتماع كان مثمرا';
const TEMPLATE = '{fileName}.annotations.yaml';

function sidecarFor(name: string, text: string): string {
  const set = new AnnotationSet(text);
  set.add('actor', 4, 10, TEST_PROVENANCE);
  return serializeSidecar(sidecarOf(name, set, undefined));
}

async function checkAll(files: MemoryWorkspaceFiles) {
  const pairs = await findSidecarPairs(files, 'ws', TEMPLATE);
  return checkSidecars(files, pairs, async () => ({ schema: NEWS_PRESET }));
}

describe('core/workspace/check', () => {
  it('finds a valid sidecar valid', async () => {
    const files = new MemoryWorkspaceFiles({
      'ws/a.txt': TEXT,
      'ws/a.txt.annotations.yaml': sidecarFor('a.txt', TEXT),
    });
    const { results, counts } = await checkAll(files);
    assert.deepEqual(
      results.map((r) => r.findings),
      [[]],
    );
    assert.equal(checkSummaryLine(counts), 'checked 1 sidecar: 1 valid, 0 with problems (0 problems)');
  });

  it("reports a changed article, a missing one, another article's sidecar and one that is not UTF-8", async () => {
    const files = new MemoryWorkspaceFiles({
      'ws/a.txt': `عاجل: ${TEXT}`,
      'ws/a.txt.annotations.yaml': sidecarFor('a.txt', TEXT),
      'ws/b.txt.annotations.yaml': sidecarFor('b.txt', TEXT),
      'ws/c.txt': TEXT,
      'ws/c.txt.annotations.yaml': sidecarFor('a.txt', TEXT),
      'ws/d.txt': TEXT,
      'ws/d.txt.annotations.yaml': new Uint8Array([0xff, 0xfe, 0x41]),
    });
    const { results, counts } = await checkAll(files);
    const messages = results.map((r) => r.findings.map((f) => f.message).join(' | '));
    assert.match(messages[0], /^a\.txt changed since these annotations were saved .*run: hashiya anchor ws\/a\.txt$/);
    assert.equal(messages[1], 'the article is missing: ws/b.txt');
    assert.match(messages[2], /a\.txt/);
    assert.match(messages[3], /^the sidecar is /);
    assert.equal(checkSummaryLine(counts), 'checked 4 sidecars: 0 valid, 4 with problems (4 problems)');
  });

  it('reports a sidecar that does not parse at its line and column', async () => {
    const files = new MemoryWorkspaceFiles({
      'ws/a.txt': TEXT,
      'ws/a.txt.annotations.yaml': 'version: 1\nannotations: [\n',
    });
    const { results } = await checkAll(files);
    assert.ok(results[0].findings.length > 0);
    assert.ok(results[0].findings.every((f) => f.kind === 'problem' && f.line >= 1 && f.column >= 1));
  });

  it('says orphans, reviews and registries in the summary line as the CLI does', () => {
    assert.equal(
      checkSummaryLine({
        valid: 2,
        invalid: 1,
        problems: 1,
        orphans: 1,
        review: 2,
        registries: { checked: 2, invalid: 1, problems: 3 },
      }),
      'checked 3 sidecars: 2 valid, 1 with problems (1 problem); 1 orphaned annotation kept; 2 made under an older definition of ' +
        'their label, to review; 2 entity registries: 1 valid, 1 with problems (3 problems)',
    );
  });
});
