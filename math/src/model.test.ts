// Property tests of the aggregate formulas against a naive computation over
// the individual positions, on random pools driven through the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WAD } from './integer.ts';
import { MechanismError, PoolModel } from './model.ts';
import { Cases } from './test-random.ts';

const MARKETS = [
  { name: 'BTC', maxLeverage: 200 },
  { name: 'ETH', maxLeverage: 100 },
];

/** A pool with random positions at entry prices up to ±`spread` bps from the index, the index then moved by up to ±`move` bps. */
function randomPool(c: Cases, opts: { funding: boolean; move: number; spread?: number }) {
  const m = new PoolModel(
    { markets: MARKETS, settlementDecimals: c.pick([6, 8, 18]), fundingEnabled: opts.funding, fundingFactorPerHour: WAD / 10n, maxFundingRatePerHour: WAD / 100n, maxPriceAge: 10n ** 9n },
    1_700_000_000n,
  );
  const scale = 10n ** BigInt(18 - m.config.settlementDecimals);
  const prices = new Map(MARKETS.map((x) => [x.name, c.big(10n ** 18n, 10n ** 23n)]));
  for (const [name, p] of prices) m.postPrice(name, p);
  m.deposit('lp', c.big(10n ** 24n, 10n ** 27n) / scale);
  const n = c.int(1, 25);
  for (let i = 0; i < n; i++) {
    const trader = `t${i}`;
    m.deposit(trader, c.big(10n ** 19n, 10n ** 23n) / scale);
    const market = c.pick(MARKETS).name;
    const spread = opts.spread ?? 1000;
    const entry = (prices.get(market)! * BigInt(10_000 + c.int(-spread, spread))) / 10_000n;
    const margin = m.zTokenBalance(trader) / BigInt(c.int(2, 5));
    m.open(trader, `p${i}`, market, c.bool(), margin, BigInt(c.int(1, 20)), entry);
    if (opts.funding) m.advance(BigInt(c.int(0, 7200)));
  }
  for (const x of MARKETS) m.postPrice(x.name, (prices.get(x.name)! * BigInt(10_000 + c.int(-opts.move, opts.move))) / 10_000n);
  return m;
}

test('aggregate unrealised PnL from the sums equals the sum over the positions at any price, up to one wei per position', () => {
  for (let seed = 0; seed < 150; seed++) {
    const c = new Cases(seed);
    const m = randomPool(c, { funding: false, move: 3000 });
    const v = m.view();
    for (const market of v.markets) {
      const mine = v.positions.filter((p) => p.market === market.name);
      // naive: each position's own L·size − N (long) or N − L·size (short), rounded against the trader
      const naive = (isLong: boolean) =>
        mine.filter((p) => p.isLong === isLong).reduce((s, p) => s + (isLong ? (p.size * market.price) / WAD - p.notional : p.notional - (p.size * market.price + WAD - 1n) / WAD), 0n);
      for (const [isLong, agg] of [[true, market.longPnl], [false, market.shortPnl]] as const) {
        const count = BigInt(mine.filter((p) => p.isLong === isLong).length);
        const diff = agg - naive(isLong);
        assert.ok(diff >= 0n && diff <= count, `seed ${seed} ${market.name} ${isLong ? 'long' : 'short'}: aggregate − Σ = ${diff} over ${count}`);
      }
      assert.equal(market.x1, mine.filter((p) => p.isLong).reduce((s, p) => s + p.notional, 0n), 'x1 = Σ long notional');
      assert.equal(market.x2, mine.filter((p) => p.isLong).reduce((s, p) => s + p.size, 0n), 'x2 = Σ long size');
      assert.equal(market.y2, mine.filter((p) => !p.isLong).reduce((s, p) => s + p.size, 0n), 'y2 = Σ short size');
    }
    assert.equal(v.floatingPnl, v.markets.reduce((s, x) => s + x.longPnl + x.shortPnl, 0n));
  }
});

