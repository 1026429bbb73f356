// Precompiles the JSON Schemas in schemas/ into standalone Ajv validators (src/core/format/validators/),
// so that activation and the CLI do not compile schemas at start-up (Ajv's "standalone validation code").
// Run `npm run schemas` after editing a schema; a unit test fails while a validator is out of date.
//   node scripts/compileSchemas.mjs [--check]   (--check: exit 1 when a file would change)
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';
import { _ } from 'ajv/dist/compile/codegen/index.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(repoRoot, 'src', 'core', 'format', 'validators');

/** The schemas, the validator module each becomes, and the formats it uses. */
export const VALIDATORS = [
  { schema: 'sidecar.schema.json', module: 'sidecarValidator', formats: ['date-time'] },
  { schema: 'project.schema.json', module: 'projectValidator', formats: [] },
  { schema: 'entities.schema.json', module: 'entitiesValidator', formats: [] },
];

/** The files for one validator: `{ [file name]: content }`. */
export function validatorFiles({ schema, module, formats }) {
  const ajv = new Ajv({
    allErrors: true, strict: true,
    code: { source: true, esm: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  if (formats.length > 0) addFormats(ajv, formats);
  const validate = ajv.compile(JSON.parse(readFileSync(path.join(repoRoot, 'schemas', schema), 'utf8')));
  const header = `// Generated from schemas/${schema} by scripts/compileSchemas.mjs (npm run schemas); do not edit.\n`;
  return {
    [`${module}.js`]: header + standaloneCode(ajv, validate) + '\n',
    [`${module}.d.ts`]: header
      + `import type { ValidateFunction } from 'ajv';\n\n`
      + `/** Validates a value parsed from YAML against schemas/${schema}; errors in \`validate.errors\`. */\n`
      + 'export declare const validate: ValidateFunction;\n',
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = [];
  mkdirSync(outDir, { recursive: true });
  for (const v of VALIDATORS) {
    for (const [name, content] of Object.entries(validatorFiles(v))) {
      const file = path.join(outDir, name);
      if (existsSync(file) && readFileSync(file, 'utf8') === content) continue;
      stale.push(path.relative(repoRoot, file));
      if (!check) writeFileSync(file, content);
    }
  }
  if (check && stale.length > 0) {
    console.error(`out of date (run npm run schemas): ${stale.join(', ')}`);
    process.exit(1);
  }
  if (!check) console.log(stale.length > 0 ? `wrote ${stale.join(', ')}` : 'validators up to date');
}
