// GraphQL types → TypeScript type expressions, shared by the generators of
// the dashboards' client (gen-client.ts) and of the API's resolver types
// (gen-resolver-types.ts): the same scalars and the same nullability, `T | null`
// for every nullable position.
import { getNamedType, isListType, isNonNullType, isScalarType, type GraphQLInputType, type GraphQLOutputType } from 'graphql';

export const SCALARS: Record<string, string> = { String: 'string', ID: 'string', Int: 'number', Float: 'number', Boolean: 'boolean' };

export function scalarTs(name: string): string {
  return SCALARS[name] ?? 'unknown';
}

/** An output type; `leaf` names the TS type of the named type at its core. */
export function outputTs(type: GraphQLOutputType, leaf: (named: string) => string): string {
  if (isNonNullType(type)) return outputTs(type.ofType, leaf).replace(/ \| null$/, '');
  if (isListType(type)) {
    const inner = outputTs(type.ofType, leaf);
    return `Array<${inner}> | null`;
  }
  return `${leaf(getNamedType(type).name)} | null`;
}

/** An input type: scalars as TS primitives, enums and input objects by name. */
export function inputTs(type: GraphQLInputType): string {
  if (isNonNullType(type)) return inputTs(type.ofType).replace(/ \| null$/, '');
  if (isListType(type)) return `Array<${inputTs(type.ofType)}> | null`;
  const named = getNamedType(type);
  return `${isScalarType(named) ? scalarTs(named.name) : named.name} | null`;
}

/** A schema description as a one-line doc comment (or nothing). */
export function docComment(description: string | null | undefined, indent: string): string {
  return description ? `${indent}/** ${description.replace(/\*\//g, '* /').replace(/\s*\n\s*/g, ' ').trim()} */\n` : '';
}
