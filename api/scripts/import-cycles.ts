// Import cycles among the API's modules: every relative import (type-only
// ones too, and `import()`) of every .ts file under a folder, read with
// TypeScript's own pre-processor, and the strongly connected components of
// that graph (Tarjan). A cycle means two modules cannot be understood, tested
// or moved apart; the unit test next to this file keeps api/src free of them.
// Run: npx tsx api/scripts/import-cycles.ts [DIR] (default api/src; exit 1 on a cycle).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** file → the files under the same folder it imports (absolute paths). */
export function importGraph(dir: string): Map<string, string[]> {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (name === 'node_modules') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(path);
    }
  };
  walk(dir);
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files.sort()) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => resolve(dirname(file), name))
      .filter((target) => known.has(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The cycles of a graph: each strongly connected component of more than one file, or a file importing itself. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isMain) {
  const dir = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src'));
  const graph = importGraph(dir);
  const cycles = findCycles(graph);
  const edges = [...graph.values()].reduce((n, t) => n + t.length, 0);
  if (cycles.length === 0) {
    console.log(`no import cycle among ${graph.size} modules (${edges} imports) under ${relative(process.cwd(), dir) || '.'}`);
  } else {
    for (const c of cycles) console.error(`import cycle: ${c.map((f) => relative(dir, f)).join(' ⇄ ')}`);
    console.error(`${cycles.length} import cycle(s): move what both sides need into a module that imports neither`);
    process.exit(1);
  }
}
