// Dumps VS Code's default keyboard shortcuts (the "Default Keyboard Shortcuts (JSON)" editor) of
// the VS Code that code-server serves, for Linux, Windows and macOS, into
// test/fixtures/vscode-keybindings/<platform>.json. The web workbench takes its platform from the
// browser's user agent, so one code-server gives all three. test/unit/package/manifest.test.ts checks
// Hashiya's keybindings against these files.
//
//   node scripts/defaultKeybindings.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CHROMIUM_ARGS, repoRoot, startCodeServer, tempCopy, workbenchUrl } from './codeServer.mjs';
import { CODE_SERVER_VERSION, chromiumPath } from './ensureTools.mjs';

const AGENTS = {
  linux: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  win: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
};

/** Strips // comments outside strings from the JSONC of the default keybindings. */
function stripComments(text) {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i];
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else out += ch;
  }
  return out.replace(/,(\s*[\]}])/g, '$1');
}

const { chromium } = await import('playwright-core');
const folder = tempCopy(null, 'hashiya-keys-');
const server = await startCodeServer({ folder });
const outDir = path.join(repoRoot, 'test', 'fixtures', 'vscode-keybindings');
mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
try {
  for (const [platform, userAgent] of Object.entries(AGENTS).filter(([p]) => !process.env.ONLY || process.env.ONLY === p)) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, userAgent, locale: 'en-US' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    await page.goto(workbenchUrl(server.url, folder), { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(3000);
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
    await page.keyboard.type('Preferences: Open Default Keyboard Shortcuts (JSON)');
    await page.waitForTimeout(1500);
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(2000);
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await page.locator('.monaco-editor .view-lines').first().click();
    // the menu commands, not their keys (a macOS user agent on Linux Chromium does not copy with Meta+C)
    for (const title of ['Select All', 'Copy']) {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
      await page.keyboard.type(title);
      await page.waitForTimeout(1000);
      const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
      const labels = await rows.evaluateAll((els) => els.map((e) => (e.querySelector('.label-name')?.textContent ?? '').trim()));
      const at = labels.findIndex((l) => l === title || l.endsWith(`: ${title}`));
      if (at < 0) throw new Error(`${platform}: no command "${title}" in ${JSON.stringify(labels)}`);
      await rows.nth(at).click();
      await page.waitForTimeout(500);
    }
    const text = await page.evaluate(() => navigator.clipboard.readText());
    if (!text.trim().startsWith('//') && !text.trim().startsWith('[')) throw new Error(`${platform}: nothing copied (${text.slice(0, 80)})`);
    const entries = JSON.parse(stripComments(text));
    const bindings = entries.map((e) => ({ key: e.key, command: e.command, ...(e.when ? { when: e.when } : {}) }));
    writeFileSync(path.join(outDir, `${platform}.json`), `${JSON.stringify({ vscode: `code-server ${CODE_SERVER_VERSION}`, platform, bindings }, null, 1)}\n`);
    process.stdout.write(`${platform}: ${bindings.length} default keybindings\n`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
