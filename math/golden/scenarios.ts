// The worked examples of the golden file: docs/mechanism.md §6 A–E and §2,
// and the arithmetic that section leaves implicit (funding, partial closes,
// settlement decimals, initial rates, mint/redeem and trade fees). Amounts are
// written in whole tokens and converted exactly; the expected state after
// every step comes from the reference model (build.ts).
import { parseFixed } from '../src/decimal.ts';
import type { Scenario, ScenarioStep } from './build.ts';

/** zToken amounts, notionals and prices (18 decimals). */
const w = (whole: string) => parseFixed(whole, 18);
/** Settlement token amounts with `decimals`. */
const u = (whole: string, decimals: number) => parseFixed(whole, decimals);

const HOUR = 3600n;
const BTC = { name: 'BTC', maxLeverage: 200 };
const ETH = { name: 'ETH', maxLeverage: 100 };

const price = (id: string, market: string, value: string, note: string): ScenarioStep => ({ id, action: 'price', market, price: w(value), note });
const deposit = (id: string, actor: string, amount: bigint, note: string): ScenarioStep => ({ id, action: 'deposit', actor, amount, note });
const redeem = (id: string, actor: string, amount: bigint, note: string): ScenarioStep => ({ id, action: 'redeem', actor, amount, note });
const open = (id: string, actor: string, position: string, market: string, isLong: boolean, margin: string, leverage: number, at: string, note: string): ScenarioStep => ({
  id,
  action: 'open',
  actor,
  position,
  market,
  isLong,
  amount: w(margin),
  leverage: BigInt(leverage),
  price: w(at),
  note,
});
const close = (id: string, actor: string, position: string, margin: string, at: string, note: string): ScenarioStep => ({ id, action: 'close', actor, position, amount: w(margin), price: w(at), note });
const liquidate = (id: string, keeper: string, position: string, note: string, reverts?: string): ScenarioStep => ({ id, action: 'liquidate', actor: keeper, position, note, reverts });
const advance = (id: string, duration: bigint, note: string): ScenarioStep => ({ id, action: 'advance', duration, note });

// ------------------------------------------------------------------ §6 A

const A_SETUP: ScenarioStep[] = [
  price('index', 'BTC', '10000', 'BTC index 10,000'),
  deposit('deposit-a', 'alice', w('100'), 'A deposits 100 at rate 1'),
  deposit('deposit-b', 'bob', w('200'), 'B deposits 200'),
  open('open-a', 'alice', 'A', 'BTC', true, '100', 10, '10000', 'A opens long with 100 at 10x'),
  open('open-b', 'bob', 'B', 'BTC', false, '200', 10, '10000', 'B opens short with 200 at 10x: pool 300, supply 300, rate 1'),
];

function exampleA(index: string, settle: ScenarioStep[], redeems: ScenarioStep[]): Scenario {
  return {
    name: `spec-6a-${index}`,
    title: `§6 A at ${index}: the rate from floating PnL before settlement equals the rate after it`,
    source: 'docs/mechanism.md §6 A',
    pool: {},
    markets: [BTC],
    accounts: [{ name: 'alice' }, { name: 'bob' }, { name: 'keeper' }],
    steps: [...A_SETUP, price('move', 'BTC', index, `index moves to ${index}: before settlement`), ...settle, ...redeems],
  };
}

const SPEC_6A: Scenario[] = [
  exampleA(
    '10500',
    [close('close-a', 'alice', 'A', '100', '10500', 'A closes: +50, gets 150'), close('close-b', 'bob', 'B', '200', '10500', 'B closes: −100, gets 100; supply 250, rate 1.2')],
    [redeem('redeem-a', 'alice', w('150'), 'A redeems 150 for 180'), redeem('redeem-b', 'bob', w('100'), 'B redeems 100 for 120: the pool is empty')],
  ),
  exampleA(
    '11000',
    [liquidate('liquidate-b', 'keeper', 'B', 'B is liquidated: −200, the whole margin'), close('close-a', 'alice', 'A', '100', '11000', 'A closes: +100, gets 200; supply 200, rate 1.5')],
    [redeem('redeem-a', 'alice', w('200'), 'A redeems 200 for 300')],
  ),
  exampleA(
    '9500',
    [close('close-a', 'alice', 'A', '100', '9500', 'A closes: −50, gets 50'), close('close-b', 'bob', 'B', '200', '9500', 'B closes: +100, gets 300; supply 350, rate 0.857142857142857142')],
    [redeem('redeem-a', 'alice', w('50'), 'A redeems 50 for 42.857142857142857142'), redeem('redeem-b', 'bob', w('300'), 'B redeems 300 for the rest, 257.142857142857142858')],
  ),
  exampleA(
    '9000',
    [liquidate('liquidate-a', 'keeper', 'A', 'A is liquidated: −100'), close('close-b', 'bob', 'B', '200', '9000', 'B closes: +200, gets 400; supply 400, rate 0.75')],
    [redeem('redeem-b', 'bob', w('400'), 'B redeems 400 for 300')],
  ),
];

