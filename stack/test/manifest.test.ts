import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderManifest } from '../src/subgraph-build.ts';
import { repoRoot } from '../src/paths.ts';

test('the manifest is rendered with the network, factory and start block', () => {
  const yaml = renderManifest({ network: 'bsc-testnet', factoryAddress: '0x00000000000000000000000000000000000000aa', startBlock: 1234 });
  assert.match(yaml, /network: bsc-testnet/);
  assert.match(yaml, /address: "0x00000000000000000000000000000000000000aa"/);
  assert.match(yaml, /startBlock: 1234/);
  assert.ok(yaml.includes(`${repoRoot}/schema.graphql`));
  assert.doesNotMatch(yaml, /\{\{/);
});
