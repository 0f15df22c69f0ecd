// Fields with the same response name must be the same field with the same
// arguments, through fragments too — the rule graphql-js checks as
// OverlappingFieldsCanBeMerged, here in time linear in the expanded document
// instead of quadratic in the fields of one name (and worse through
// fragments: at 2,000 tokens graphql-js's rule took 150 ms on 600 copies of
// `pools { nodes { id } }`; bench/hostile-input.md).
//
// Each operation's fields are merged into one tree of response names; a
// field joining a name compares its (name, arguments) key with the name's
// first field (equality is transitive, so one comparison per field is every
// pair), and its sub-selections merge under it. A selection set already
// merged at a place in the tree is not merged there again, so a fragment
// spread many times at one place costs one merge. The work is bounded by the
// fields the operation expands to, which limits.ts caps before this runs.
//
// Stricter than the spec in one case only: the spec lets fields of different
// object parent types (reached through fragments on different members of an
// interface or union) share a response name when their shapes agree. This
// schema has no interfaces or unions (merge.test.ts checks it), so the two
// rules accept the same documents.
import { GraphQLError, Kind, print, type ASTVisitor, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

interface Place {
  fields: Map<string, { node: FieldNode; key: number; below?: Place }>;
  merged: Set<SelectionSetNode>;
}

const place = (): Place => ({ fields: new Map(), merged: new Set() });

export function FieldsMergeRule(context: ValidationContext): ASTVisitor {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(d.name.value)) fragments.set(d.name.value, d);
  // (field name, arguments) as a small integer, computed once per field node.
  const keys = new Map<string, number>();
  const keyOf = new WeakMap<FieldNode, number>();
  const key = (node: FieldNode): number => {
    let k = keyOf.get(node);
    if (k === undefined) {
      const args = (node.arguments ?? [])
        .map((a) => `${a.name.value}:${print(a.value)}`)
        .sort()
        .join(',');
      const text = `${node.name.value}(${args})`;
      k = keys.get(text);
      if (k === undefined) keys.set(text, (k = keys.size));
      keyOf.set(node, k);
    }
    return k;
  };

  const merge = (set: SelectionSetNode, into: Place, spreading: Set<string>) => {
    if (into.merged.has(set)) return;
    into.merged.add(set);
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.alias?.value ?? sel.name.value;
        const k = key(sel);
        let entry = into.fields.get(name);
        if (!entry) into.fields.set(name, (entry = { node: sel, key: k }));
        else if (entry.key !== k) {
          const reason =
            entry.node.name.value !== sel.name.value ? `"${entry.node.name.value}" and "${sel.name.value}" are different fields` : 'they have differing arguments';
          context.reportError(
            new GraphQLError(`Fields "${name}" conflict because ${reason}. Use different aliases on the fields to fetch both if this was intentional.`, { nodes: [entry.node, sel] }),
          );
          continue;
        }
        if (sel.selectionSet) merge(sel.selectionSet, (entry.below ??= place()), spreading);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        merge(sel.selectionSet, into, spreading);
      } else {
        const name = sel.name.value;
        const def = fragments.get(name);
        // Unknown and cyclic spreads are reported by KnownFragmentNames and NoFragmentCycles.
        if (!def || spreading.has(name)) continue;
        spreading.add(name);
        merge(def.selectionSet, into, spreading);
        spreading.delete(name);
      }
    }
  };

  return {
    OperationDefinition(op) {
      merge(op.selectionSet, place(), new Set());
      return false;
    },
    FragmentDefinition() {
      // Fragments are checked where operations spread them (an unused one is an error of its own).
      return false;
    },
  };
}