// ------------------------------------------------------------------ §6 B, C, E (6-decimal USDC)

const USDC = { settlementDecimals: 6 };

const SPEC_6B: Scenario = {
  name: 'spec-6b',
  title: '§6 B (Zeepr case 1): both trade and close; Alice redeems 1800 USDC, Bob 1200',
  source: 'docs/mechanism.md §6 B',
  pool: USDC,
  markets: [BTC],
  accounts: [{ name: 'alice' }, { name: 'bob' }],
  steps: [
    price('index', 'BTC', '10000', 'BTC index 10,000'),
    deposit('deposit-alice', 'alice', u('1000', 6), '1000 USDC → 1000 zUSDC'),
    deposit('deposit-bob', 'bob', u('2000', 6), '2000 USDC → 2000 zUSDC'),
    open('open-alice', 'alice', 'alice-long', 'BTC', true, '1000', 10, '10000', 'Alice 10x long'),
    open('open-bob', 'bob', 'bob-short', 'BTC', false, '2000', 10, '10000', 'Bob 10x short'),
    price('up-5pct', 'BTC', '10500', 'index +5 %'),
    close('close-alice', 'alice', 'alice-long', '1000', '10500', 'Alice closes with 1500'),
    close('close-bob', 'bob', 'bob-short', '2000', '10500', 'Bob closes with 1000: supply 2500, rate 1.2'),
    redeem('redeem-alice', 'alice', w('1500'), 'Alice redeems 1500 zUSDC for 1800 USDC'),
    redeem('redeem-bob', 'bob', w('1000'), 'Bob redeems 1000 zUSDC for 1200 USDC'),
  ],
};

const SPEC_6C: Scenario = {
  name: 'spec-6c',
  title: '§6 C (Zeepr case 2): Bob holds as a neutral staker and carries Alice’s profit',
  source: 'docs/mechanism.md §6 C',
  pool: USDC,
  markets: [BTC],
  accounts: [{ name: 'alice' }, { name: 'bob' }],
  steps: [
    price('index', 'BTC', '10000', 'BTC index 10,000'),
    deposit('deposit-alice', 'alice', u('1000', 6), '1000 USDC → 1000 zUSDC'),
    deposit('deposit-bob', 'bob', u('2000', 6), '2000 USDC → 2000 zUSDC'),
    open('open-alice', 'alice', 'alice-long', 'BTC', true, '1000', 10, '10000', 'Alice 10x long; Bob does not trade'),
    price('up-5pct', 'BTC', '10500', 'index +5 %: the rate already reads 3000/3500'),
    close('close-alice', 'alice', 'alice-long', '1000', '10500', 'Alice closes with 1500: supply 3500, rate 0.857142857142857142'),
    redeem('redeem-alice', 'alice', w('1500'), 'Alice redeems 1500 zUSDC for 1285.714285 USDC'),
    redeem('redeem-bob', 'bob', w('2000'), 'Bob redeems 2000 zUSDC for 1714.285715 USDC (the rounding dust)'),
  ],
};

const SPEC_6E: Scenario = {
  name: 'spec-6e',
  title: '§6 E: a floating profit of 100 on a pool of 100 halves the rate',
  source: 'docs/mechanism.md §6 E',
  pool: USDC,
  markets: [ETH],
  accounts: [{ name: 'alice' }],
  steps: [
    price('index', 'ETH', '1000', 'ETH index 1,000'),
    deposit('deposit', 'alice', u('100', 6), '100 USDC → 100 zUSDC'),
    open('open', 'alice', 'long', 'ETH', true, '100', 10, '1000', '10x long at 1000: x1 = 1000, x2 = 1 ETH'),
    price('up-10pct', 'ETH', '1100', 'at 1100 the floating profit is 100 and the rate 100 / 200 = 0.5'),
  ],
};

// ------------------------------------------------------------------ §6 D

