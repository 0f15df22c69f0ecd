// The golden file: up to date with the model, uniform for forge's decoders,
// and equal to the figures docs/mechanism.md states literally.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseFixed } from '../src/decimal.ts';
import { buildGolden, renderGolden } from './build.ts';
import type { GoldenExample, GoldenFile, GoldenStep } from './format.ts';
import { SCENARIOS } from './scenarios.ts';

const text = readFileSync(new URL('./mechanism-examples.json', import.meta.url), 'utf8');
const golden = JSON.parse(text) as GoldenFile;

function example(name: string): GoldenExample {
  const e = golden.examples.find((x) => x.name === name);
  assert.ok(e, `example ${name} is in the file`);
  return e;
}

function step(name: string, id: string): GoldenStep {
  const s = example(name).steps.find((x) => x.id === id);
  assert.ok(s, `step ${name}/${id} is in the file`);
  return s;
}

/** A whole-token figure as the raw WAD string the file holds. */
const wad = (whole: string) => parseFixed(whole, 18).toString();
const usdc = (whole: string) => parseFixed(whole, 6).toString();
const position = (s: GoldenStep, label: string) => {
  const p = s.state.positions.find((x) => x.position === label);
  assert.ok(p, `position ${label} is open after ${s.id}`);
  return p;
};
const account = (s: GoldenStep, name: string) => s.state.accounts.find((a) => a.name === name)!;

test('the committed file is what the model computes from the scenarios (npm run golden -w math)', () => {
  assert.equal(text, renderGolden(buildGolden(SCENARIOS)));
});

test('every array holds objects of one shape, every integer is a decimal string, no JSON numbers', () => {
  const shapes = new Map<string, string>();
  const walk = (v: unknown, path: string) => {
    assert.notEqual(typeof v, 'number', `${path} is a JSON number`);
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (item && typeof item === 'object') {
          const keys = Object.keys(item).join(',');
          const key = path.replace(/\[\d+\]/g, '[]');
          const seen = shapes.get(key);
          if (seen === undefined) shapes.set(key, keys);
          else assert.equal(keys, seen, `${path}[${i}] has other keys than its siblings`);
        }
        walk(item, `${path}[${i}]`);
      });
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    }
  };
  walk(golden, '$');
  for (const e of golden.examples) {
    for (const s of e.steps) {
      for (const [k, v] of Object.entries(s.outcome)) assert.match(v, /^-?\d+$/, `${e.name}/${s.id} outcome.${k}`);
      for (const k of ['time', 'settlementBalance', 'zTokenSupply', 'floatingPnl', 'swapRate'] as const) assert.match(s.state[k], /^-?\d+$/, `${e.name}/${s.id} state.${k}`);
      for (const a of s.state.accounts) assert.ok(e.accounts.some((x) => x.name === a.name));
      if (s.actor) assert.ok(e.accounts.some((x) => x.name === s.actor), `${e.name}/${s.id}: actor ${s.actor} is listed`);
    }
  }
});

test('§6 A: the four rows, before and after settlement', () => {
  const rows: Array<[string, string, string, string, string, string, string]> = [
    // index, A pnl, B pnl, supply after, rate, A value, B value
    ['10500', '50', '-100', '250', '1.2', '180', '120'],
    ['11000', '100', '-200', '200', '1.5', '300', '0'],
    ['9500', '-50', '100', '350', '0.857142857142857142', '42.857142857142857142', '257.142857142857142857'],
    ['9000', '-100', '200', '400', '0.75', '0', '300'],
  ];
  for (const [index, a, b, supply, rate, va, vb] of rows) {
    const name = `spec-6a-${index}`;
    const before = step(name, 'move');
    assert.equal(before.state.zTokenSupply, wad('300'), `${name}: supply 300 before settlement`);
    assert.equal(position(before, 'A').pnl, wad(a), `${name}: A pnl`);
    assert.equal(position(before, 'B').pnl, wad(b), `${name}: B pnl`);
    assert.equal(before.state.swapRate, wad(rate), `${name}: rate before settlement`);
    const settled = example(name).steps.filter((s) => s.action === 'close' || s.action === 'liquidate').at(-1)!;
    assert.equal(settled.state.positions.length, 0);
    assert.equal(settled.state.zTokenSupply, wad(supply), `${name}: supply after settlement`);
    assert.equal(settled.state.floatingPnl, '0');
    assert.equal(settled.state.swapRate, wad(rate), `${name}: rate after settlement`);
    assert.equal(account(settled, 'alice').redeemValue, wad(va), `${name}: A value`);
    assert.equal(account(settled, 'bob').redeemValue, wad(vb), `${name}: B value`);
  }
  assert.ok(position(step('spec-6a-11000', 'move'), 'B').liquidatable);
  assert.ok(position(step('spec-6a-9000', 'move'), 'A').liquidatable);
});

