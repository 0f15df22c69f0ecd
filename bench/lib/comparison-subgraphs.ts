// The indexing bench's comparison subgraphs (bench/minimal-subgraph: the
// ceiling; bench/floor-subgraph: the least state issue 4 needs): our manifest
// with the schema and every mapping file swapped for the directory's own, so
// data sources, templates, ABIs and handler names stay ours.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bin, repoRoot } from '../../stack/src/paths.ts';
import { renderManifest, type NetworkConfig } from '../../stack/src/subgraph-build.ts';

const run = promisify(execFile);

export const comparisonSubgraphs = ['minimal', 'floor'] as const;
export type ComparisonSubgraph = (typeof comparisonSubgraphs)[number];

/** Renders bench/<name>-subgraph/subgraph.yaml, runs graph codegen and graph build there; returns the manifest's path. */
export async function buildComparison(name: ComparisonSubgraph, config: NetworkConfig): Promise<string> {
  const dir = join(repoRoot, 'bench', `${name}-subgraph`);
  const entities = [...readFileSync(join(dir, 'schema.graphql'), 'utf8').matchAll(/^type (\w+) @entity/gm)].map((m) => m[1]);
  const manifest = renderManifest(config)
    .replace(/file: .*\/schema\.graphql/, `file: ${join(dir, 'schema.graphql')}`)
    .replace(/file: .*\/subgraph\/src\/mappings\/\S+\.ts/g, `file: ${join(dir, 'src', 'mapping.ts')}`)
    .replace(/entities: \[[^\]]*\]/g, `entities: [${entities.join(', ')}]`);
  const file = join(dir, 'subgraph.yaml');
  writeFileSync(file, manifest);
  try {
    await run(bin('graph'), ['codegen', file, '--output-dir', join(dir, 'generated')], { cwd: dir });
    await run(bin('graph'), ['build', file, '--output-dir', join(dir, 'build')], { cwd: dir });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    const detail = `${e.stdout ?? ''}${e.stderr ?? ''}`.split('\n').filter((l) => /error|✖/i.test(l)).slice(0, 20).join('\n');
    throw new Error(`bench/${name}-subgraph does not build (graph codegen/build in ${dir}):\n${detail || e.message}`);
  }
  return file;
}
