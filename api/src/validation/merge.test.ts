// FieldsMergeRule against graphql-js's OverlappingFieldsCanBeMergedRule on
// seeded random documents over the API's schema: aliases drawn from a few
// names so that fields collide, arguments from a few values (literals,
// variables, absent), fragments and inline fragments spread at random. The
// two rules must refuse the same documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, getNamedType, isAbstractType, isObjectType, OverlappingFieldsCanBeMergedRule, parse, validate, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { typeDefs } from '../server.ts';
import { seededRandom } from '../../../stack/src/rpc-fault-proxy.ts';
import { FieldsMergeRule } from './merge.ts';

const schema = buildSchema(typeDefs);

test('the schema has no interfaces or unions (FieldsMergeRule is then exactly the spec\'s rule)', () => {
  const abstract = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__') && isAbstractType(t));
  assert.deepEqual(abstract.map((t) => t.name), [], 'an interface or union was added: teach merge.ts SameResponseShape for differing parent types');
});

function generator(seed: number) {
  const rnd = seededRandom(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const ALIASES = ['a', 'b', 'c'];
  const argValue = (name: string) => {
    if (name === 'first') return pick(['1', '2', '$n', '$m']);
    if (name === 'block') return pick(['5', '$n']);
    if (name === 'id') return pick(['"x"', '"y"']);
    if (name === 'status' || name === 'kind') return undefined;
    return undefined;
  };
  const fragments: string[] = [];
  const selection = (type: GraphQLObjectType, depth: number): string => {
    const fields = Object.values(type.getFields()) as GraphQLField<unknown, unknown>[];
    const parts: string[] = [];
    const n = 1 + Math.floor(rnd() * 4);
    for (let i = 0; i < n; i++) {
      const r = rnd();
      if (r < 0.15 && depth < 3) {
        parts.push(`... on ${type.name} { ${selection(type, depth + 1)} }`);
        continue;
      }
      if (r < 0.3 && depth < 3 && fragments.length < 6) {
        const name = `F${fragments.length}`;
        fragments.push(''); // reserve the name (no cycles: a fragment only spreads later ones)
        fragments[Number(name.slice(1))] = `fragment ${name} on ${type.name} { ${selection(type, depth + 1)} }`;
        parts.push(`...${name}`);
        if (rnd() < 0.5) parts.push(`...${name}`);
        continue;
      }
      const f = pick(fields);
      const inner = getNamedType(f.type);
      if (isObjectType(inner) && depth >= 3) continue;
      const alias = rnd() < 0.4 ? `${pick(ALIASES)}: ` : '';
      const args = f.args
        .filter((a) => a.type.toString().endsWith('!') || rnd() < 0.4)
        .map((a) => [a.name, a.type.toString().endsWith('!') ? '"x"' : argValue(a.name)] as const)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}: ${v}`);
      parts.push(`${alias}${f.name}${args.length ? `(${args.join(', ')})` : ''}${isObjectType(inner) ? ` { ${selection(inner, depth + 1)} }` : ''}`);
    }
    return parts.join(' ') || '__typename';
  };
  return () => {
    fragments.length = 0;
    const body = selection(schema.getQueryType()!, 0);
    return `${fragments.join('\n')}\nquery($n: Int, $m: Int) { ${body} }`;
  };
}

test('refuses exactly the documents graphql-js\'s OverlappingFieldsCanBeMerged refuses (2,000 random documents)', () => {
  const next = generator(Number(process.env.MERGE_SEED ?? 1));
  let refused = 0;
  for (let i = 0; i < 2000; i++) {
    const text = next();
    const doc = parse(text);
    const theirs = validate(schema, doc, [OverlappingFieldsCanBeMergedRule]).length > 0;
    const ours = validate(schema, doc, [FieldsMergeRule]).length > 0;
    assert.equal(ours, theirs, `#${i}: graphql-js ${theirs ? 'refuses' : 'accepts'}, FieldsMergeRule ${ours ? 'refuses' : 'accepts'}:\n${text}`);
    if (ours) refused++;
  }
  assert.ok(refused > 200 && refused < 1800, `both outcomes are exercised (${refused} of 2000 refused)`);
});

test('conflicts through fragments and nested selections, with graphql-js\'s wording', () => {
  const errors = (q: string) => validate(schema, parse(q), [FieldsMergeRule]).map((e) => e.message);
  assert.deepEqual(errors(`{ a: pools { nodes { id } } a: indexingStatus { lagBlocks } }`), [
    'Fields "a" conflict because "pools" and "indexingStatus" are different fields. Use different aliases on the fields to fetch both if this was intentional.',
  ]);
  assert.match(errors(`fragment A on Query { pools(first: 1) { nodes { id } } } { ...A pools(first: 2) { nodes { id } } }`).join(), /"pools" conflict because they have differing arguments/);
  assert.match(errors(`fragment A on PoolConnection { nodes { x: id } } { pools { ...A nodes { x: zToken } } }`).join(), /"x" conflict because "id" and "zToken" are different fields/);
  assert.deepEqual(errors(`fragment A on Query { pools(first: 1, block: 2) { nodes { id } } } { ...A pools(block: 2, first: 1) { nodes { id zToken } } }`), [], 'argument order does not matter');
  assert.deepEqual(errors(`fragment A on Query { ...A __typename } { ...A ...A }`), [], 'cycles terminate (NoFragmentCycles reports them)');
});
