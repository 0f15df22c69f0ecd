import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WAD } from './integer.ts';
import { marketPnl } from './market.ts';
import { depositQuote, floatingPnl, redeemQuote, swapRate, SwapRateUndefinedError, zTokenValueInSettlement, zTokenValueUsd } from './pool.ts';
import { sizeOf } from './position.ts';

const w = (n: number | bigint) => BigInt(n) * WAD;
const pool = (balance: bigint, decimals: number, supply: bigint, initial = WAD) => ({ settlementBalance: balance, settlementDecimals: decimals, zTokenSupply: supply, initialSwapRate: initial });

test('swap rate: balance·scale/(supply + floating) rounded down; the initial rate when empty; null where the contract reverts', () => {
  assert.equal(swapRate(pool(300n * 10n ** 6n, 6, w(300)), -w(50)), 1_200_000_000_000_000_000n);
  assert.equal(swapRate(pool(300n * 10n ** 6n, 6, w(300)), w(50)), 857_142_857_142_857_142n);
  assert.equal(swapRate(pool(w(50_300), 18, w(50_300)), w(1000)), 980_506_822_612_085_769n);
  assert.equal(swapRate(pool(0n, 6, 0n, 2n * WAD), 0n), 2n * WAD);
  assert.equal(swapRate(pool(1n, 6, w(1)), -w(2)), null);
  assert.equal(swapRate(pool(1n, 6, w(1)), -w(1)), null);
  assert.throws(() => swapRate(pool(1n, 19, w(1)), 0n), RangeError);
});

test('floating PnL: the sum over markets of unrealised PnL less the funding owed', () => {
  const btc = { x1: w(1000), x2: sizeOf(w(1000), w(10_000), true), y1: w(2000), y2: sizeOf(w(2000), w(10_000), false) };
  const empty = { x1: 0n, x2: 0n, y1: 0n, y2: 0n };
  assert.equal(floatingPnl([{ amounts: btc, price: w(10_500) }, { amounts: empty, price: 0n }]), -w(50));
  assert.equal(floatingPnl([{ amounts: btc, price: w(10_500), fundingOwed: { long: w(3), short: -w(1) } }]), -w(52));
  assert.deepEqual(marketPnl(btc, w(9000)), { long: -w(100), short: w(200), net: w(100) });
});

test('deposit and redemption quotes round against the depositor and the redeemer, fees up', () => {
  const p = pool(3_000_000_000n, 6, w(3500));
  // 1500 zUSDC of 3500 against 3000 USDC: 1285.714285714… → 1285.714285 USDC
  assert.deepEqual(redeemQuote(p, 0n, w(1500), 0), { gross: 1_285_714_285n, fee: 0n, amountOut: 1_285_714_285n });
  assert.deepEqual(redeemQuote(p, 0n, w(1500), 50), { gross: 1_285_714_285n, fee: 6_428_572n, amountOut: 1_279_285_713n });
  const q = depositQuote(p, 0n, 1_000_000n, 30);
  assert.equal(q.fee, 3000n);
  assert.equal(q.minted, (997_000n * w(3500)) / 3_000_000_000n);
  assert.deepEqual(depositQuote(pool(0n, 6, 0n, WAD / 2n), 0n, 100_000_000n, 0), { fee: 0n, minted: w(200) });
  assert.throws(() => depositQuote(pool(0n, 6, w(1)), 0n, 1n, 0), SwapRateUndefinedError);
  assert.throws(() => redeemQuote(pool(10n, 6, w(1)), -w(1), 1n, 0), /undefined/);
});

test('USD value of zTokens: z · rate · usd, truncated toward zero, symmetric in sign', () => {
  assert.equal(zTokenValueUsd(w(100), 1_200_000_000_000_000_000n, WAD), w(120));
  assert.equal(zTokenValueUsd(w(2), WAD / 2n, 600n * WAD), w(600));
  assert.equal(zTokenValueUsd(-w(1), 857_142_857_142_857_142n, WAD), -857_142_857_142_857_142n);
  assert.equal(zTokenValueUsd(1n, 1n, 1n), 0n);
  assert.equal(zTokenValueUsd(-3n, WAD, WAD / 2n), -1n);
  assert.equal(zTokenValueInSettlement(w(150), 1_200_000_000_000_000_000n), w(180));
});
