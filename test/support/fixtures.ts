import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

/** The repository root: the nearest folder above this file with a package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

/** Path of a file under test/fixtures. */
export function fixturePath(...parts: string[]): string {
  return path.join(repoRoot(), 'test', 'fixtures', ...parts);
}

/** One expected annotation of a bug case (expected.yaml). */
export interface ExpectedAnnotation {
  id: string;
  type: 'claim' | 'actor' | 'date';
  start: number;
  end: number;
  utf16: [number, number];
  text: string;
}

/** A bug case: the input's bytes, its text as decoded (UTF-8, BOM dropped) and the expected annotations. */
export interface BugCase {
  id: string;
  bytes: Buffer;
  text: string;
  bom: boolean;
  expected: ExpectedAnnotation[];
}

/** Reads test/fixtures/cases/<id>. */
export function readCase(id: string, input = 'input.txt', expectedFile = 'expected.yaml'): BugCase {
  const dir = fixturePath('cases', id);
  const bytes = readFileSync(path.join(dir, input));
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const expected = (parse(readFileSync(path.join(dir, expectedFile), 'utf8')) as { annotations: ExpectedAnnotation[] }).annotations;
  return { id, bytes, text, bom, expected };
}

/** Ids of every bug case folder under test/fixtures/cases. */
export function caseIds(): string[] {
  return readdirSync(fixturePath('cases')).filter((name) => /^B\d\d$/.test(name)).sort();
}
