#!/usr/bin/env node
// The `hashiya` command (package.json "bin"): the bundled CLI, built by `npm ci` (prepare) or `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('hashiya: dist/cli.js is missing; run `npm run build` first\n');
  process.exit(2);
}
const { main, reportCrash, configureCliL10n } = require(cli);
// messages in the language of HASHIYA_LANG, LC_ALL, LC_MESSAGES or LANG (l10n/bundle.l10n.<lang>.json)
configureCliL10n();
main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, reportCrash);
