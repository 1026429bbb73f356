import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../support/fixtures';

// The layering of src/ (core, shared, webview, node, cli, extension), type imports included (ESLint's no-cycle skips
// them): no import cycle, core and shared free of VS Code, Node and outer layers, the webview
// free of extension and CLI code, the extension free of CLI code (shared Node code is src/node).

const src = path.join(repoRoot(), 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** The specifiers a file imports or re-exports from, type-only ones too. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gms)].map((m) => m[1]);
}

/** The specifiers a file imports at run time (not `import type`, which esbuild drops). */
function runtimeSpecifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b(?!\s+type\b)[^;]*?\bfrom\s+'([^']+)'|^\s*import\s+'([^']+)'/gms)].map(
    (m) => m[1] ?? m[2],
  );
}

function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts')].find((f) => existsSync(f));
}

describe('layering of src/', () => {
  const all = files(src);
  const graph = new Map(all.map((f) => [f, specifiers(f).map((s) => resolve(f, s)).filter((x): x is string => !!x)]));

  it('has no import cycle, counting type imports', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, trail: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(f)), f].map((x) => path.relative(src, x)).join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const next of graph.get(f) ?? []) visit(next, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of all) visit(f, []);
    assert.deepEqual(cycles, []);
  });

  it('keeps each layer to what it may import', () => {
    const layer = (f: string) => path.relative(src, f).split(path.sep)[0];
    const may: Record<string, string[]> = {
      core: ['core'], shared: ['core', 'shared'], webview: ['core', 'shared', 'webview'],
      node: ['core', 'node'], cli: ['core', 'shared', 'node', 'cli'], extension: ['core', 'shared', 'node', 'extension'],
    };
    const wrong: string[] = [];
    for (const [f, deps] of graph) {
      for (const d of deps) if (!may[layer(f)]?.includes(layer(d))) wrong.push(`${path.relative(src, f)} imports ${path.relative(src, d)}`);
      if (['core', 'shared', 'webview'].includes(layer(f))) {
        for (const spec of specifiers(f)) if (spec === 'vscode' || spec.startsWith('node:')) wrong.push(`${path.relative(src, f)} imports ${spec}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('the browser entry (vscode.dev) reaches no Node built-in and no src/node: only the Node entry does', () => {
    const entry = path.join(src, 'extension', 'extension.browser.ts');
    const seen = new Set<string>();
    const wrong: string[] = [];
    const visit = (f: string, trail: string[]) => {
      if (seen.has(f)) return;
      seen.add(f);
      for (const spec of runtimeSpecifiers(f)) {
        const to = resolve(f, spec);
        const where = [...trail, f].map((x) => path.relative(src, x)).join(' → ');
        if (spec.startsWith('node:') || (to && path.relative(src, to).startsWith(`node${path.sep}`))) {
          wrong.push(`${where} imports ${spec}`);
        } else if (to) visit(to, [...trail, f]);
      }
    };
    visit(entry, []);
    assert.deepEqual(wrong, []);
    assert.ok(seen.has(path.join(src, 'extension', 'activation.ts')), 'the shared activation is reached');
    // and the Node entry does reach Node's side of the seam
    const nodeEntry = readFileSync(path.join(src, 'extension', 'extension.ts'), 'utf8');
    assert.match(nodeEntry, /nodePlatform/);
  });
});
