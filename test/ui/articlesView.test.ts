import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptySidecar, parseSidecar, serializeSidecar } from '../../src/core/format/sidecar';
import type { Annotation } from '../../src/core/model/annotation';
import { startWorkbench, waitForFile, type Workbench } from '../support/workbench';

const TEXT = 'قال وزير الخارجية سيرغي لافروف في موسكو إن المؤتمر سيعقد يوم الثلاثاء.\n';

function span(id: string, label: string, quote: string, author: string): Annotation {
  const start = [...TEXT.slice(0, TEXT.indexOf(quote))].length;
  return { id, label, start, end: start + [...quote].length, quote, prefix: '', suffix: '', author };
}

describe('UI: the Articles view', function () {
  this.timeout(180000);
  let wb: Workbench;
  let seed: string;

  before(async () => {
    seed = fs.mkdtempSync(path.join(os.tmpdir(), 'hashiya-ui-articles-'));
    for (const folder of ['moscow', 'geneva']) fs.mkdirSync(path.join(seed, folder));
    const write = (name: string, annotations: Annotation[], status?: 'done') => {
      fs.writeFileSync(path.join(seed, name), TEXT);
      if (annotations.length === 0 && !status) return;
      fs.writeFileSync(path.join(seed, `${name}.annotations.yaml`), serializeSidecar({
        ...emptySidecar(path.basename(name)),
        ...(status ? { status: { value: status, by: 'سلمى', at: '2026-12-03T10:00:00.000Z' } } : {}),
        annotations,
      }));
    };
    write('moscow/lavrov.txt', [span('a1', 'actor', 'سيرغي لافروف', 'سلمى'), span('a2', 'date', 'يوم الثلاثاء', 'Bob')]);
    write('moscow/summit.txt', [span('c1', 'claim', 'المؤتمر سيعقد', 'سلمى')], 'done');
    write('geneva/talks.txt', []);
    wb = await startWorkbench({ workspace: seed, viewport: { width: 1400, height: 900 } });
    wb.page.on('dialog', (d) => { throw new Error(`unexpected dialog: ${d.message()}`); });
  });
  after(async () => {
    await wb?.stop();
    fs.rmSync(seed, { recursive: true, force: true });
  });

  const row = (name: string) => wb.page.locator('.monaco-list-row', { hasText: name }).first();

  it('lists the articles by folder with their status in words, counts per label and annotators', async () => {
    await wb.page.locator('.activitybar .action-item a[aria-label^="Hashiya"]').first().click();
    await row('lavrov.txt').waitFor({ timeout: 60000 });
    // names from files are isolated (FSI … PDI, see plainText): compared without the marks
    const text = async (name: string) => (await row(name).innerText()).replace(/[\u2066-\u2069]/g, '');
    assert.match(await text('lavrov.txt'), /In progress · Actor 1, Date 1 · Bob, سلمى/);
    assert.match(await text('summit.txt'), /Done · Claim 1 · سلمى/);
    assert.match(await text('talks.txt'), /New/);
    assert.match(await text('moscow'), /2 articles · In progress 1 · Done 1/);
    // the status is an icon and words: the icon's codicon class names it
    assert.equal(await row('summit.txt').locator('.codicon-pass').count(), 1);
    await wb.screenshot('articles-view');
  });

  it('Set Article Status… from the row\'s inline action: a quick pick, the sidecar written, the row follows; so does a change on disk', async () => {
    await row('talks.txt').hover();
    await row('talks.txt').locator('.action-label[aria-label="Set Article Status…"]').click();
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 10000 });
    await wb.page.keyboard.type('Needs review');
    await wb.page.keyboard.press('Enter');
    const file = path.join(wb.folder, 'geneva', 'talks.txt.annotations.yaml');
    const written = parseSidecar(await waitForFile(file, (c) => parseSidecar(c).ok));
    assert.ok(written.ok);
    assert.equal(written.sidecar.status?.value, 'needs-review');
    await wb.page.waitForFunction(() => [...document.querySelectorAll('.monaco-list-row')]
      .some((r) => r.textContent?.includes('talks.txt') && r.textContent.includes('Needs review')), undefined, { timeout: 15000 });
    // a sidecar changed outside VS Code (git pull): the shown view follows by itself
    const lavrov = path.join(wb.folder, 'moscow', 'lavrov.txt.annotations.yaml');
    fs.writeFileSync(lavrov, fs.readFileSync(lavrov, 'utf8')
      .replace('\nannotations:', '\nstatus:\n  value: "adjudicated"\nannotations:'));
    await wb.page.waitForFunction(() => [...document.querySelectorAll('.monaco-list-row')]
      .some((r) => r.textContent?.includes('lavrov.txt') && r.textContent.includes('Adjudicated')), undefined, { timeout: 15000 });
    const sidebar = wb.page.locator('.part.sidebar');
    fs.mkdirSync(path.join(process.cwd(), 'test-results'), { recursive: true });
    await sidebar.screenshot({ path: path.join(process.cwd(), 'test-results', 'articles-view-sidebar.png') });
  });
});
