// The resolver types follow the schema: arguments as graphql-js passes them,
// a resolver required exactly where the model lacks the field, models where
// the generator maps them; and the committed file is current.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateResolverTypes, outFile } from './gen-resolver-types.ts';

const here = dirname(fileURLToPath(import.meta.url));

test('the committed resolver types are current', () => {
  const schema = readFileSync(join(here, '..', 'src', 'schema.graphql'), 'utf8');
  assert.equal(readFileSync(outFile, 'utf8'), generateResolverTypes(schema), 'run `npm run gen:resolvers -w api`');
});

const sdl = `
  type Query {
    "One thing."
    thing(id: String!, first: Int = 10, after: String, kind: Kind, block: Int): Thing
    things: [Thing!]!
  }
  enum Kind { A B }
  type Thing { id: String! kind: Kind! parts(first: Int! = 5): [Part]! owner: Owner }
  type Part { n: Int! }
  type Owner { name: String }
`;

test('arguments: required when non-null or defaulted (null still possible for a nullable default), optional otherwise', () => {
  const out = generateResolverTypes(sdl, {});
  assert.match(out, /export type QueryThingArgs = \{\n  id: string;\n  first: number \| null;\n  after\?: string \| null;\n  kind\?: Kind \| null;\n  block\?: number \| null;\n\};/);
  assert.match(out, /export type ThingPartsArgs = \{\n  first: number;\n\};/);
  assert.match(out, /export type Kind = 'A' \| 'B';/);
});

test('fields hold models; resolvers get the model as parent, the args type and the field type as result', () => {
  const out = generateResolverTypes(sdl, { Thing: { type: 'ThingNode', from: '../thing/thing.service.ts' } });
  assert.match(out, /import type \{ ThingNode \} from '\.\.\/thing\/thing\.service\.ts';/);
  assert.match(out, /export type Models = \{\n  Owner: Owner;\n  Part: Part;\n  Query: Query;\n  Thing: ThingNode;\n\};/);
  assert.match(out, /export type Thing = \{\n  id: string;\n  kind: Kind;\n  parts: Array<Models\['Part'\] \| null>;\n  owner: Models\['Owner'\] \| null;\n\};/);
  assert.match(out, /  thing: Resolver<Models\['Thing'\] \| null, unknown, QueryThingArgs>;/);
  assert.match(out, /  things: Resolver<Array<Models\['Thing'\]>, unknown>;/);
  assert.match(out, /export type ThingResolvers = FieldResolvers<Models\['Thing'\], \{\n  id: Resolver<string, Models\['Thing'\]>;/);
  assert.match(out, /  parts: Resolver<Array<Models\['Part'\] \| null>, Models\['Thing'\], ThingPartsArgs>;/);
  assert.match(out, /export type QueryResolvers = FieldResolvers<Record<never, never>, \{/, 'every root field needs a resolver');
  assert.match(out, /AllTrue<FieldsConform<ThingNode, Thing>>/);
  assert.doesNotMatch(out, /FieldsConform<Owner/, 'only mapped models are checked against their shape');
});

test('a model for a type the schema does not have is refused', () => {
  assert.throws(() => generateResolverTypes(sdl, { Nope: { type: 'X', from: './x.ts' } }), /MODELS names Nope/);
});
