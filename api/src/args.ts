// Validation of user arguments: addresses, ids, page sizes, cursors, blocks,
// time ranges and prices. Every rejection is a BAD_USER_INPUT GraphQLError
// naming the argument.
import { isAddress, hexToBytes } from 'viem';
import { badInput } from './errors.ts';
import { parseFixed } from './math/pvp.ts';

export function parseAddress(value: string, argument: string): Buffer {
  if (!isAddress(value, { strict: false })) throw badInput(`${argument} must be a 0x-prefixed 20-byte hex address, got "${value.slice(0, 64)}"`, argument);
  return Buffer.from(hexToBytes(value as `0x${string}`));
}

/** A 0x-prefixed hex string of exactly `length` bytes (entity ids such as market and position ids). */
export function parseHexId(value: string, length: number, argument: string, what: string): Buffer {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]*$/.test(value) || value.length !== 2 + 2 * length) {
    throw badInput(`${argument} must be ${what}: 0x followed by ${2 * length} hex digits, got "${String(value).slice(0, 120)}"`, argument);
  }
  return Buffer.from(value.slice(2), 'hex');
}

/** Market entity id: pool address ++ bytes32 market id (52 bytes). */
export const parseMarketId = (value: string, argument = 'market') => parseHexId(value, 52, argument, 'a market id (pool address ++ bytes32 market id)');
/** Position entity id: pool address ++ uint256 position id (52 bytes). */
export const parsePositionId = (value: string, argument = 'id') => parseHexId(value, 52, argument, 'a position id (pool address ++ uint256 position id)');

export function parseFirst(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 1) throw badInput(`first must be a positive integer, got ${first}`, 'first');
  if (first > max) throw badInput(`first must be at most ${max}, got ${first}; page with \`after\``, 'first');
  return first;
}

/** An integer argument within [min, max]. */
export function parseIntIn(value: number, min: number, max: number, argument: string): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(`${argument} must be an integer from ${min} to ${max}, got ${value}`, argument);
  return value;
}

// Cursors are opaque to clients: base64url of "<kind>:<key>". The kind makes a
// cursor of one list useless for another (a clear error, not a wrong page).
// Every key is checked before it reaches SQL: ids are at most 64 bytes of hex
// (pools and traders 20, positions 52), integers fit Postgres's int8.

/** Longest cursor this API hands out, with room: base64url of "position:" and 64 bytes of hex. */
const MAX_CURSOR_LENGTH = 200;
const INT8_MAX = 2n ** 63n - 1n;

export function encodeKeyCursor(kind: string, key: string): string {
  return Buffer.from(`${kind}:${key}`, 'utf8').toString('base64url');
}

export function decodeKeyCursor(kind: string, cursor: string, check: RegExp): string {
  const text = typeof cursor === 'string' && cursor.length <= MAX_CURSOR_LENGTH && /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const prefix = `${kind}:`;
  const key = text.startsWith(prefix) ? text.slice(prefix.length) : '';
  if (!key || !check.test(key)) throw badInput('after is not a cursor returned by this field of this API', 'after');
  return key;
}

/** Cursor over a bytea id (pools, positions, traders). */
export function encodeCursor(id: Buffer, kind = 'id'): string {
  return encodeKeyCursor(kind, id.toString('hex'));
}

export function decodeCursor(cursor: string, kind = 'id'): Buffer {
  return Buffer.from(decodeKeyCursor(kind, cursor, /^([0-9a-f]{2}){1,64}$/), 'hex');
}

/** Cursor over an integer key (vid of append-only tables, ranks). */
export function encodeIntCursor(kind: string, value: bigint | number | string): string {
  return encodeKeyCursor(kind, String(value));
}

export function decodeIntCursor(kind: string, cursor: string): bigint {
  const value = BigInt(decodeKeyCursor(kind, cursor, /^\d{1,19}$/));
  if (value > INT8_MAX) throw badInput('after is not a cursor returned by this field of this API', 'after');
  return value;
}

/** A past block for time travel: a non-negative integer not beyond the indexed head. */
export function parseBlock(block: number | null | undefined, head: number | null): number | undefined {
  if (block === null || block === undefined) return undefined;
  if (!Number.isInteger(block) || block < 0) throw badInput(`block must be a non-negative integer, got ${block}`, 'block');
  if (head === null || block > head) throw badInput(`block ${block} is not indexed yet (indexed head: ${head ?? 'none'})`, 'block');
  return block;
}

export interface TimeRange {
  from: number;
  to: number;
}

/** Unix-second range [from, to): from ≤ to, both within 0..2^40 (far beyond any real date). */
export function parseTimeRange(from: number | null | undefined, to: number | null | undefined, defaults: { from: number; to: number }): TimeRange {
  const f = from ?? defaults.from;
  const t = to ?? defaults.to;
  for (const [name, v] of [['from', f], ['to', t]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 2 ** 40) throw badInput(`${name} must be a unix time in seconds (a non-negative integer), got ${v}`, name);
  }
  if (f > t) throw badInput(`from (${f}) must not be after to (${t})`, 'from');
  return { from: f, to: t };
}

/** A positive index price in whole USD as an exact decimal string ("10500", "0.5"), returned as WAD. */
export function parsePrice(value: string, argument: string): bigint {
  let wad: bigint;
  try {
    wad = parseFixed(value, 18);
  } catch {
    throw badInput(`${argument} must be a decimal number with at most 18 decimals, got "${String(value).slice(0, 64)}"`, argument);
  }
  if (wad <= 0n) throw badInput(`${argument} must be positive, got "${value}"`, argument);
  if (wad > 10n ** 36n) throw badInput(`${argument} is too large (at most 1e18), got "${value.slice(0, 64)}"`, argument);
  return wad;
}

// The shapes the resolvers receive (api/src/generated/resolvers-types.ts):
// graphql-js passes a nullable argument as null, or leaves it out when it has
// no default.

/** An optional argument: undefined when absent or null, else parsed. */
export function parseOptional<T>(value: string | null | undefined, parse: (value: string, argument: string) => T, argument: string): T | undefined {
  return value === null || value === undefined ? undefined : parse(value, argument);
}

/**
 * An optional [from, to) window in unix seconds for filters: no bounds when
 * neither is given; else both checked as parseTimeRange does, a missing end
 * standing for 0 or 2^40.
 */
export function parseWindow(from: number | null | undefined, to: number | null | undefined): Partial<TimeRange> {
  return from == null && to == null ? {} : parseTimeRange(from, to, { from: 0, to: 2 ** 40 });
}

/**
 * A page of a list: `first` (a positive integer up to `maxPageSize`; an
 * explicit null is refused like any other non-integer) and `after`, decoded by
 * the list's own cursor decoder (undefined on the first page).
 */
export function parsePage<K>(args: { first?: number | null; after?: string | null }, maxPageSize: number, decodeAfter: (cursor: string) => K): { first: number; after: K | undefined } {
  const first = parseFirst(args.first as number, maxPageSize);
  return { first, after: args.after ? decodeAfter(args.after) : undefined };
}
