// The estimated cost of the operation a request executes, with its variables:
// every field costs the number of times it can be resolved, that is the
// product of the list sizes above it. A list's size comes from the
// arguments the resolver will see — literal, variable, variable default or
// the schema's default, exactly as graphql-js coerces them:
//   - a connection (a field with `first`): `first` items (≤ API_MAX_PAGE_SIZE);
//   - whatIf: `steps` points (≤ 1000), each also charged WHAT_IF_POINT_WORK
//     at whatIf itself: the resolver computes every point (bigint PnL, rate
//     and five decimals) whether or not `points` is selected;
//   - rateCandles and periodStats: the buckets [from, to) covers (≤ 5000).
// An argument the resolver will refuse counts at that list's maximum. Other
// lists (a pool's markets, the protocol's pools) are as long as the deployed
// contracts make them, not the request, and count once. Each fragment is
// costed once per place kind (its figure is reused wherever it is spread), so
// the time is linear in the document; it stops as soon as the limit is
// passed.
import {
  getArgumentValues,
  getNamedType,
  getVariableValues,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { bucketRange, MAX_BUCKETS, type Interval } from '../history/buckets.ts';
import { seriesRange } from '../history/history.service.ts';
import { MAX_WHAT_IF_STEPS } from '../live/what-if.service.ts';

/**
 * One what-if point's computation, in fields: about 4 µs against 0.3 µs to
 * resolve a field (bench/hostile-input.md), rounded up.
 */
export const WHAT_IF_POINT_WORK = 20;
/** The span rateCandles and periodStats cover without `from` (the defaultSpanDays history.resolvers.ts passes to seriesRange). */
const DEFAULT_SPAN_DAYS = { rateCandles: { HOUR: 7, DAY: 7 }, periodStats: { HOUR: 7, DAY: 90 } } as const;

type Args = Record<string, unknown>;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const within = (v: unknown, max: number) => (isInt(v) && v >= 1 && v <= max ? v : max);

/** Buckets of a series field as the resolver will count them (seriesRange), `now` in unix seconds; the maximum if it will refuse the range. */
export function seriesBuckets(field: 'rateCandles' | 'periodStats', args: Args, now: number): number {
  const interval = args.interval as Interval;
  const span = DEFAULT_SPAN_DAYS[field][interval];
  if (span === undefined) return MAX_BUCKETS;
  try {
    const r = seriesRange({ interval, from: args.from as number | null | undefined, to: args.to as number | null | undefined }, span, now);
    return Math.max(1, bucketRange(r.from, r.to, r.size, now).count);
  } catch {
    return MAX_BUCKETS; // an inverted range, or over MAX_BUCKETS: refused by the resolver
  }
}

/** Items a list field may return, from its own arguments; `undefined` for fields that are not request-sized lists. */
function listSize(parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>, args: Args, maxPageSize: number, now: number): number | undefined {
  if (field.args.some((a) => a.name === 'first')) return within(args.first, maxPageSize);
  if (parent.name === 'Query' && (field.name === 'rateCandles' || field.name === 'periodStats')) return seriesBuckets(field.name, args, now);
  return undefined;
}

class OverLimit extends Error {}

export interface CostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The request's variables, as sent (JSON). */
  variables: Record<string, unknown> | undefined;
  maxPageSize: number;
  /** Stop counting above this; the result is then `limit + 1` or more. */
  limit: number;
  /** Unix seconds (series without `to` end now). */
  now?: number;
}

/**
 * The operation's cost, or `undefined` when its variables do not coerce
 * (graphql-js then refuses the request before resolving anything, with
 * BAD_USER_INPUT). Expects a validated document.
 */
export function operationCost(input: CostInput): number | undefined {
  const { schema, document, operation, maxPageSize, limit } = input;
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], input.variables ?? {}, { maxErrors: 1 });
  if (coerced.errors) return undefined;
  const variables = coerced.coerced;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(d.name.value)) fragments.set(d.name.value, d);

  // cost() returns a selection set's cost per resolution of its parent and
  // charges `total` with each field at the number of times it resolves
  // (`multiplier`), so that counting stops as soon as the limit is passed.
  // A fragment's cost is computed once (charging nothing) and charged at each
  // spread. whatIf's points are sized by their parent's `steps`: selections on
  // WhatIf carry it, and a fragment on WhatIf is costed once per `steps`.
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();
  let total = 0;
  const charge = (n: number) => {
    total += n;
    if (total > limit) throw new OverLimit();
  };

  const fieldDef = (parent: GraphQLNamedType, node: FieldNode): GraphQLField<unknown, unknown> | undefined => {
    const name = node.name.value;
    if (name === '__typename') return TypeNameMetaFieldDef;
    if (parent === schema.getQueryType()) {
      if (name === '__schema') return SchemaMetaFieldDef;
      if (name === '__type') return TypeMetaFieldDef;
    }
    return isObjectType(parent) ? parent.getFields()[name] : undefined;
  };

  const cost = (set: SelectionSetNode, parent: GraphQLNamedType, steps: number | undefined, multiplier: number): number => {
    let sum = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        charge(multiplier);
        sum += 1;
        const def = fieldDef(parent, sel);
        if (!def || !sel.selectionSet) continue;
        let args: Args = {};
        try {
          args = getArgumentValues(def, sel, variables);
        } catch {
          // An argument the resolver cannot take: the lists count at their maxima.
        }
        const size = parent.name === 'WhatIf' && def.name === 'points' ? (steps ?? MAX_WHAT_IF_STEPS) : (listSize(parent, def, args, maxPageSize, now) ?? 1);
        const childSteps = parent === schema.getQueryType() && def.name === 'whatIf' ? within(args.steps, MAX_WHAT_IF_STEPS) : undefined;
        if (childSteps !== undefined) {
          charge(multiplier * childSteps * WHAT_IF_POINT_WORK);
          sum += childSteps * WHAT_IF_POINT_WORK;
        }
        sum += size * cost(sel.selectionSet, getNamedType(def.type), childSteps, multiplier * size);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        if (type) sum += cost(sel.selectionSet, type, steps, multiplier);
      } else {
        const c = fragment(sel.name.value, steps);
        charge(c * multiplier);
        sum += c;
      }
      // Every list counts at least once, so a part over the limit puts the operation over it too.
      if (sum > limit) throw new OverLimit();
    }
    return sum;
  };

  const fragment = (name: string, steps: number | undefined): number => {
    const def = fragments.get(name);
    const type = def && schema.getType(def.typeCondition.name.value);
    if (!def || !type) return 0;
    const key = type.name === 'WhatIf' ? `${name}|${steps}` : name;
    const known = memo.get(key);
    if (known !== undefined) return known;
    if (inProgress.has(key)) return 0; // a cycle: validation refuses it
    inProgress.add(key);
    const c = cost(def.selectionSet, type, steps, 0);
    inProgress.delete(key);
    memo.set(key, c);
    return c;
  };

  const root = operation.operation === 'query' ? schema.getQueryType() : undefined;
  if (!root) return undefined;
  try {
    cost(operation.selectionSet, root, undefined, 1);
  } catch (err) {
    if (err instanceof OverLimit) return Math.max(total, limit + 1);
    throw err;
  }
  return total;
}