test('§6 B: Alice 1500, Bob 1000, supply 2500, rate 1.2; redemptions of 1800 and 1200 USDC', () => {
  assert.equal(step('spec-6b', 'close-alice').outcome.payout, wad('1500'));
  const bob = step('spec-6b', 'close-bob');
  assert.equal(bob.outcome.payout, wad('1000'));
  assert.equal(bob.state.zTokenSupply, wad('2500'));
  assert.equal(bob.state.swapRate, wad('1.2'));
  assert.equal(step('spec-6b', 'redeem-alice').outcome.amountOut, usdc('1800'));
  assert.equal(step('spec-6b', 'redeem-bob').outcome.amountOut, usdc('1200'));
});

test('§6 C: supply 3500, rate 3000/3500; Alice redeems 1285.714285 USDC, Bob 1714.285715', () => {
  const close = step('spec-6c', 'close-alice');
  assert.equal(close.outcome.payout, wad('1500'));
  assert.equal(close.state.zTokenSupply, wad('3500'));
  assert.equal(close.state.swapRate, wad('0.857142857142857142'));
  assert.equal(step('spec-6c', 'up-5pct').state.swapRate, wad('0.857142857142857142'), 'the same rate before settlement');
  assert.equal(step('spec-6c', 'redeem-alice').outcome.amountOut, usdc('1285.714285'));
  assert.equal(step('spec-6c', 'redeem-bob').outcome.amountOut, usdc('1714.285715'));
  assert.equal(step('spec-6c', 'redeem-bob').state.settlementBalance, '0');
});

test('§6 D: 50,300 / 50,400 and 50,300 / 51,300, before and after settlement', () => {
  for (const id of ['move', 'liquidate-a', 'close-b']) assert.equal(step('spec-6d', id).state.swapRate, wad('0.998015873015873015'), id);
  assert.equal(step('spec-6d', 'close-b').state.zTokenSupply, wad('50400'));
  assert.equal(step('spec-6d-ten-times', 'move').state.floatingPnl, wad('1000'));
  for (const id of ['move', 'liquidate-a', 'close-b']) assert.equal(step('spec-6d-ten-times', id).state.swapRate, wad('0.980506822612085769'), id);
});

test('§6 E: floating profit 100, rate 0.5, x1 = 1000, x2 = 1', () => {
  const s = step('spec-6e', 'up-10pct');
  assert.equal(s.state.floatingPnl, wad('100'));
  assert.equal(s.state.swapRate, wad('0.5'));
  const eth = s.state.markets.find((m) => m.name === 'ETH')!;
  assert.equal(eth.x1, wad('1000'));
  assert.equal(eth.x2, wad('1'));
});

test('§2: liquidated at 910 with a 90 % threshold, and closed at 850', () => {
  const open = step('spec-2-liquidation', 'open');
  assert.equal(position(open, 'long').liquidationPrice, wad('910'), 'P0·(1 − t·m/N) = 910');
  assert.equal(step('spec-2-liquidation', 'too-early').reverts, 'NotLiquidatable');
  const liq = step('spec-2-liquidation', 'liquidate').outcome;
  assert.deepEqual([liq.pnl, liq.realisedPnl, liq.liquidationPenalty, liq.uncollectedLoss, liq.payout], [wad('-90'), wad('-100'), wad('10'), '0', '0']);
  assert.equal(liq.keeperReward, wad('5'), '5 % of the margin, out of the penalty');
  const close = step('spec-2-close-below-margin', 'close').outcome;
  assert.deepEqual([close.pnl, close.payout, close.realisedPnl, close.uncollectedLoss, close.liquidationPenalty], [wad('-150'), '0', wad('-100'), wad('50'), '0']);
});