const SPEC_6D: Scenario[] = [
  {
    name: 'spec-6d',
    title: '§6 D: 50,000 of neutral liquidity dampens the rate to 50,300 / 50,400',
    source: 'docs/mechanism.md §6 D',
    pool: {},
    markets: [BTC],
    accounts: [{ name: 'alice' }, { name: 'bob' }, { name: 'neutral' }, { name: 'keeper' }],
    steps: [
      ...A_SETUP,
      deposit('deposit-neutral', 'neutral', w('50000'), 'a neutral staker adds 50,000'),
      price('move', 'BTC', '9000', 'at 9,000: rate 50,300 / 50,400 = 0.998015873015873015'),
      liquidate('liquidate-a', 'keeper', 'A', 'A is liquidated'),
      close('close-b', 'bob', 'B', '200', '9000', 'B closes with 400: the same rate after settlement'),
    ],
  },
  {
    name: 'spec-6d-ten-times',
    title: '§6 D with ten times the net PnL: 50,300 / 51,300',
    source: 'docs/mechanism.md §6 D',
    pool: {},
    markets: [BTC],
    accounts: [{ name: 'alice' }, { name: 'bob' }, { name: 'neutral' }, { name: 'keeper' }],
    steps: [
      price('index', 'BTC', '10000', 'BTC index 10,000'),
      deposit('deposit-a', 'alice', w('100'), 'A deposits 100'),
      deposit('deposit-b', 'bob', w('200'), 'B deposits 200'),
      deposit('deposit-neutral', 'neutral', w('50000'), 'a neutral staker deposits 50,000'),
      open('open-a', 'alice', 'A', 'BTC', true, '100', 10, '10000', 'A long 100 at 10x: −100 at 9,000'),
      open('open-b', 'bob', 'B', 'BTC', false, '200', 55, '10000', 'B short 200 at 55x: +1,100 at 9,000'),
      price('move', 'BTC', '9000', 'at 9,000 the net PnL is +1,000: rate 50,300 / 51,300 = 0.980506822612085769'),
      liquidate('liquidate-a', 'keeper', 'A', 'A is liquidated'),
      close('close-b', 'bob', 'B', '200', '9000', 'B closes with 1,300: the same rate'),
    ],
  },
];

// ------------------------------------------------------------------ §2: realised PnL capped by the margin

const SECTION_2_POOL = { liquidationThresholdBps: 9000, keeperRewardBps: 500 };
const SECTION_2_SETUP: ScenarioStep[] = [
  price('index', 'ETH', '1000', 'ETH index 1,000'),
  deposit('deposit-lp', 'lp', w('1000'), 'a liquidity provider deposits 1,000'),
  deposit('deposit-alice', 'alice', w('100'), 'Alice deposits 100'),
  open('open', 'alice', 'long', 'ETH', true, '100', 10, '1000', 'long 100 zToken at 10x from 1,000: liquidation price 1000·(1 − 0.9/10) = 910'),
];

const SECTION_2: Scenario[] = [
  {
    name: 'spec-2-liquidation',
    title: '§2: liquidated at 910 with a 90 % threshold: pnl −90, realised −100, liquidation penalty 10',
    source: 'docs/mechanism.md §2',
    pool: SECTION_2_POOL,
    markets: [ETH],
    accounts: [{ name: 'lp' }, { name: 'alice' }, { name: 'keeper' }],
    steps: [
      ...SECTION_2_SETUP,
      price('at-911', 'ETH', '911', 'at 911 the loss is 89 < 90'),
      liquidate('too-early', 'keeper', 'long', 'a liquidation at 911 reverts', 'NotLiquidatable'),
      price('at-910', 'ETH', '910', 'at 910 the loss reaches 90 % of the margin'),
      liquidate('liquidate', 'keeper', 'long', 'liquidated: the whole margin of 100 leaves; the keeper gets 5 % of it out of the penalty'),
    ],
  },
  {
    name: 'spec-2-close-below-margin',
    title: '§2: the same position closed at 850: pnl −150, payout 0, realised −100, uncollected loss 50',
    source: 'docs/mechanism.md §2',
    pool: SECTION_2_POOL,
    markets: [ETH],
    accounts: [{ name: 'lp' }, { name: 'alice' }, { name: 'keeper' }],
    steps: [
      ...SECTION_2_SETUP,
      price('at-850', 'ETH', '850', 'at 850 the price loss of 150 exceeds the margin'),
      close('close', 'alice', 'long', '100', '850', 'closed: payout 0, the 50 the margin cannot cover is the pool’s bad debt'),
    ],
  },
];

