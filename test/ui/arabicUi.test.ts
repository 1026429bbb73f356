import { strict as assert } from 'node:assert';
import type { Frame, Locator, Page } from 'playwright-core';
import * as fs from 'node:fs';
import { parseRegistry } from '../../src/core/entities/entityRegistry';
import { parseSidecar } from '../../src/core/format/sidecar';
import { NEWS_PRESET } from '../../src/core/model/projectSchema';
import * as path from 'node:path';
import { repoRoot } from '../support/fixtures';
import { openFile, runCommand, startWorkbench, webviewFrame, type Workbench } from '../support/workbench';
import { selectInView } from './viewHelpers';

// The Arabic interface: VS Code in Arabic (code-server with --locale ar and an empty language pack,
// see scripts/codeServer.mjs) loads l10n/bundle.l10n.ar.json and package.nls.ar.json; the view and
// the Entities tree then show no English word of their own. What may stay Latin: key names, the
// file's name, and what comes from the files (names, values such as 2015-12-15TEV).

const KEY_NAMES = new Set(['Enter', 'Tab', 'Shift', 'Ctrl', 'Esc', 'Del', 'Delete', 'YAML']);

/** The paths of the workspace's files and folders (the Articles view names them as they are). */
function filePaths(dir = path.join(repoRoot(), 'samples'), prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = `${prefix}${e.name}`;
    return e.isDirectory() ? [rel, ...filePaths(path.join(dir, e.name), `${rel}/`)] : [rel];
  });
}

/**
 * What the workspace's files say: their names, the registry's names, aliases, notes and external ids
 * (not kinds, which the UI names) and the sidecars' authors, values and notes.
 */
function fileData(): string[] {
  const read = (...parts: string[]) => fs.readFileSync(path.join(repoRoot(), 'samples', ...parts), 'utf8');
  const registry = parseRegistry(read('.hashiya', 'entities.yaml'));
  const sidecar = parseSidecar(read(`${FILE}.annotations.yaml`));
  assert.ok(registry.ok && sidecar.ok);
  const authors = filePaths().filter((f) => f.endsWith('.annotations.yaml')).flatMap((f) => {
    const other = parseSidecar(read(f));
    return other.ok ? other.sidecar.annotations.map((a) => a.author ?? '') : [];
  });
  return [
    ...filePaths(),
    ...authors,
    ...registry.registry.entities.flatMap((e) => [e.name, ...e.aliases, e.note ?? '', e.externalId ?? '']),
    ...sidecar.sidecar.annotations.flatMap((a) => [a.author ?? '', a.value ?? '', a.note ?? '']),
  ];
}
const FILE = 'lavrov-kerry.txt';
/** The schema's data shown as it is stored: attribute values and the codebook's examples. */
const SCHEMA_DATA = NEWS_PRESET.labels.flatMap((l) => [
  ...(l.attributes ?? []).flatMap((a) => a.values ?? []), ...(l.codebook?.examples ?? []),
]);

/** Latin words of `text` that are neither key names nor the file's name nor in `data`. */
function englishWords(text: string, data: readonly string[] = []): string[] {
  const allowed = (word: string) => KEY_NAMES.has(word) || /^[A-Z]$/.test(word)
    || FILE.includes(word) || data.some((d) => d.includes(word));
  return [...new Set([...text.matchAll(/[A-Za-z][A-Za-z-]+/g)].map((m) => m[0]).filter((w) => !allowed(w)))];
}

async function openInArabicView(page: Page, file: string): Promise<Frame> {
  await openFile(page, file);
  await runCommand(page, 'حاشية: افتح في حاشية');
  return webviewFrame(page, async (f) => (await f.locator('#toolbar .file').textContent({ timeout: 500 })) === file
    && (await f.evaluate(() => document.body.dataset.ready === 'true')), { timeout: 30000 });
}

/** The view's own text: everything but the article's lines, with titles and aria labels. */
async function viewText(frame: Frame): Promise<string> {
  return frame.evaluate(() => {
    const parts: string[] = [];
    const walk = (node: Node) => {
      if (node instanceof HTMLElement) {
        if (node.id === 'article' || node.classList.contains('line')) return;
        if (getComputedStyle(node).display === 'none') return;
        for (const name of ['title', 'aria-label', 'placeholder']) {
          const value = node.getAttribute(name);
          if (value) parts.push(value);
        }
      }
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
      node.childNodes.forEach(walk);
    };
    walk(document.body);
    return parts.join('\n');
  });
}

/** Where the first `needle` in the text of `element` stands on the page (px), or undefined. */
function textRect(element: Locator, needle: string): Promise<{ left: number; right: number } | undefined> {
  return element.evaluate((root, needle) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.textContent!.indexOf(needle);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + needle.length);
      const r = range.getBoundingClientRect();
      return { left: Math.round(r.left), right: Math.round(r.right) };
    }
    return undefined;
  }, needle);
}

