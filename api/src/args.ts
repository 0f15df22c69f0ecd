// Validation of user arguments: addresses, page sizes, cursors.
import { isAddress, hexToBytes } from 'viem';
import { badInput } from './errors.ts';

export function parseAddress(value: string, argument: string): Buffer {
  if (!isAddress(value, { strict: false })) throw badInput(`${argument} must be a 0x-prefixed 20-byte hex address, got "${value.slice(0, 64)}"`, argument);
  return Buffer.from(hexToBytes(value as `0x${string}`));
}

export function parseFirst(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 1) throw badInput(`first must be a positive integer, got ${first}`, 'first');
  if (first > max) throw badInput(`first must be at most ${max}, got ${first}; page with \`after\``, 'first');
  return first;
}

/** Cursors are the last row's id, base64url-encoded (opaque to clients). */
export function encodeCursor(id: Buffer): string {
  return id.toString('base64url');
}

export function decodeCursor(cursor: string): Buffer {
  const id = Buffer.from(cursor, 'base64url');
  if (id.length === 0 || id.toString('base64url') !== cursor) throw badInput('after is not a cursor returned by this API', 'after');
  return id;
}
