// A validation rule bounding what one operation may ask for: selection depth,
// number of aliases, and an estimated cost (fields resolved, multiplied by the
// page size of each paginated list above them). Fragments are expanded;
// introspection fields (__schema, __type) do not count towards the depth.
// Violations are ordinary validation errors (GRAPHQL_VALIDATION_FAILED).
import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  /** Page size assumed for `first` given by a variable or left at its default. */
  assumedPageSize: number;
  /** A literal `first` counts at most this much (larger values are refused by the field itself, with BAD_USER_INPUT). */
  maxPageSize?: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 8, maxAliases: 30, maxCost: 50_000, assumedPageSize: 100, maxPageSize: 1000 };

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

function measure(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, multiplier: number, seen: Set<string>, assumed: number, maxPage = 1000): Measure {
  const out: Measure = { depth: 0, aliases: 0, cost: 0 };
  for (const sel of set.selections) {
    let inner: Measure | undefined;
    if (sel.kind === Kind.FIELD) {
      const introspection = sel.name.value.startsWith('__');
      if (sel.alias) out.aliases += 1;
      out.cost += multiplier;
      if (sel.selectionSet && !introspection) {
        const firstArg = sel.arguments?.find((a) => a.name.value === 'first');
        const isPage = sel.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'nodes');
        let pageSize = 1;
        if (firstArg?.value.kind === Kind.INT) pageSize = Math.min(maxPage, Math.max(1, Number(firstArg.value.value)));
        else if (firstArg || isPage) pageSize = assumed;
        const child = measure(sel.selectionSet, fragments, multiplier * pageSize, seen, assumed, maxPage);
        inner = { depth: child.depth + 1, aliases: child.aliases, cost: child.cost };
      } else {
        inner = { depth: introspection ? 0 : 1, aliases: 0, cost: 0 };
      }
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      inner = measure(sel.selectionSet, fragments, multiplier, seen, assumed, maxPage);
    } else {
      const name = sel.name.value;
      const frag = fragments.get(name);
      if (!frag || seen.has(name)) continue; // unknown or cyclic: other rules report it
      inner = measure(frag.selectionSet, fragments, multiplier, new Set([...seen, name]), assumed, maxPage);
    }
    out.depth = Math.max(out.depth, inner.depth);
    out.aliases += inner.aliases;
    out.cost += inner.cost;
  }
  return out;
}

/** Measures each operation of a document (exported for tests and logging). */
export function measureDocument(doc: import('graphql').DocumentNode, assumedPageSize = DEFAULT_LIMITS.assumedPageSize, maxPageSize = DEFAULT_LIMITS.maxPageSize ?? 1000): Map<string, Measure> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const out = new Map<string, Measure>();
  for (const d of doc.definitions) if (d.kind === Kind.OPERATION_DEFINITION) out.set(d.name?.value ?? '', measure(d.selectionSet, fragments, 1, new Set(), assumedPageSize, maxPageSize));
  return out;
}

export function queryLimitsRule(limits: QueryLimits = DEFAULT_LIMITS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    Document(doc) {
      for (const [name, m] of measureDocument(doc, limits.assumedPageSize, limits.maxPageSize)) {
        const op = name ? `operation "${name}"` : 'the operation';
        if (m.depth > limits.maxDepth) context.reportError(new GraphQLError(`${op} is nested ${m.depth} levels deep; the limit is ${limits.maxDepth}`, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth' } }));
        if (m.aliases > limits.maxAliases) context.reportError(new GraphQLError(`${op} uses ${m.aliases} aliases; the limit is ${limits.maxAliases}`, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'aliases' } }));
        if (m.cost > limits.maxCost) context.reportError(new GraphQLError(`${op} may resolve about ${m.cost} fields (page sizes multiplied); the limit is ${limits.maxCost}: ask for smaller pages or fewer fields`, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost' } }));
      }
    },
  });
}