// ------------------------------------------------------------------ funding (docs/mechanism.md §4, §5)

const FUNDING: Scenario[] = [
  {
    name: 'funding-skewed-market',
    title: 'Funding on: a long-heavy market pays the shorts and the pool; floating PnL and the rate move with time at fixed prices',
    source: 'docs/mechanism.md §4, §5',
    pool: { fundingEnabled: true, fundingFactorPerHour: w('0.01'), maxFundingRatePerHour: w('0.01'), liquidationThresholdBps: 9000 },
    markets: [BTC],
    accounts: [{ name: 'lp' }, { name: 'alice' }, { name: 'bob' }, { name: 'carol' }],
    steps: [
      price('index', 'BTC', '10000', 'BTC index 10,000'),
      deposit('deposit-lp', 'lp', w('10000'), 'liquidity 10,000'),
      deposit('deposit-alice', 'alice', w('2000'), 'Alice deposits 2,000'),
      deposit('deposit-bob', 'bob', w('1000'), 'Bob deposits 1,000'),
      deposit('deposit-carol', 'carol', w('1000'), 'Carol deposits 1,000'),
      open('open-alice', 'alice', 'alice-long', 'BTC', true, '1000', 5, '10000', 'Alice long 5,000 notional: BR = 5000/14000, the rate 1 %·BR per hour'),
      open('open-bob', 'bob', 'bob-short', 'BTC', false, '500', 2, '10000', 'Bob short 1,000 notional: BR = 4000/14000'),
      advance('one-hour', HOUR, 'one hour at the same price: longs owe, shorts receive, floating PnL falls by the net'),
      advance('two-hours', HOUR, 'two hours'),
      price('fresh', 'BTC', '10200', 'a fresh index price of 10,200'),
      deposit('deposit-lp-2', 'lp', w('1000'), 'a deposit mints against the floating PnL with the funding owed in it'),
      open('open-carol', 'carol', 'carol-long', 'BTC', true, '300', 5, '10200', 'Carol opens long at a non-zero funding index'),
      advance('half-hour', 1800n, 'half an hour at the new rate'),
      close('close-alice-half', 'alice', 'alice-long', '500', '10200', 'Alice closes half: the closed part pays its funding'),
      advance('one-more-hour', HOUR, 'another hour'),
      price('fresh-2', 'BTC', '10200', 'the index price posted again'),
      close('close-bob', 'bob', 'bob-short', '500', '10200', 'Bob closes: he receives funding (negative funding paid)'),
      close('close-carol-part', 'carol', 'carol-long', '100', '10200', 'Carol closes a third: funding from her entry index'),
      close('close-alice-rest', 'alice', 'alice-long', '500', '10200', 'Alice closes the rest'),
      close('close-carol-rest', 'carol', 'carol-long', '200', '10200', 'Carol closes the rest: no position is left, no funding owed'),
    ],
  },
  {
    name: 'funding-clamped-liquidation',
    title: 'Funding clamped at the maximum rate liquidates a position at an unchanged price, with bad debt',
    source: 'docs/mechanism.md §2, §5',
    pool: { fundingEnabled: true, fundingFactorPerHour: w('1'), maxFundingRatePerHour: w('0.01'), liquidationThresholdBps: 9000, keeperRewardBps: 500 },
    markets: [BTC],
    accounts: [{ name: 'lp' }, { name: 'alice' }, { name: 'keeper' }],
    steps: [
      price('index', 'BTC', '10000', 'BTC index 10,000'),
      deposit('deposit-lp', 'lp', w('20000'), 'liquidity 20,000'),
      deposit('deposit-alice', 'alice', w('100'), 'Alice deposits 100'),
      open('open', 'alice', 'long', 'BTC', true, '100', 50, '10000', 'long 5,000 notional: BR·factor is far above the cap, so the rate is 1 % per hour'),
      advance('one-hour', HOUR, 'one hour: 50 owed; the liquidation price has moved up by the funding'),
      price('fresh', 'BTC', '10000', 'the same index price, fresh'),
      advance('half-hour', 1800n, 'half an hour more: 75 owed, below the 90 that liquidates'),
      liquidate('too-early', 'keeper', 'long', 'not yet liquidatable', 'NotLiquidatable'),
      advance('one-more-hour', HOUR, 'one more hour: 125 owed, more than the margin'),
      price('fresh-2', 'BTC', '10000', 'the same index price, fresh'),
      liquidate('liquidate', 'keeper', 'long', 'liquidated by funding alone: the 25 beyond the margin is uncollected'),
    ],
  },
];