test('the rate is unchanged by closing every position at the same prices, up to the aggregate rounding', () => {
  let checked = 0;
  for (let seed = 0; seed < 150; seed++) {
    const c = new Cases(1000 + seed);
    // small moves: no loss beyond a margin, so no bad debt changes the pool's value
    const m = randomPool(c, { funding: false, move: 200, spread: 200 });
    const before = m.view();
    if (before.positions.some((p) => p.equity === 0n)) continue;
    const valueBefore = before.zTokenSupply + before.floatingPnl;
    for (const p of before.positions) m.close(p.trader, p.label, p.margin, before.markets.find((x) => x.name === p.market)!.price);
    const after = m.view();
    assert.equal(after.floatingPnl, 0n);
    assert.equal(after.settlementBalance, before.settlementBalance);
    // Per position the value rounds against the trader; the aggregate rounds once per side.
    const slack = BigInt(before.positions.length);
    const valueAfter = after.zTokenSupply;
    assert.ok(valueAfter <= valueBefore && valueBefore - valueAfter <= slack, `seed ${seed}: value ${valueBefore} → ${valueAfter}`);
    const rateBefore = before.swapRate!;
    const rateAfter = after.swapRate!;
    // rate = B/value: a value smaller by d raises the rate by at most rate·d/value + 1
    assert.ok(rateAfter >= rateBefore && rateAfter - rateBefore <= (rateBefore * slack) / valueAfter + 1n, `seed ${seed}: rate ${rateBefore} → ${rateAfter}`);
    checked++;
  }
  assert.ok(checked > 100, `${checked} pools checked`);
});

test('funding: the sides owe the sum of their positions’ funding, up to two wei per position, and the pool gets the net', () => {
  for (let seed = 0; seed < 100; seed++) {
    const c = new Cases(2000 + seed);
    const m = randomPool(c, { funding: true, move: 500 });
    m.advance(BigInt(c.int(1, 48 * 3600)));
    const v = m.view();
    for (const market of v.markets) {
      for (const isLong of [true, false]) {
        const mine = v.positions.filter((p) => p.market === market.name && p.isLong === isLong);
        const naive = mine.reduce((s, p) => s + p.fundingOwed, 0n);
        const side = isLong ? market.longFundingOwed : market.shortFundingOwed;
        const diff = naive - side;
        assert.ok(diff >= -BigInt(mine.length) && diff <= 2n * BigInt(mine.length), `seed ${seed}: Σ positions ${naive} vs side ${side}`);
      }
      if (market.x1 > market.y1) assert.ok(market.fundingRatePerSecond >= 0n, 'longs pay when they are the majority');
      if (market.x1 < market.y1) assert.ok(market.fundingRatePerSecond <= 0n, 'shorts pay when they are the majority');
    }
    const owed = v.markets.reduce((s, x) => s + x.longFundingOwed + x.shortFundingOwed, 0n);
    assert.equal(v.floatingPnl, v.markets.reduce((s, x) => s + x.longPnl + x.shortPnl, 0n) - owed, 'floating = unrealised − funding owed');
  }
});

test('a deposit followed by redeeming what it minted never returns more than was deposited', () => {
  for (let seed = 0; seed < 200; seed++) {
    const c = new Cases(3000 + seed);
    const m = randomPool(c, { funding: false, move: 1000 });
    const amount = c.big(1n, 10n ** 24n) / 10n ** BigInt(18 - m.config.settlementDecimals) + 1n;
    let minted: bigint;
    try {
      minted = m.deposit('new', amount).minted;
    } catch (e) {
      assert.ok(e instanceof MechanismError && e.code === 'ZeroAmount');
      continue;
    }
    assert.ok(m.redeem('new', minted).amountOut <= amount, `seed ${seed}`);
  }
});

test('the model refuses what the contract refuses, and changes nothing when it does', () => {
  const m = new PoolModel({ markets: MARKETS, liquidationThresholdBps: 9000 }, 0n);
  m.postPrice('BTC', 1000n * WAD);
  m.deposit('alice', 100n * WAD);
  m.open('alice', 'a', 'BTC', true, 100n * WAD, 10n, 1000n * WAD);
  const before = JSON.stringify(m.view(), (_, x) => (typeof x === 'bigint' ? String(x) : x));
  const codes = [
    () => m.liquidate('keeper', 'a'),
    () => m.close('bob', 'a', WAD, 1000n * WAD),
    () => m.close('alice', 'a', 101n * WAD, 1000n * WAD),
    () => m.open('alice', 'b', 'BTC', true, WAD, 201n, 1000n * WAD),
    () => m.open('alice', 'b', 'DOGE', true, WAD, 2n, 1000n * WAD),
    () => m.open('alice', 'b', 'BTC', true, WAD, 2n, 1000n * WAD),
    () => m.redeem('alice', WAD),
  ].map((fn) => {
    try {
      fn();
      return 'none';
    } catch (e) {
      return e instanceof MechanismError ? e.code : String(e);
    }
  });
  assert.deepEqual(codes, ['NotLiquidatable', 'WrongTrader', 'InvalidCloseAmount', 'LeverageTooHigh', 'UnknownMarket', 'InsufficientBalance', 'InsufficientBalance']);
  assert.equal(JSON.stringify(m.view(), (_, x) => (typeof x === 'bigint' ? String(x) : x)), before);
  m.advance(3601n);
  assert.throws(() => m.deposit('bob', WAD), (e) => e instanceof MechanismError && e.code === 'StalePrice');
});
