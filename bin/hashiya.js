#!/usr/bin/env node
// The `hashiya` command (package.json "bin"): the bundled CLI, built by `npm ci` (prepare) or `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('hashiya: dist/cli.js is missing; run `npm run build` first\n');
  process.exit(2);
}
const { main, reportCrash } = require(cli);
main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, reportCrash);
