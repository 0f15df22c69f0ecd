// The checks between parsing and execution, as one Apollo plugin, in an order
// that keeps each one bounded by the one before:
//   1. the document's limits (limits.ts: depth, aliases, expanded fields),
//      linear in the document; they bound everything after;
//   2. the operation is a query (the API only reads), valid or not;
//   3. GraphQL validation: graphql-js's specified rules, except
//      OverlappingFieldsCanBeMerged, whose cost grows with the square of the
//      fields of one response name (and worse through fragments), replaced by
//      its linear equivalent (merge.ts);
//   4. the operation's cost with the request's variables (cost.ts).
// Apollo runs its own validation before any plugin hook, so server.ts turns
// it off (dangerouslyDisableValidation) and this plugin runs 1–2 instead, in
// didResolveOperation, before execution and before a persisted query is
// stored. 1 and 3 depend on the document only and are remembered per document
// (Apollo keeps parsed documents, so a repeated query is checked once).
// Every refusal is an HTTP 400 with a code: GRAPHQL_VALIDATION_FAILED (with
// `extensions.limit` for a limit) or BAD_REQUEST; Apollo answers one error,
// the first found.
import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, OverlappingFieldsCanBeMergedRule, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '../errors.ts';
import { operationCost } from './cost.ts';
import { AcceptedDocuments } from './document-store.ts';
import { documentLimitErrors, limitError, type QueryLimits } from './limits.ts';
import { FieldsMergeRule } from './merge.ts';

export const validationRules = [...specifiedRules.filter((r) => r !== OverlappingFieldsCanBeMergedRule), FieldsMergeRule];

const http400 = { status: 400 };

interface Verdict {
  limits: readonly GraphQLError[];
  /** Not run (empty) when a limit is passed. */
  validation: readonly GraphQLError[];
}

function documentVerdict(schema: GraphQLSchema, document: DocumentNode, limits: Pick<QueryLimits, 'maxDepth' | 'maxAliases' | 'maxCost'>): Verdict {
  const over = documentLimitErrors(document, limits);
  if (over.length > 0) return { limits: over, validation: [] };
  return { limits: [], validation: validationErrors(schema, document) };
}

/** Limits first, then GraphQL validation: the errors of a document (none: it may run). */
export function documentErrors(schema: GraphQLSchema, document: DocumentNode, limits: Pick<QueryLimits, 'maxDepth' | 'maxAliases' | 'maxCost'>): readonly GraphQLError[] {
  const v = documentVerdict(schema, document, limits);
  return v.limits.length > 0 ? v.limits : v.validation;
}

function validationErrors(schema: GraphQLSchema, document: DocumentNode): GraphQLError[] {
  return validate(schema, document, validationRules).map(
    (e) =>
      new GraphQLError(e.message, {
        nodes: e.nodes,
        source: e.source,
        positions: e.positions,
        originalError: e.originalError,
        extensions: { ...e.extensions, code: ErrorCode.ValidationFailed, http: http400 },
      }),
  );
}

export interface QueryGuard<TContext extends BaseContext> {
  /** For the ApolloServer constructor: parsing capped at maxTokens, Apollo's validation off, the store of accepted documents. */
  options: Pick<ApolloServerOptions<TContext>, 'parseOptions' | 'dangerouslyDisableValidation' | 'documentStore'>;
  /** For its `plugins`: the checks. */
  plugin: ApolloServerPlugin<TContext>;
  documents: AcceptedDocuments;
}

export function queryGuard<TContext extends BaseContext>(limits: QueryLimits): QueryGuard<TContext> {
  const documents = new AcceptedDocuments();
  return {
    options: { parseOptions: { maxTokens: limits.maxTokens }, dangerouslyDisableValidation: true, documentStore: documents },
    plugin: queryGuardPlugin(limits, documents),
    documents,
  };
}

function queryGuardPlugin<TContext extends BaseContext>(limits: QueryLimits, documents: AcceptedDocuments): ApolloServerPlugin<TContext> {
  const checked = new WeakMap<DocumentNode, Verdict>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          let verdict = checked.get(document);
          if (!verdict) checked.set(document, (verdict = documentVerdict(schema, document, limits)));
          if (verdict.limits.length > 0) throw verdict.limits[0];
          // A mutation or subscription is refused as such, valid or not.
          if (operation && operation.operation !== 'query') {
            throw new GraphQLError(`this API is read-only: only query operations are supported, not ${operation.operation}`, {
              nodes: [operation],
              extensions: { code: ErrorCode.BadRequest, http: http400 },
            });
          }
          if (verdict.validation.length > 0) throw verdict.validation[0];
          documents.accept(document);
          // No operation (none named operationName, or several and no name): graphql-js refuses it with
          // OPERATION_RESOLUTION_FAILURE before resolving anything.
          if (!operation) return;
          const cost = operationCost({ schema, document, operation, variables: request.variables, maxPageSize: limits.maxPageSize, limit: limits.maxCost });
          if (cost !== undefined && cost > limits.maxCost) {
            const op = operation.name ? `operation "${operation.name.value}"` : 'the operation';
            throw limitError(
              `${op} may resolve more than ${limits.maxCost} fields (the limit; list sizes multiplied, variables at their values): ask for smaller pages, fewer what-if steps, shorter series or fewer fields`,
              'cost',
            );
          }
        },
      };
    },
  };
}
