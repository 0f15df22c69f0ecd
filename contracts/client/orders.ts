// EIP-712 orders for PvpPool.openPosition / closePosition, signed by an
// authorised price signer (Zeepr's verifyOrder). Used by the simulator, the
// end-to-end tests and any keeper written in TypeScript.
import type { Account, Address, Hex, LocalAccount } from 'viem';

export const orderTypes = {
  OpenOrder: [
    { name: 'trader', type: 'address' },
    { name: 'pool', type: 'address' },
    { name: 'marketId', type: 'bytes32' },
    { name: 'isLong', type: 'bool' },
    { name: 'margin', type: 'uint256' },
    { name: 'leverage', type: 'uint256' },
    { name: 'price', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
  ],
  CloseOrder: [
    { name: 'trader', type: 'address' },
    { name: 'pool', type: 'address' },
    { name: 'positionId', type: 'uint256' },
    { name: 'margin', type: 'uint256' },
    { name: 'price', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
  ],
} as const;

export interface OpenOrder {
  trader: Address;
  pool: Address;
  marketId: Hex;
  isLong: boolean;
  margin: bigint;
  leverage: bigint;
  price: bigint;
  deadline: bigint;
  nonce: bigint;
}

export interface CloseOrder {
  trader: Address;
  pool: Address;
  positionId: bigint;
  margin: bigint;
  price: bigint;
  deadline: bigint;
  nonce: bigint;
}

/** The pool's EIP-712 domain: chain id and pool address make cross-chain and cross-pool replays fail. */
export function poolDomain(chainId: number, pool: Address) {
  return { name: 'PvpPool', version: '1', chainId, verifyingContract: pool } as const;
}

export function signOpenOrder(signer: LocalAccount | Account, chainId: number, order: OpenOrder): Promise<Hex> {
  if (!signer.signTypedData) throw new Error('the price signer must be a local account that can sign typed data');
  return signer.signTypedData({ domain: poolDomain(chainId, order.pool), types: orderTypes, primaryType: 'OpenOrder', message: order });
}

export function signCloseOrder(signer: LocalAccount | Account, chainId: number, order: CloseOrder): Promise<Hex> {
  if (!signer.signTypedData) throw new Error('the price signer must be a local account that can sign typed data');
  return signer.signTypedData({ domain: poolDomain(chainId, order.pool), types: orderTypes, primaryType: 'CloseOrder', message: order });
}

/** The contract's position id: (uint160(trader) << 96) | order nonce. */
export function positionIdOf(trader: Address, nonce: bigint): bigint {
  return (BigInt(trader) << 96n) | nonce;
}
