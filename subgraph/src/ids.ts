// Every entity id formula in one place; each is also written in the schema
// field's description.
import { Address, BigInt, ByteArray, Bytes, ethereum } from '@graphprotocol/graph-ts';

/** Event records: transaction hash ++ log index (unique per log, cheap to join). */
export function eventId(event: ethereum.Event): Bytes {
  return event.transaction.hash.concatI32(event.logIndex.toI32());
}

/** Market of a pool: pool address ++ bytes32 market id. */
export function marketEntityId(pool: Address, marketId: Bytes): Bytes {
  return pool.concat(marketId);
}

/** Index of a price feed: feed address ++ bytes32 market id. */
export function indexMarketEntityId(feed: Address, marketId: Bytes): Bytes {
  return feed.concat(marketId);
}

/** Position: pool address ++ the uint256 position id as 32 big-endian bytes. */
export function positionEntityId(pool: Address, positionId: BigInt): Bytes {
  return pool.concat(uint256Bytes(positionId));
}

/** Referral: pool address ++ trader address. */
export function referralEntityId(pool: Address, trader: Address): Bytes {
  return pool.concat(trader);
}

/** A non-negative BigInt as 32 big-endian bytes (the ABI encoding of uint256). */
export function uint256Bytes(value: BigInt): Bytes {
  const le = ByteArray.fromBigInt(value); // little-endian, signed, minimal length
  const out = new ByteArray(32);
  for (let i = 0; i < 32 && i < le.length; i++) out[31 - i] = le[i];
  return Bytes.fromByteArray(out);
}
