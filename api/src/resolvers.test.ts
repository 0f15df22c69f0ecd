// The merged resolver map is exactly the union of the feature maps: no two
// features define the same field, and nothing a feature defines is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, isObjectType } from 'graphql';
import { features, resolvers } from './resolvers.ts';

type FieldMap = Record<string, Record<string, unknown>>;

test('every field has one home, and the merge keeps it', () => {
  const owner = new Map<string, string>();
  for (const [feature, map] of Object.entries(features) as Array<[string, FieldMap]>) {
    for (const [type, fields] of Object.entries(map)) {
      for (const [field, fn] of Object.entries(fields)) {
        const key = `${type}.${field}`;
        assert.equal(owner.get(key), undefined, `${key} is defined by both ${owner.get(key)} and ${feature}`);
        owner.set(key, feature);
        assert.equal((resolvers as unknown as FieldMap)[type]?.[field], fn, `${key} (${feature}) is missing from the merged map`);
      }
    }
  }
  const merged = Object.entries(resolvers as unknown as FieldMap).flatMap(([type, fields]) => Object.keys(fields).map((f) => `${type}.${f}`));
  assert.deepEqual(merged.sort(), [...owner.keys()].sort());
});

test('every resolver answers a field of the schema, and every root field has one', () => {
  const schema = buildSchema(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'schema.graphql'), 'utf8'));
  for (const [type, fields] of Object.entries(resolvers as unknown as FieldMap)) {
    const t = schema.getType(type);
    assert.ok(t && isObjectType(t), `${type} is an object type of the schema`);
    for (const field of Object.keys(fields)) assert.ok(t.getFields()[field], `${type}.${field} is in the schema`);
  }
  assert.deepEqual(Object.keys(resolvers.Query).sort(), Object.keys(schema.getQueryType()!.getFields()).sort());
});
