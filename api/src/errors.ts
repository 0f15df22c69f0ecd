// The API's stable error codes (extensions.code), as listed in the README.
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  /** An argument or variable value the API cannot take (malformed id, page size, cursor, range…). */
  BadUserInput: 'BAD_USER_INPUT',
  /** The subgraph is not deployed in the store yet. */
  NotIndexed: 'SUBGRAPH_NOT_INDEXED',
  /** The store (Postgres) does not answer. */
  StoreUnavailable: 'STORE_UNAVAILABLE',
  /** The document does not parse (including: more tokens than API_MAX_TOKENS). */
  ParseFailed: 'GRAPHQL_PARSE_FAILED',
  /** The document is not valid against the schema, or passes a limit (`extensions.limit`: depth, aliases, fields, cost). */
  ValidationFailed: 'GRAPHQL_VALIDATION_FAILED',
  /** The request is not a GraphQL request this API runs: not a query, a batch, a bad persisted-query hash, no CSRF header on GET… */
  BadRequest: 'BAD_REQUEST',
  /** A POST whose body is not `application/json`. */
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  /** A browser page from an origin not in API_CORS_ORIGINS. */
  OriginNotAllowed: 'ORIGIN_NOT_ALLOWED',
  /** A Host header not in API_ALLOWED_HOSTS (a DNS-rebinding page). */
  HostNotAllowed: 'HOST_NOT_ALLOWED',
  /** A body over the size cap. */
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  /** A path other than /graphql, /health and /ready. */
  NotFound: 'NOT_FOUND',
} as const;

/**
 * A value the client must change. The answer's HTTP status is then 400, even
 * when other fields of the operation answered: their data stays in the body
 * beside the errors.
 */
export function badInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BadUserInput, argument, http: { status: 400 } } });
}
