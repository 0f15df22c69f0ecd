// The API's modules import each other without cycles, and the check finds a
// cycle wherever one is (through type-only and dynamic imports too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCycles, importGraph } from './import-cycles.ts';

const here = dirname(fileURLToPath(import.meta.url));

test('api/src has no import cycle', () => {
  const graph = importGraph(join(here, '..', 'src'));
  assert.ok(graph.size > 40, `read ${graph.size} modules`);
  assert.deepEqual(findCycles(graph), []);
});

test('cycles through type-only imports, dynamic imports and subfolders are found; a diamond is not one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'import-cycles-'));
  try {
    mkdirSync(join(dir, 'feature'));
    const files: Record<string, string> = {
      'context.ts': "import { createLoaders } from './loaders.ts';\nexport interface Ctx {}\n",
      'loaders.ts': "import type { Row } from './feature/feature.repository.ts';\nexport const createLoaders = () => 1;\n",
      'feature/feature.repository.ts': "import type { Ctx } from '../context.ts';\nexport interface Row {}\n",
      'a.ts': "import './b.ts';\nimport './c.ts';\n",
      'b.ts': "export * from './d.ts';\n",
      'c.ts': "export { x } from './d.ts';\n",
      'd.ts': "export const x = 1;\nimport('node:fs');\n",
      'self.ts': "export const y = () => import('./self.ts');\n",
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const cycles = findCycles(importGraph(dir)).map((c) => c.map((f) => f.slice(dir.length + 1)));
    assert.deepEqual(cycles.sort(), [['context.ts', 'feature/feature.repository.ts', 'loaders.ts'], ['self.ts']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
