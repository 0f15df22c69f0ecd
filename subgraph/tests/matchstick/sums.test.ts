// matchstick-as unit tests of src/sums.ts and computeSwapRate in src/pool-state.ts
// (AssemblyScript; see ../compile-matchstick.ts). Numbers are SPEC.md §4 and §6.
import { Address, BigInt, Bytes } from '@graphprotocol/graph-ts';
import { assert, describe, test } from 'matchstick-as/assembly/index';
import { Pool } from '../../generated/schema';
import { WAD } from '../../src/decimals';
import { createMarket } from '../../src/loaders';
import { computeSwapRate } from '../../src/pool-state';
import { addClose, addOpen, longPnl, refreshMarket, shortPnl } from '../../src/sums';

const POOL = Address.fromString('0x9001000000000000000000000000000000000001');
const FEED = Address.fromString('0xfeed000000000000000000000000000000000001');
const BTC = Bytes.fromHexString('0x4254432f55534400000000000000000000000000000000000000000000000000');

function wad(n: i32): BigInt {
  return BigInt.fromI32(n).times(WAD);
}
function big(s: string): BigInt {
  return BigInt.fromString(s);
}

function pool(decimals: i32, balance: BigInt, supply: BigInt, floating: BigInt): Pool {
  const p = new Pool(POOL);
  p.settlementDecimals = decimals;
  p.initialSwapRate = WAD;
  p.swapRateWad = WAD;
  p.settlementBalance = balance;
  p.zTokenSupply = supply;
  p.floatingPnl = floating;
  return p;
}

describe('running sums', () => {
  test('SPEC §4: longs of 1000 at 100 and at 200 make +250 at 150 (size form)', () => {
    const m = createMarket(POOL, FEED, BTC, 100);
    addOpen(m, true, wad(1000), wad(10)); // 1000 / 100
    addOpen(m, true, wad(1000), wad(5)); // 1000 / 200
    m.latestPrice = wad(150);
    refreshMarket(m);
    assert.bigIntEquals(wad(2000), m.x1);
    assert.bigIntEquals(wad(15), m.x2);
    assert.bigIntEquals(wad(250), m.unrealisedPnlLong);
    assert.bigIntEquals(wad(250), m.unrealisedPnl);
  });

  test('SPEC §6 A: A long 1000 notional, B short 2000, at 10,500 / 11,000 / 9,500 / 9,000', () => {
    const m = createMarket(POOL, FEED, BTC, 200);
    addOpen(m, true, wad(1000), big('100000000000000000'));
    addOpen(m, false, wad(2000), big('200000000000000000'));
    const prices: i32[] = [10500, 11000, 9500, 9000];
    const longs: i32[] = [50, 100, -50, -100];
    const shorts: i32[] = [-100, -200, 100, 200];
    for (let i = 0; i < prices.length; i++) {
      m.latestPrice = wad(prices[i]);
      refreshMarket(m);
      assert.bigIntEquals(wad(longs[i]), m.unrealisedPnlLong);
      assert.bigIntEquals(wad(shorts[i]), m.unrealisedPnlShort);
    }
    assert.stringEquals('10000', m.averageEntryPriceLong!.toString());
    assert.stringEquals('10000', m.averageEntryPriceShort!.toString());
    // Settlement: both closed; the open amounts return to zero and so does the PnL.
    addClose(m, true, wad(1000), big('100000000000000000'));
    addClose(m, false, wad(2000), big('200000000000000000'));
    refreshMarket(m);
    assert.bigIntEquals(BigInt.zero(), m.x1);
    assert.bigIntEquals(BigInt.zero(), m.y2);
    assert.bigIntEquals(BigInt.zero(), m.unrealisedPnl);
    assert.assertTrue(m.averageEntryPriceLong === null);
  });

  test('rounding: long value floor(size·L), short value ceil(size·L)', () => {
    const price = big('31234567890123456789000');
    // 0.033333333333333333 · 31234.567890123456789 = 1041.152263004115215888477…: floor, less 1000.
    assert.bigIntEquals(big('41152263004115215888'), longPnl(wad(1000), big('33333333333333333'), price));
    // 0.033333333333333334 · 31234.567890123456789 = 1041.152263004115247123045…: 1000 less the ceiling.
    assert.bigIntEquals(big('-41152263004115247124'), shortPnl(wad(1000), big('33333333333333334'), price));
  });
});

describe('computeSwapRate', () => {
  test('SPEC §6 A rates from floating PnL (6-decimal settlement)', () => {
    const balance = BigInt.fromI32(300000000);
    assert.bigIntEquals(big('1200000000000000000'), computeSwapRate(pool(6, balance, wad(300), wad(-50))));
    assert.bigIntEquals(big('1500000000000000000'), computeSwapRate(pool(6, balance, wad(300), wad(-100))));
    assert.bigIntEquals(big('857142857142857142'), computeSwapRate(pool(6, balance, wad(300), wad(50))));
    assert.bigIntEquals(big('750000000000000000'), computeSwapRate(pool(6, balance, wad(300), wad(100))));
  });

  test('SPEC §6 D and E; 18-decimal settlement', () => {
    assert.bigIntEquals(big('998015873015873015'), computeSwapRate(pool(6, BigInt.fromI32(50300).times(BigInt.fromI32(1000000)), wad(50300), wad(100))));
    assert.bigIntEquals(big('980506822612085769'), computeSwapRate(pool(6, BigInt.fromI32(50300).times(BigInt.fromI32(1000000)), wad(50300), wad(1000))));
    assert.bigIntEquals(big('500000000000000000'), computeSwapRate(pool(6, BigInt.fromI32(100000000), wad(100), wad(100))));
    assert.bigIntEquals(big('1200000000000000000'), computeSwapRate(pool(18, wad(3000), wad(2500), BigInt.zero())));
  });

  test('empty pool: the initial rate; non-positive value: the last rate', () => {
    const empty = pool(6, BigInt.zero(), BigInt.zero(), BigInt.zero());
    empty.initialSwapRate = big('500000000000000000');
    assert.bigIntEquals(big('500000000000000000'), computeSwapRate(empty));
    const broke = pool(6, BigInt.fromI32(1), wad(100), wad(-100));
    broke.swapRateWad = big('42');
    assert.bigIntEquals(big('42'), computeSwapRate(broke));
  });
});