// ------------------------------------------------------------------ partial closes

const PARTIAL: Scenario = {
  name: 'partial-close',
  title: 'Partial closes of a long and a short at prices that do not divide: each part rounds against the trader',
  source: 'docs/mechanism.md §2, §4',
  pool: {},
  markets: [BTC],
  accounts: [{ name: 'lp' }, { name: 'alice' }, { name: 'bob' }],
  steps: [
    price('index', 'BTC', '30001.5', 'BTC index 30,001.5'),
    deposit('deposit-lp', 'lp', w('5000'), 'liquidity 5,000'),
    deposit('deposit-alice', 'alice', w('200'), 'Alice deposits 200'),
    deposit('deposit-bob', 'bob', w('200'), 'Bob deposits 200'),
    open('open-alice', 'alice', 'alice-long', 'BTC', true, '100', 7, '30001.5', 'long 700 notional at 30,001.5: the size rounds down'),
    open('open-bob', 'bob', 'bob-short', 'BTC', false, '70', 3, '30001.5', 'short 210 notional: the size rounds up'),
    price('down', 'BTC', '29876.123', 'index 29,876.123'),
    close('alice-third', 'alice', 'alice-long', '33', '29876.123', 'Alice closes 33 of 100 margin at a loss'),
    close('bob-third', 'bob', 'bob-short', '23.456789', '29876.123', 'Bob closes 23.456789 of 70 at a profit'),
    price('up', 'BTC', '30100', 'index 30,100'),
    close('alice-more', 'alice', 'alice-long', '40', '30100', 'Alice closes 40 more at a profit'),
    close('alice-rest', 'alice', 'alice-long', '27', '30100', 'and the remaining 27: the sums return to what Bob still holds'),
    close('bob-rest', 'bob', 'bob-short', '46.543211', '30100', 'Bob closes the rest: all sums balance, nothing floats'),
  ],
};

// ------------------------------------------------------------------ settlement decimals

function decimalsExample(decimals: number, lpAmount: string, aliceAmount: string): Scenario {
  return {
    name: `settlement-decimals-${decimals}`,
    title: `A pool over a ${decimals}-decimal settlement token: deposits, a trade and redemptions round in raw units`,
    source: 'docs/mechanism.md §3, §5a',
    pool: { settlementDecimals: decimals },
    markets: [ETH],
    accounts: [{ name: 'lp' }, { name: 'alice' }],
    steps: [
      price('index', 'ETH', '3500', 'ETH index 3,500'),
      deposit('deposit-lp', 'lp', u(lpAmount, decimals), `liquidity ${lpAmount}`),
      deposit('deposit-alice', 'alice', u(aliceAmount, decimals), `Alice deposits ${aliceAmount}`),
      open('open', 'alice', 'long', 'ETH', true, '500', 5, '3500', 'Alice long 2,500 notional at 3,500'),
      price('up', 'ETH', '3612.34', 'index 3,612.34: the rate is no round number'),
      deposit('deposit-lp-2', 'lp', u('777.777777', decimals), 'a deposit while the position floats'),
      close('close', 'alice', 'long', '500', '3612.34', 'Alice closes with a profit'),
      redeem('redeem-lp', 'lp', w('1234.5678'), 'the liquidity provider redeems 1,234.5678 zToken'),
      redeem('redeem-alice', 'alice', w('500'), 'Alice redeems 500 zToken'),
    ],
  };
}

const DECIMALS: Scenario[] = [decimalsExample(6, '10000.123457', '500.5'), decimalsExample(8, '10000.12345678', '500.5'), decimalsExample(18, '10000.123456789012345678', '500.5')];

// ------------------------------------------------------------------ initial swap rate ≠ 1

function initialRateExample(rate: string): Scenario {
  return {
    name: `initial-rate-${rate}`,
    title: `A pool created at the swap rate ${rate} settlement token per zToken`,
    source: 'docs/mechanism.md §3, §5',
    pool: { settlementDecimals: 6, initialSwapRate: w(rate) },
    markets: [BTC],
    accounts: [{ name: 'lp' }, { name: 'alice' }],
    steps: [
      price('index', 'BTC', '10000', 'BTC index 10,000'),
      deposit('deposit-lp', 'lp', u('1000', 6), `1,000 USDC mint 1000/${rate} zToken at the initial rate`),
      deposit('deposit-alice', 'alice', u('100', 6), 'Alice deposits 100 USDC at the same rate'),
      open('open', 'alice', 'long', 'BTC', true, '20', 10, '10000', 'Alice long 200 zToken notional'),
      price('up', 'BTC', '10250', 'index +2.5 %: a floating profit of 5 zToken'),
      close('close', 'alice', 'long', '20', '10250', 'Alice closes with 25'),
      redeem('redeem-lp', 'lp', w('100'), 'the liquidity provider redeems 100 zToken'),
    ],
  };
}