describe('UI: the Arabic interface (code-server in Arabic)', function () {
  this.timeout(180000);
  let wb: Workbench;
  let frame: Frame;

  before(async () => {
    wb = await startWorkbench({ workspace: 'samples', locale: 'ar', viewport: { width: 1400, height: 900 } });
  });
  after(async () => {
    await wb?.stop();
  });

  it('the article view shows its toolbar, hints, codebook and hover in Arabic', async () => {
    frame = await openInArabicView(wb.page, FILE);
    const toolbar = await viewText(frame);
    assert.match(toolbar, /ادعاء/);
    assert.deepEqual(englishWords(toolbar), [], toolbar);
    await frame.locator('#article').click({ position: { x: 5, y: 5 } });
    await wb.page.keyboard.press('k');
    await frame.locator('#codebook').waitFor({ state: 'visible', timeout: 10000 });
    const codebook = await viewText(frame);
    assert.match(codebook, /دليل الترميز/);
    assert.deepEqual(englishWords(codebook, SCHEMA_DATA), [], codebook);
    await wb.page.keyboard.press('Escape');
    // a hover over a date inside a claim: label titles, the value, "said on"
    const box = (await (await frame.frameElement()).boundingBox())!;
    const at = await frame.evaluate(() => {
      const line = [...document.querySelectorAll('#article .line')].find((l) => l.textContent!.includes('جون كيري'))!;
      const node = line.firstChild as Text;
      const start = node.data.indexOf('جون كيري');
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + 3);
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await wb.page.mouse.move(box.x + at.x, box.y + at.y);
    await frame.locator('#hover').waitFor({ state: 'visible', timeout: 10000 });
    const hover = await frame.locator('#hover').innerText();
    assert.deepEqual(englishWords(hover, fileData()), [], hover);
    await wb.screenshot('arabic-ui-view');
  });

  it('the Entities tree shows its categories, counts and groups in Arabic', async () => {
    await wb.page.locator('.activitybar .action-item a[aria-label^="حاشية"]').first().click();
    const rows = wb.page.locator('.pane-body .monaco-list-row');
    await rows.first().waitFor({ timeout: 15000 });
    await wb.page.waitForTimeout(500);
    const text = (await rows.evaluateAll((els) => els.map((e) => `${e.textContent ?? ''} ${e.getAttribute('aria-label') ?? ''}`)))
      .join('\n');
    assert.match(text, /الفاعلون|فاعل/);
    assert.deepEqual(englishWords(text, [...SCHEMA_DATA, ...fileData()]), [], text);
    // the workbench lays rows out left to right: the label, then its description, each in itself
    // right to left (RLI … PDI), so the category and its counts neither run together nor mix
    const row = rows.filter({ hasText: 'كيانات' }).first();
    const label = row.locator('.label-name');
    const name = (await label.textContent())!.replace(/[\u2066-\u2069]/g, '').trim();
    const layout = {
      label: await textRect(label, name),
      counts: await textRect(row.locator('.label-description'), 'كيانات'),
      mentions: await textRect(row.locator('.label-description'), 'إشارات'),
    };
    // and on every row the description (counts, kinds, lines) stands after its label
    const order = await rows.evaluateAll((els) =>
      els
        .map((e) => [e.querySelector('.label-name'), e.querySelector('.label-description')] as const)
        .filter(([l, d]) => l && d && d.textContent)
        .map(([l, d]) => ({
          text: `${l!.textContent} | ${d!.textContent}`,
          labelRight: Math.round(l!.getBoundingClientRect().right),
          descriptionLeft: Math.round(d!.getBoundingClientRect().left),
        })),
    );
    assert.ok(order.length >= 5, JSON.stringify(order));
    for (const row of order) assert.ok(row.descriptionLeft >= row.labelRight - 1, JSON.stringify(row));
    assert.ok(layout.label && layout.counts && layout.mentions, JSON.stringify(layout));
    assert.ok(layout.counts.left > layout.label.right, `the counts after the label: ${JSON.stringify(layout)}`);
    assert.ok(layout.counts.left > layout.mentions.right, `"كيانات" first (rightmost) in its description: ${JSON.stringify(layout)}`);
    await wb.screenshot('arabic-ui-tree');
  });

  it('a picker reads right to left inside the left-to-right workbench: «كيان» before the quoted mention', async () => {
    frame = await openInArabicView(wb.page, FILE);
    await selectInView(frame, 'جون كيري');
    await wb.page.keyboard.press('e');
    const title = wb.page.locator('.quick-input-widget .quick-input-title');
    await title.waitFor({ state: 'visible', timeout: 15000 });
    await wb.page.waitForTimeout(300);
    const at = { text: await title.textContent(), entity: await textRect(title, 'كيان'), name: await textRect(title, 'جون') };
    await wb.screenshot('arabic-ui-picker');
    await wb.page.keyboard.press('Escape');
    assert.ok(at.entity && at.name, JSON.stringify(at));
    // read from the right: «كيان» first, then the mention
    assert.ok(at.entity.left >= at.name.right, JSON.stringify(at));
  });
});
