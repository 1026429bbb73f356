// Installs what the integration and UI tests need and a fresh machine lacks:
// Debian packages (Chromium, Noto fonts for Arabic shaping, ripgrep and the headers that
// code-server's native modules build against) and code-server 4.100.3 (VS Code 1.100.3) in a
// folder of its own, outside the project's node_modules. Idempotent: checks before it installs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const DEBIAN_PACKAGES = ['chromium', 'fonts-noto-core', 'ripgrep', 'libkrb5-dev', 'libx11-dev',
  'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config', 'python3', 'make', 'g++'];

/** Folder that holds code-server; HASHIYA_CODE_SERVER_DIR overrides the per-user cache. */
export function codeServerDir() {
  return process.env.HASHIYA_CODE_SERVER_DIR
    || path.join(os.homedir(), '.cache', 'hashiya', `code-server-${CODE_SERVER_VERSION}`);
}

/** Path of the code-server launcher script inside codeServerDir(). */
export function codeServerBin() {
  return path.join(codeServerDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Path of the Chromium that Playwright drives (HASHIYA_CHROMIUM overrides). */
export function chromiumPath() {
  return process.env.HASHIYA_CHROMIUM || '/usr/bin/chromium';
}

function log(msg) { process.stderr.write(`[tools] ${msg}\n`); }

function missingDebianPackages() {
  return DEBIAN_PACKAGES.filter((p) => spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' })
    .stdout?.includes('install ok installed') !== true);
}

/** Installs the Debian packages that are missing (needs root and apt-get). */
export function ensureDebianPackages() {
  if (!existsSync('/usr/bin/dpkg-query')) {
    if (!existsSync(chromiumPath())) throw new Error(`No Chromium at ${chromiumPath()}; set HASHIYA_CHROMIUM`);
    return;
  }
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing Debian packages: ${missing.join(' ')} (run: sudo apt-get install ${missing.join(' ')})`);
  }
  log(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
}

/** Installs code-server into codeServerDir() unless it is there already. */
export function ensureCodeServer() {
  const dir = codeServerDir();
  const marker = path.join(dir, '.hashiya-complete');
  if (existsSync(marker) && existsSync(codeServerBin())) return;
  mkdirSync(dir, { recursive: true });
  // @vscode/ripgrep downloads rg from GitHub in its postinstall; offline it uses this cache.
  const tmp = process.env.TMPDIR || os.tmpdir();
  const cacheDir = path.join(tmp, 'vscode-ripgrep-cache-1.15.11');
  const archive = path.join(cacheDir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (!existsSync(archive)) {
    const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
    if (!rg) throw new Error('ripgrep (rg) is needed to install code-server offline');
    mkdirSync(cacheDir, { recursive: true });
    const stage = mkdtempSync(path.join(tmp, 'hashiya-rg-'));
    copyFileSync(rg, path.join(stage, 'rg'));
    execFileSync('tar', ['czf', archive, '-C', stage, 'rg']);
    rmSync(stage, { recursive: true, force: true });
  }
  log(`installing code-server@${CODE_SERVER_VERSION} into ${dir} (takes 1-3 minutes)`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', dir,
    `code-server@${CODE_SERVER_VERSION}`], {
    stdio: 'inherit',
    // npm 11 skips dependency install scripts unless allowed; code-server's postinstall builds
    // VS Code's own native modules, so this separate folder allows them all.
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true',
      npm_config_dangerously_allow_all_scripts: 'true' },
  });
  const rgBin = path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (!existsSync(codeServerBin()) || !existsSync(rgBin)) {
    throw new Error(`code-server did not install completely into ${dir}`);
  }
  writeFileSync(marker, `${CODE_SERVER_VERSION}\n`);
}

/** Everything the VS Code tests and `npm start` need. */
export function ensureTools() {
  ensureDebianPackages();
  ensureCodeServer();
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    ensureTools();
    log('ok');
  } catch (err) {
    log(String(err?.message ?? err));
    process.exit(1);
  }
}