test('realised PnL = pnl − funding − fee + uncollected loss − liquidation penalty, and = payout − closed margin, in every close and liquidation', () => {
  let checked = 0;
  for (const e of golden.examples) {
    for (const s of e.steps) {
      if (s.reverts || (s.action !== 'close' && s.action !== 'liquidate')) continue;
      const o = s.outcome;
      const n = (k: keyof typeof o) => BigInt(o[k]);
      assert.equal(n('realisedPnl'), n('pnl') - n('funding') - n('fee') + n('uncollectedLoss') - n('liquidationPenalty'), `${e.name}/${s.id}`);
      assert.equal(n('realisedPnl'), s.action === 'close' ? n('payout') - n('closedMargin') : -n('closedMargin'), `${e.name}/${s.id}`);
      checked++;
    }
  }
  assert.ok(checked > 30);
});

test('funding: longs owe, shorts receive, the floating PnL falls by the net and the rate rises at a fixed price', () => {
  const start = step('funding-skewed-market', 'open-bob');
  const hour = step('funding-skewed-market', 'one-hour');
  const two = step('funding-skewed-market', 'two-hours');
  assert.equal(BigInt(hour.state.time) - BigInt(start.state.time), 3600n);
  const owed = (s: GoldenStep, label: string) => BigInt(position(s, label).fundingOwed);
  assert.ok(owed(hour, 'alice-long') > 0n && owed(hour, 'bob-short') < 0n);
  assert.equal(owed(two, 'alice-long'), 2n * owed(hour, 'alice-long'), 'linear in time at a constant rate');
  assert.ok(BigInt(two.state.swapRate) > BigInt(hour.state.swapRate) && BigInt(hour.state.swapRate) > BigInt(start.state.swapRate));
  const market = hour.state.markets[0]!;
  assert.equal(BigInt(hour.state.floatingPnl), -(BigInt(market.longFundingOwed) + BigInt(market.shortFundingOwed)), 'at the entry price only funding floats');
  assert.ok(BigInt(step('funding-skewed-market', 'close-alice-half').outcome.funding) > 0n, 'a close pays funding');
  assert.ok(BigInt(step('funding-skewed-market', 'close-bob').outcome.funding) < 0n, 'the short receives');
  assert.equal(step('funding-clamped-liquidation', 'open').state.markets[0]!.fundingRatePerSecond, (10n ** 16n / 3600n).toString(), 'clamped at 1 % per hour');
  const liq = step('funding-clamped-liquidation', 'liquidate').outcome;
  assert.equal(liq.pnl, '0');
  assert.ok(BigInt(liq.uncollectedLoss) > 0n);
});

test('pools with 6, 8 and 18 settlement decimals and initial rates 0.5 and 2 mint in their units', () => {
  for (const d of [6, 8, 18]) {
    const e = example(`settlement-decimals-${d}`);
    assert.equal(e.pool.settlementDecimals, String(d));
    assert.equal(e.steps.find((s) => s.id === 'deposit-alice')!.outcome.minted, wad('500.5'));
  }
  assert.equal(step('initial-rate-0.5', 'deposit-lp').outcome.minted, wad('2000'));
  assert.equal(step('initial-rate-2', 'deposit-lp').outcome.minted, wad('500'));
  assert.equal(step('initial-rate-2', 'index').state.swapRate, wad('2'), 'the empty pool reads its initial rate');
});

test('fees: mint fee rounds up, trade fee discounted and split', () => {
  assert.equal(step('mint-redeem-fees', 'deposit-lp').outcome.mintFee, '3000001');
  const open = step('trade-fees', 'open-alice').outcome;
  assert.deepEqual([open.fee, open.feeDiscount, open.protocolFee, open.referralRebate, open.feeBurned], [wad('1.5'), wad('0.5'), wad('0.3'), wad('0.15'), wad('1.05')]);
  const bob = step('trade-fees', 'open-bob').outcome;
  assert.deepEqual([bob.fee, bob.feeDiscount, bob.protocolFee, bob.referralRebate], [wad('2'), '0', wad('0.4'), '0']);
  const capped = step('trade-fees', 'dave-close').outcome;
  assert.equal(capped.payout, '0');
  assert.equal(BigInt(capped.fee), BigInt(capped.closedMargin) + BigInt(capped.pnl), 'the fee is what the part is worth');
});
