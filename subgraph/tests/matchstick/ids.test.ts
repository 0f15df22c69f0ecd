// matchstick-as unit tests of src/ids.ts (AssemblyScript; see ../compile-matchstick.ts).
import { Address, BigInt, Bytes } from '@graphprotocol/graph-ts';
import { assert, describe, newMockEvent, test } from 'matchstick-as/assembly/index';
import { eventId, indexMarketEntityId, marketEntityId, positionEntityId, referralEntityId, uint256Bytes } from '../../src/ids';

const POOL = Address.fromString('0x9001000000000000000000000000000000000001');
const FEED = Address.fromString('0xfeed000000000000000000000000000000000001');
const TRADER = Address.fromString('0xa11ce00000000000000000000000000000000001');
const BTC = Bytes.fromHexString('0x4254432f55534400000000000000000000000000000000000000000000000000');

describe('ids', () => {
  test('market and index market ids: address ++ bytes32 market id', () => {
    assert.stringEquals(POOL.toHexString() + BTC.toHexString().slice(2), marketEntityId(POOL, BTC).toHexString());
    assert.stringEquals(FEED.toHexString() + BTC.toHexString().slice(2), indexMarketEntityId(FEED, BTC).toHexString());
  });

  test('uint256Bytes is the 32-byte big-endian ABI encoding', () => {
    assert.stringEquals('0x' + '0'.repeat(63) + '1', uint256Bytes(BigInt.fromI32(1)).toHexString());
    assert.stringEquals('0x' + '0'.repeat(62) + '80', uint256Bytes(BigInt.fromI32(128)).toHexString());
    assert.stringEquals('0x' + '0'.repeat(60) + '0100', uint256Bytes(BigInt.fromI32(256)).toHexString());
    // (uint160(trader) << 96) | nonce, as the pool builds position ids.
    const positionId = BigInt.fromUnsignedBytes(Bytes.fromHexString(TRADER.toHexString() + '000000000000000000000007').reverse() as Bytes);
    assert.stringEquals(TRADER.toHexString() + '000000000000000000000007', uint256Bytes(positionId).toHexString());
    assert.stringEquals(POOL.toHexString() + TRADER.toHexString().slice(2) + '000000000000000000000007', positionEntityId(POOL, positionId).toHexString());
  });

  test('referral id: pool ++ trader', () => {
    assert.stringEquals(POOL.toHexString() + TRADER.toHexString().slice(2), referralEntityId(POOL, TRADER).toHexString());
  });

  test('event id: transaction hash ++ log index', () => {
    const event = newMockEvent();
    event.logIndex = BigInt.fromI32(3);
    const id = eventId(event);
    assert.i32Equals(36, id.length);
    assert.stringEquals(event.transaction.hash.toHexString(), Bytes.fromUint8Array(id.subarray(0, 32)).toHexString());
  });
});
