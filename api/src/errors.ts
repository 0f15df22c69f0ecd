// The API's stable error codes (extensions.code) for bad input.
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  NotIndexed: 'SUBGRAPH_NOT_INDEXED',
  StoreUnavailable: 'STORE_UNAVAILABLE',
} as const;

export function badInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BadUserInput, argument } });
}