const INITIAL_RATES: Scenario[] = [initialRateExample('0.5'), initialRateExample('2')];

// ------------------------------------------------------------------ fees

const MINT_REDEEM_FEES: Scenario = {
  name: 'mint-redeem-fees',
  title: 'Mint fee 0.3 % and redeem fee 0.5 %, rounded up and kept by the pool: they raise the rate for every holder',
  source: 'docs/mechanism.md §5',
  pool: { settlementDecimals: 6, mintFeeBps: 30, redeemFeeBps: 50 },
  markets: [BTC],
  accounts: [{ name: 'lp' }, { name: 'bob' }],
  steps: [
    deposit('deposit-lp', 'lp', u('1000.000001', 6), 'the fee on 1,000.000001 USDC rounds up to 3.000001'),
    deposit('deposit-bob', 'bob', u('333.333333', 6), 'Bob mints at the rate the first fee raised'),
    redeem('redeem-lp', 'lp', w('100'), 'the redeem fee rounds up as well'),
    redeem('redeem-bob', 'bob', w('100'), 'Bob redeems 100 zToken'),
  ],
};

const TRADE_FEES: Scenario = {
  name: 'trade-fees',
  title: 'Open and close fees of 0.1 % with a 25 % pass discount, a 20 % protocol share and a 10 % referral rebate; a close fee capped by what the part is worth',
  source: 'docs/mechanism.md §5',
  pool: { openFeeBps: 10, closeFeeBps: 10, passDiscountBps: 2500, protocolShareBps: 2000, referralRebateBps: 1000, liquidationThresholdBps: 9000 },
  markets: [BTC],
  accounts: [{ name: 'lp' }, { name: 'alice', inviter: 'carol', holdsPass: true }, { name: 'bob' }, { name: 'dave', inviter: 'carol' }, { name: 'carol' }, { name: 'protocol' }],
  steps: [
    price('index', 'BTC', '10000', 'BTC index 10,000'),
    deposit('deposit-lp', 'lp', w('10000'), 'liquidity 10,000'),
    deposit('deposit-alice', 'alice', w('1000'), 'Alice (pass holder, invited by Carol) deposits 1,000'),
    deposit('deposit-bob', 'bob', w('1000'), 'Bob (no pass, no inviter) deposits 1,000'),
    deposit('deposit-dave', 'dave', w('100'), 'Dave (invited by Carol) deposits 100'),
    open('open-alice', 'alice', 'alice-long', 'BTC', true, '100', 20, '10000', 'fee 2 less the 0.5 discount; 20 % to the protocol, 10 % to Carol, the rest burned'),
    open('open-bob', 'bob', 'bob-short', 'BTC', false, '100', 20, '10000', 'fee 2: 0.4 to the protocol, no rebate'),
    price('up', 'BTC', '10100', 'index +1 %'),
    close('alice-part', 'alice', 'alice-long', '40', '10100', 'Alice closes 40: the close fee on 800 notional, discounted'),
    close('bob-close', 'bob', 'bob-short', '100', '10100', 'Bob closes at a loss of 20: fee 2 out of the 80 left'),
    close('alice-rest', 'alice', 'alice-long', '60', '10100', 'Alice closes the rest'),
    open('open-dave', 'dave', 'dave-long', 'BTC', true, '10', 100, '10100', 'Dave long 1,000 notional at 100x: fee 1'),
    price('down', 'BTC', '9999.1', 'index 9,999.1 (−1 %): Dave’s part is worth less than the fee'),
    close('dave-close', 'dave', 'dave-long', '10', '9999.1', 'the close fee is capped at the 0.1 the part is worth; the payout is 0'),
  ],
};

export const SCENARIOS: readonly Scenario[] = [
  ...SPEC_6A,
  SPEC_6B,
  SPEC_6C,
  ...SPEC_6D,
  SPEC_6E,
  ...SECTION_2,
  ...FUNDING,
  PARTIAL,
  ...DECIMALS,
  ...INITIAL_RATES,
  MINT_REDEEM_FEES,
  TRADE_FEES,
];
