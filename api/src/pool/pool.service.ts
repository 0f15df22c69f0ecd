// Pool rows → GraphQL Pool objects: addresses as checksummed hex, raw
// integers as exact decimal strings in whole tokens.
import { formatUnits, getAddress, toHex } from 'viem';
import type { Selectable } from 'kysely';
import type { PoolTable } from '../db/subgraph-tables.ts';

export const ZTOKEN_DECIMALS = 18;

export function address(bytes: Buffer): `0x${string}` {
  return getAddress(toHex(bytes));
}

export function toPool(row: Selectable<PoolTable>) {
  return {
    id: address(row.id),
    factory: address(row.factory),
    creator: address(row.creator),
    settlementToken: address(row.settlement_token),
    settlementDecimals: row.settlement_decimals,
    zToken: address(row.z_token),
    zTokenName: row.z_token_name,
    zTokenSymbol: row.z_token_symbol,
    settlementBalance: formatUnits(BigInt(row.settlement_balance), row.settlement_decimals),
    settlementBalanceRaw: row.settlement_balance,
    zTokenSupply: formatUnits(BigInt(row.z_token_supply), ZTOKEN_DECIMALS),
    zTokenSupplyRaw: row.z_token_supply,
    swapRate: formatUnits(BigInt(row.swap_rate_wad), 18),
    swapRateWad: row.swap_rate_wad,
    cumulativeDepositCount: Number(row.cumulative_deposit_count),
    cumulativeDepositAmount: formatUnits(BigInt(row.cumulative_deposit_amount), row.settlement_decimals),
    createdAtBlock: Number(row.created_at_block),
  };
}
