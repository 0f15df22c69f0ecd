// What one document may ask for, measured on its syntax alone (no schema, no
// variables) in time linear in the document: selection depth, aliases, and
// the number of fields once fragments are expanded. Each fragment is measured
// once and its figures reused wherever it is spread — a fragment spread twice
// by each of 40 others expands to 2^40 fields but costs 40 measurements here.
// The expanded field count is what bounds the work of every later check
// (validation, the cost with variables in cost.ts): a document over it is
// refused before those run. Introspection fields (__schema, __type) count as
// fields but not towards the depth (the standard introspection query is
// deeper than any query of the API's own types needs to be).
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { ErrorCode } from '../errors.ts';

export interface QueryLimits {
  /** Deepest selection an operation may have (introspection not counted). */
  maxDepth: number;
  /** Aliases per operation (fragments expanded). */
  maxAliases: number;
  /** Estimated fields per operation, list sizes multiplied (cost.ts); also the most fields a document may expand to. */
  maxCost: number;
  /** Cap on `first` (API_MAX_PAGE_SIZE): the largest page a connection can return. */
  maxPageSize: number;
  /** Tokens per document (graphql-js parse's maxTokens); bounds the work of parsing and every check after it. */
  maxTokens: number;
}

/**
 * maxCost admits the largest single list the API serves with all its fields (5000 hourly periodStats
 * buckets × 12 fields: 60,001) and little more; maxTokens is 6× the largest dashboards document (322).
 * bench/hostile-input.md measures what the largest admitted documents and operations hold the event loop for.
 */
export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 8, maxAliases: 30, maxCost: 65_000, maxPageSize: 1000, maxTokens: 2000 };

export type LimitName = 'depth' | 'aliases' | 'cost' | 'fields';

export interface Measure {
  depth: number;
  aliases: number;
  /** Fields once fragments are expanded (every occurrence counts; introspection included). */
  fields: number;
}

/** A refusal by one of the limits: GRAPHQL_VALIDATION_FAILED with `extensions.limit` naming it, HTTP 400. */
export function limitError(message: string, limit: LimitName): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.ValidationFailed, limit, http: { status: 400 } } });
}

const ZERO: Measure = { depth: 0, aliases: 0, fields: 0 };
// Counts saturate here: a document measured above any sane limit stays a finite number.
const SATURATE = 1e15;
const add = (a: number, b: number) => Math.min(SATURATE, a + b);

/**
 * Measures every operation of a document, each fragment once. With `stopAbove`,
 * a selection set stops counting once its fields pass it (the document is
 * then refused whatever the rest holds; depth and aliases may be partial).
 */
export function measureDocument(doc: DocumentNode, stopAbove = SATURATE): Map<string, Measure> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(d.name.value)) fragments.set(d.name.value, d);
  const memo = new Map<string, Measure>();
  const inProgress = new Set<string>();

  const fragment = (name: string): Measure => {
    const known = memo.get(name);
    if (known) return known;
    const def = fragments.get(name);
    // Unknown or cyclic spreads expand to nothing here; validation reports them.
    if (!def || inProgress.has(name)) return ZERO;
    inProgress.add(name);
    const m = selectionSet(def.selectionSet);
    inProgress.delete(name);
    memo.set(name, m);
    return m;
  };

  const selectionSet = (set: SelectionSetNode): Measure => {
    let depth = 0;
    let aliases = 0;
    let fields = 0;
    for (const sel of set.selections) {
      let inner: Measure;
      if (sel.kind === Kind.FIELD) {
        const introspection = sel.name.value.startsWith('__');
        const child = sel.selectionSet ? selectionSet(sel.selectionSet) : ZERO;
        inner = { depth: introspection ? 0 : child.depth + 1, aliases: add(child.aliases, sel.alias ? 1 : 0), fields: add(child.fields, 1) };
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        inner = selectionSet(sel.selectionSet);
      } else {
        inner = fragment(sel.name.value);
      }
      depth = Math.max(depth, inner.depth);
      aliases = add(aliases, inner.aliases);
      fields = add(fields, inner.fields);
      if (fields > stopAbove) break;
    }
    return { depth, aliases, fields };
  };

  const out = new Map<string, Measure>();
  for (const d of doc.definitions) if (d.kind === Kind.OPERATION_DEFINITION) out.set(d.name?.value ?? '', selectionSet(d.selectionSet));
  return out;
}

const describe = (name: string) => (name ? `operation "${name}"` : 'the operation');

/**
 * The limits a document breaks, before any other check runs: depth and
 * aliases per operation, and the fields all its operations expand to
 * (every field costs at least 1, so this is a lower bound of their cost).
 */
export function documentLimitErrors(doc: DocumentNode, limits: Pick<QueryLimits, 'maxDepth' | 'maxAliases' | 'maxCost'>): GraphQLError[] {
  const errors: GraphQLError[] = [];
  let fields = 0;
  const measures = measureDocument(doc, limits.maxCost);
  for (const [name, m] of measures) {
    fields = add(fields, m.fields);
    if (m.depth > limits.maxDepth) errors.push(limitError(`${describe(name)} is nested ${m.depth} levels deep; the limit is ${limits.maxDepth}`, 'depth'));
    if (m.aliases > limits.maxAliases) errors.push(limitError(`${describe(name)} uses ${m.aliases} aliases; the limit is ${limits.maxAliases}`, 'aliases'));
  }
  if (fields > limits.maxCost) {
    const what = measures.size === 1 ? describe([...measures.keys()][0]!) : `the document's ${measures.size} operations`;
    errors.push(limitError(`${what} ${measures.size === 1 ? 'expands' : 'expand'} to more than ${limits.maxCost} fields once fragments are spread (the limit): spread fewer fragments or ask for fewer fields`, 'fields'));
  }
  return errors;
}
