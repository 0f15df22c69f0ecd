// Scenario descriptions for the gnd tests: what happens on chain (through the
// model in model.ts, which emits the contracts' events with exact integers) and
// what the subgraph must answer. SPEC.md §6 numbers are written out literally
// and checked against the model, so neither can drift silently.
import {
  Chain,
  decimalText,
  Feed,
  mulDivCeil,
  Pool,
  ratioText,
  units,
  wad,
  WAD,
  ZERO_ADDRESS,
  type MarketState,
  type PoolParams,
  type PositionState,
  type TestBlock,
} from './model.ts';

export interface Assertion {
  query: string;
  expected: unknown;
}
export interface Scenario {
  file: string;
  name: string;
  blocks: TestBlock[];
  assertions: Assertion[];
}

// ------------------------------------------------------------------ fixtures

const addr = (prefix: string, n: number) => '0x' + prefix + n.toString(16).padStart(40 - prefix.length, '0');
/** bytes32 market id: the index name in ASCII, right-padded (the contracts take any bytes32). */
const marketId = (name: string) => '0x' + Buffer.from(name, 'ascii').toString('hex').padEnd(64, '0');

export const FACTORY = addr('fac7', 1);
const FEED = addr('feed', 1);
const FEED2 = addr('feed', 2);
const FEED3 = addr('feed', 3);
const GOVERNOR = addr('90', 1);
const TREASURY = addr('7e', 1);
const CREATOR = addr('c7', 1);
const KEEPER = addr('4ee9', 1);
const PRICE_KEEPER = addr('4ee9', 2);
const SIGNER = addr('5191', 1);
const PASS_NFT = addr('9a55', 1);
const ALICE = addr('a11ce', 1);
const BOB = addr('b0b', 1);
const CAROL = addr('ca201', 1);
const DAVE = addr('da5e', 1);
const INVITER = addr('1417e', 1);
const NEUTRAL = addr('7e07', 1);

const BTC = marketId('BTC/USD');
const ETH = marketId('ETH/USD');
const BNB = marketId('BNB/USD');

function poolAddress(n: number) {
  return addr('9001', n);
}
function tokens(n: number) {
  return { settlementToken: addr('5e77', n), zToken: addr('2070', n) };
}

const BASE_PARAMS: PoolParams = {
  governor: GOVERNOR,
  protocolFeeRecipient: TREASURY,
  passNft: ZERO_ADDRESS,
  mintFeeBps: 0,
  redeemFeeBps: 0,
  openFeeBps: 0,
  closeFeeBps: 0,
  protocolShareBps: 0,
  referralRebateBps: 0,
  passDiscountBps: 0,
  liquidityLock: 0,
  liquidationThresholdBps: 10_000,
  keeperRewardBps: 0,
  fundingEnabled: false,
  fundingFactorPerHour: 0n,
  maxFundingRatePerHour: 0n,
};

/** Throws when the model disagrees with a number written in SPEC.md. */
function spec(label: string, actual: bigint | string, expected: bigint | string): void {
  if (actual !== expected) throw new Error(`SPEC check "${label}": model gives ${actual}, SPEC.md says ${expected}`);
}

// ------------------------------------------------------------------ assertions

const s = (v: bigint) => v.toString();
const positionEntityId = (pool: Pool, id: bigint) => pool.address + id.toString(16).padStart(64, '0');
const marketEntityId = (pool: Pool, id: string) => pool.address + id.slice(2);
const blockArg = (block?: number) => (block === undefined ? '' : `, block: { number: ${block} }`);
/** GraphQL selection set of an expected result: nested objects (and lists of them) select their own fields. */
function selection(expected: Record<string, unknown>): string {
  return Object.entries(expected)
    .map(([key, value]) => {
      const inner = Array.isArray(value) ? value[0] : value;
      return inner !== null && typeof inner === 'object' ? `${key} { ${selection(inner as Record<string, unknown>)} }` : key;
    })
    .join(' ');
}

class Test {
  readonly chain = new Chain();
  readonly assertions: Assertion[] = [];
  constructor(
    readonly file: string,
    readonly name: string,
  ) {}

  feed(address = FEED): Feed {
    return new Feed(this.chain, address);
  }

  /** A pool created through the factory's PoolCreated in the current block. */
  pool(n: number, feed: Feed, decimals: number, symbol: string, markets: [string, number][], params: Partial<PoolParams> = {}, initialSwapRate = WAD): Pool {
    const pool = new Pool(this.chain, poolAddress(n), feed, decimals, { ...BASE_PARAMS, ...params }, initialSwapRate);
    pool.create(FACTORY, { ...tokens(n), creator: CREATOR, name: `z${symbol}`, symbol: `z${symbol}`, markets });
    return pool;
  }

  expect(query: string, expected: unknown): void {
    this.assertions.push({ query, expected });
  }

  /** The pool's state as the model has it now, queried at the current block (time travel: prune is never). */
  expectPool(pool: Pool, extra: Record<string, unknown> = {}, block: number | undefined = this.chain.number): void {
    const floating = pool.floating();
    let oiLong = 0n;
    let oiShort = 0n;
    for (const m of pool.markets.values()) {
      const o = pool.open(m);
      oiLong += o.x1;
      oiShort += o.y1;
    }
    const rate = pool.rate(floating);
    const expected: Record<string, unknown> = {
      settlementBalance: s(pool.balance),
      zTokenSupply: s(pool.supply),
      floatingPnl: s(floating),
      swapRateWad: s(rate),
      swapRate: decimalText(rate),
      openInterestLong: s(oiLong),
      openInterestShort: s(oiShort),
      ...extra,
    };
    this.expect(`{ pool(id: "${pool.address}"${blockArg(block)}) { ${selection(expected)} } }`, { pool: expected });
  }

  /** One market's running sums, open amounts, average entry prices and unrealised PnL. */
  expectMarket(pool: Pool, id: string, extra: Record<string, unknown> = {}, block: number | undefined = this.chain.number): void {
    const m: MarketState = pool.market(id);
    const o = pool.open(m);
    const u = pool.unrealised(m);
    const price = pool.feed.prices.get(id);
    const expected: Record<string, unknown> = {
      sumA1: s(m.sumA1),
      sumB1: s(m.sumB1),
      sumC1: s(m.sumC1),
      sumD1: s(m.sumD1),
      sumA2: s(m.sumA2),
      sumB2: s(m.sumB2),
      sumC2: s(m.sumC2),
      sumD2: s(m.sumD2),
      x1: s(o.x1),
      x2: s(o.x2),
      y1: s(o.y1),
      y2: s(o.y2),
      averageEntryPriceLong: o.x2 === 0n ? null : ratioText(o.x1, o.x2),
      averageEntryPriceShort: o.y2 === 0n ? null : ratioText(o.y1, o.y2),
      latestPrice: price === undefined ? null : s(price),
      unrealisedPnlLong: s(u.long),
      unrealisedPnlShort: s(u.short),
      unrealisedPnl: s(u.total),
      ...extra,
    };
    this.expect(`{ market(id: "${marketEntityId(pool, id)}"${blockArg(block)}) { ${selection(expected)} } }`, { market: expected });
  }

  expectPosition(pool: Pool, id: bigint, fields: Record<string, unknown>, block: number | undefined = this.chain.number): void {
    this.expect(`{ position(id: "${positionEntityId(pool, id)}"${blockArg(block)}) { ${selection(fields)} } }`, { position: fields });
  }

  toScenario(): Scenario {
    return { file: this.file, name: this.name, blocks: this.chain.blocks, assertions: this.assertions };
  }
}

function describeParams(p: PoolParams): string {
  return (
    `fees mint/redeem/open/close ${p.mintFeeBps}/${p.redeemFeeBps}/${p.openFeeBps}/${p.closeFeeBps} bps, protocol share ${p.protocolShareBps}` +
    ` bps, referral rebate ${p.referralRebateBps} bps, pass discount ${p.passDiscountBps} bps, lock ${p.liquidityLock}` +
    ` s, liquidation ${p.liquidationThresholdBps} bps, keeper reward ${p.keeperRewardBps} bps, funding ${p.fundingEnabled ? 'on' : 'off'}`
  );
}

function paramFields(p: PoolParams): Record<string, unknown> {
  return {
    governor: p.governor,
    protocolFeeRecipient: p.protocolFeeRecipient,
    passNft: p.passNft,
    mintFeeBps: p.mintFeeBps,
    redeemFeeBps: p.redeemFeeBps,
    openFeeBps: p.openFeeBps,
    closeFeeBps: p.closeFeeBps,
    protocolShareBps: p.protocolShareBps,
    referralRebateBps: p.referralRebateBps,
    passDiscountBps: p.passDiscountBps,
    liquidityLock: String(p.liquidityLock),
    liquidationThresholdBps: p.liquidationThresholdBps,
    keeperRewardBps: p.keeperRewardBps,
    fundingEnabled: p.fundingEnabled,
    fundingFactorPerHour: s(p.fundingFactorPerHour),
    maxFundingRatePerHour: s(p.maxFundingRatePerHour),
  };
}

// ------------------------------------------------------------------ scenarios

/** PoolCreated (6 and 18 decimals, markets, params tuple) and every governance event. */
function poolsAndGovernance(): Scenario {
  const t = new Test('pools-and-governance', 'PoolCreated, ParamsUpdated, PausedUpdated, PriceSignerUpdated, MarketUpdated, MarketConfigured');
  const feed = t.feed();
  t.chain.next();
  const usdcParams: Partial<PoolParams> = { mintFeeBps: 10, redeemFeeBps: 20, openFeeBps: 30, closeFeeBps: 40, protocolShareBps: 2000, referralRebateBps: 1000, passDiscountBps: 2500, passNft: PASS_NFT, liquidityLock: 86_400, liquidationThresholdBps: 9000, keeperRewardBps: 100, fundingEnabled: true, fundingFactorPerHour: 10n ** 14n, maxFundingRatePerHour: 10n ** 16n };
  const usdc = t.pool(1, feed, 6, 'USDC', [[BTC, 200], [ETH, 100]], usdcParams);
  const createdBlock = t.chain.number;
  const createdAt = t.chain.timestamp;
  const wbnb = t.pool(2, feed, 18, 'WBNB', [[BNB, 50], [BTC, 20]], {}, wad('0.5'));

  t.chain.next();
  feed.configure(BTC, 3600);
  feed.configure(ETH, 600);
  feed.update(BTC, wad(100_000), PRICE_KEEPER);

  t.chain.next();
  const newParams: PoolParams = { ...usdc.params, mintFeeBps: 5, redeemFeeBps: 5, openFeeBps: 8, closeFeeBps: 8, protocolShareBps: 0, referralRebateBps: 500, passDiscountBps: 0, passNft: ZERO_ADDRESS, liquidityLock: 0, fundingEnabled: false, governor: addr('90', 2) };
  usdc.setParams(newParams);
  usdc.setPaused(true);
  usdc.setPriceSigner(SIGNER, true);
  usdc.setMarket(ETH, 50, false); // an existing market changed
  usdc.setMarket(BNB, 25, true); // a market listed after creation
  const governanceBlock = t.chain.number;
  const ts = t.chain.timestamp;

  t.chain.next();
  usdc.setPaused(false);
  usdc.setPriceSigner(SIGNER, false);
  usdc.setMarket(BTC, 150, true);
  feed.update(BNB, wad(600), PRICE_KEEPER);

  t.expect(`{ protocol(id: "${FACTORY}") { poolCount traderCount positionCount depositCount } }`, { protocol: { poolCount: 2, traderCount: 0, positionCount: 0, depositCount: 0 } });
  // The pool as created: every PoolCreated field and the params tuple.
  t.expect(
    `{ pool(id: "${usdc.address}", block: { number: ${createdBlock} }) { protocol { id } creator settlementToken settlementDecimals zToken zTokenName zTokenSymbol priceFeed { id } initialSwapRate ${Object.keys(paramFields(usdc.params)).join(' ')} paused settlementBalance zTokenSupply swapRateWad swapRate createdAtBlock createdAtTimestamp } }`,
    {
      pool: {
        protocol: { id: FACTORY },
        creator: CREATOR,
        ...tokens(1),
        settlementDecimals: 6,
        zTokenName: 'zUSDC',
        zTokenSymbol: 'zUSDC',
        priceFeed: { id: FEED },
        initialSwapRate: s(WAD),
        ...paramFields({ ...BASE_PARAMS, ...usdcParams }),
        paused: false,
        settlementBalance: '0',
        zTokenSupply: '0',
        swapRateWad: s(WAD),
        swapRate: '1',
        createdAtBlock: String(createdBlock),
        createdAtTimestamp: String(createdAt),
      },
    },
  );
  t.expect(`{ pool(id: "${wbnb.address}") { settlementDecimals zTokenSymbol initialSwapRate swapRateWad swapRate ${Object.keys(paramFields(wbnb.params)).join(' ')} markets(orderBy: maxLeverage) { marketId maxLeverage enabled latestPrice indexMarket { id } } } }`, {
    pool: {
      settlementDecimals: 18,
      zTokenSymbol: 'zWBNB',
      initialSwapRate: s(wad('0.5')),
      swapRateWad: s(wad('0.5')),
      swapRate: '0.5',
      ...paramFields(wbnb.params),
      markets: [
        { marketId: BTC, maxLeverage: 20, enabled: true, latestPrice: s(wad(100_000)), indexMarket: { id: FEED + BTC.slice(2) } },
        { marketId: BNB, maxLeverage: 50, enabled: true, latestPrice: s(wad(600)), indexMarket: { id: FEED + BNB.slice(2) } },
      ],
    },
  });
  // After the governance changes: new params, unpaused again, markets changed and listed.
  t.expect(`{ pool(id: "${usdc.address}") { ${Object.keys(paramFields(newParams)).join(' ')} paused markets(orderBy: maxLeverage) { marketId maxLeverage enabled latestPrice } } }`, {
    pool: {
      ...paramFields(newParams),
      paused: false,
      markets: [
        { marketId: BNB, maxLeverage: 25, enabled: true, latestPrice: s(wad(600)) },
        { marketId: ETH, maxLeverage: 50, enabled: false, latestPrice: null },
        { marketId: BTC, maxLeverage: 150, enabled: true, latestPrice: s(wad(100_000)) },
      ],
    },
  });
  t.expect(`{ pool(id: "${usdc.address}", block: { number: ${governanceBlock} }) { paused markets(orderBy: maxLeverage) { marketId maxLeverage enabled latestPrice } } }`, {
    pool: {
      paused: true,
      markets: [
        { marketId: BNB, maxLeverage: 25, enabled: true, latestPrice: null },
        { marketId: ETH, maxLeverage: 50, enabled: false, latestPrice: null },
        { marketId: BTC, maxLeverage: 200, enabled: true, latestPrice: s(wad(100_000)) },
      ],
    },
  });
  t.expect(`{ parameterChanges(where: { pool: "${usdc.address}" }, orderBy: timestamp) { kind description timestamp } }`, {
    parameterChanges: [
      { kind: 'PARAMS', description: describeParams(newParams), timestamp: String(ts) },
      { kind: 'PAUSED', description: 'paused', timestamp: String(ts) },
      { kind: 'PRICE_SIGNER', description: `${SIGNER} authorised`, timestamp: String(ts) },
      { kind: 'MARKET', description: `${ETH} max leverage 50, disabled`, timestamp: String(ts) },
      { kind: 'MARKET', description: `${BNB} max leverage 25, enabled`, timestamp: String(ts) },
      { kind: 'PAUSED', description: 'unpaused', timestamp: String(ts + 15) },
      { kind: 'PRICE_SIGNER', description: `${SIGNER} revoked`, timestamp: String(ts + 15) },
      { kind: 'MARKET', description: `${BTC} max leverage 150, enabled`, timestamp: String(ts + 15) },
    ],
  });
  t.expect(`{ parameterChanges(where: { pool: "${wbnb.address}" }) { kind } }`, { parameterChanges: [] });
  // One feed shared by both pools, indexed once; its indexes with their configuration and prices.
  t.expect(`{ priceFeeds { id indexMarkets(orderBy: marketId) { marketId maxPriceAge latestPrice latestPriceUpdatedAt priceUpdateCount markets(orderBy: id) { pool { id } } } } }`, {
    priceFeeds: [
      {
        id: FEED,
        indexMarkets: [
          { marketId: BNB, maxPriceAge: null, latestPrice: s(wad(600)), latestPriceUpdatedAt: String(ts + 15), priceUpdateCount: 1, markets: [{ pool: { id: usdc.address } }, { pool: { id: wbnb.address } }] },
          { marketId: BTC, maxPriceAge: 3600, latestPrice: s(wad(100_000)), latestPriceUpdatedAt: String(ts - 15), priceUpdateCount: 1, markets: [{ pool: { id: usdc.address } }, { pool: { id: wbnb.address } }] },
          { marketId: ETH, maxPriceAge: 600, latestPrice: null, latestPriceUpdatedAt: null, priceUpdateCount: 0, markets: [{ pool: { id: usdc.address } }] },
        ],
      },
    ],
  });
  // Prices without open positions change no rate.
  t.expectPool(usdc, { lastUpdatedBlock: String(createdBlock) });
  return t.toScenario();
}

/** Deposit and Redeem on a 6-decimal and an 18-decimal pool, with fees, a lock and a non-1:1 initial rate. */
function liquidity(): Scenario {
  const t = new Test('liquidity', 'Deposit and Redeem: 6- and 18-decimal settlement tokens, mint/redeem fees, liquidity lock');
  const feed = t.feed();
  t.chain.next();
  const usdc = t.pool(1, feed, 6, 'USDC', [[BTC, 100]], { mintFeeBps: 10, redeemFeeBps: 30, liquidityLock: 3600 });
  const wbnb = t.pool(2, feed, 18, 'WBNB', [[BNB, 50]], {}, wad('0.5'));

  t.chain.next();
  const aliceMinted = usdc.deposit(ALICE, units(1000, 6));
  const depositTs = t.chain.timestamp;
  spec('1000 USDC less a 10 bps mint fee at 1:1', aliceMinted, wad(999));
  wbnb.deposit(BOB, wad(3)); // 3 WBNB at 0.5 WBNB per zWBNB = 6 zWBNB
  spec('3 WBNB at 0.5', wbnb.supply, wad(6));
  t.expectPool(usdc);
  t.expectPool(wbnb);

  t.chain.next();
  const bobMinted = usdc.deposit(BOB, units('250.5', 6)); // mints at the rate the first fee raised
  t.expectPool(usdc);

  t.chain.next();
  const out = usdc.redeem(ALICE, wad(400));
  wbnb.redeem(BOB, wad('1.5'));
  t.expectPool(usdc, { depositCount: 2, redeemCount: 1, cumulativeDepositAmount: s(units(1000, 6) + units('250.5', 6)), cumulativeRedeemAmount: s(out), cumulativeMintFees: s(units(1, 6) + 250_500n), lastUpdatedBlock: String(t.chain.number) });
  t.expectPool(wbnb, { depositCount: 1, redeemCount: 1 });

  t.expect(`{ protocol(id: "${FACTORY}") { poolCount depositCount redeemCount traderCount } }`, { protocol: { poolCount: 2, depositCount: 3, redeemCount: 2, traderCount: 0 } });
  t.expect(`{ liquidityEvents(where: { pool: "${usdc.address}" }, orderBy: blockNumber) { kind account settlementAmount fee zTokenAmount unlockTime } }`, {
    liquidityEvents: [
      { kind: 'DEPOSIT', account: ALICE, settlementAmount: s(units(1000, 6)), fee: s(units(1, 6)), zTokenAmount: s(aliceMinted), unlockTime: String(depositTs + 3600) },
      { kind: 'DEPOSIT', account: BOB, settlementAmount: s(units('250.5', 6)), fee: '250500', zTokenAmount: s(bobMinted), unlockTime: String(depositTs + 15 + 3600) },
      { kind: 'REDEEM', account: ALICE, settlementAmount: s(out), fee: s(usdcRedeemFee(out)), zTokenAmount: s(wad(400)), unlockTime: null },
    ],
  });
  t.expect(`{ liquidityEvents(where: { pool: "${wbnb.address}" }, orderBy: blockNumber) { kind account settlementAmount fee zTokenAmount swapRateWad unlockTime } }`, {
    liquidityEvents: [
      { kind: 'DEPOSIT', account: BOB, settlementAmount: s(wad(3)), fee: '0', zTokenAmount: s(wad(6)), swapRateWad: s(wad('0.5')), unlockTime: '0' },
      { kind: 'REDEEM', account: BOB, settlementAmount: s(wad('0.75')), fee: '0', zTokenAmount: s(wad('1.5')), swapRateWad: s(wad('0.5')), unlockTime: null },
    ],
  });
  return t.toScenario();

  /** The redeem fee is what the gross amount lost: gross = out + fee with fee = ceil(gross·30/10⁴). */
  function usdcRedeemFee(amountOut: bigint): bigint {
    const ev = t.chain.blocks.flatMap((b) => b.events).find((e) => e.address === usdc.address && e.event.startsWith('Redeem('))!;
    if (ev.params.amountOut !== s(amountOut)) throw new Error('redeem event mismatch');
    return BigInt(ev.params.fee as string);
  }
}

/** Opens, fees with protocol share and referral rebate, partial and full closes, liquidation, funding, referrals. */
function trading(): Scenario {
  const t = new Test('trading', 'PositionOpened, FeeCharged, InviterBound, PositionClosed (partial, full), PositionLiquidated, FundingUpdated');
  const feed = t.feed();
  t.chain.next();
  const pool = t.pool(1, feed, 6, 'USDC', [[BTC, 100], [ETH, 50]], { openFeeBps: 10, closeFeeBps: 10, protocolShareBps: 2000, referralRebateBps: 1000, liquidationThresholdBps: 8000, keeperRewardBps: 500 });
  t.chain.next();
  feed.update(BTC, wad(50_000), PRICE_KEEPER);
  feed.update(ETH, wad(2_000), PRICE_KEEPER);

  t.chain.next();
  pool.deposit(ALICE, units(1_000, 6));
  pool.deposit(BOB, units(1_000, 6));
  pool.deposit(NEUTRAL, units(10_000, 6));
  pool.bindInviter(ALICE, INVITER);
  const boundAt = t.chain.timestamp;

  // Alice: 100 zUSDC 10x long BTC with an inviter; Bob: 50 zUSDC 20x short ETH without.
  t.chain.next();
  const supplyBefore = pool.supply;
  const a = pool.openPosition(ALICE, BTC, true, wad(100), 10, wad(50_000));
  // Open fee 1 (10 bps of 1000): protocol 0.2, rebate 0.1, burned 0.7.
  spec('open fee burn', supplyBefore - pool.supply, wad('0.7'));
  const b = pool.openPosition(BOB, ETH, false, wad(50), 20, wad(2_000));
  const openBlock = t.chain.number;
  t.expectPool(pool, { openPositionCount: 2, positionCount: 2, tradeCount: 2, cumulativeFees: s(wad(2)), cumulativeProtocolFees: s(wad('0.4')), cumulativeReferralRebates: s(wad('0.1')), cumulativeVolume: s(wad(2000)) });
  t.expectMarket(pool, BTC, { positionCount: 1, openPositionCount: 1, cumulativeFees: s(wad(1)) });
  t.expectMarket(pool, ETH);

  // BTC +4%, ETH +2%: Alice +40, Bob −20.
  t.chain.next();
  feed.update(BTC, wad(52_000), PRICE_KEEPER);
  feed.update(ETH, wad(2_040), PRICE_KEEPER);
  spec('floating +40 − 20', pool.floating(), wad(20));
  t.expectPool(pool);
  t.expectMarket(pool, BTC);
  t.expectMarket(pool, ETH);

  // Alice closes 40 of her 100 margin at 52,000: pnl +16, close fee 0.4 (protocol 0.08, rebate 0.04).
  t.chain.next();
  const c1 = pool.closePosition(a.id, wad(40), wad(52_000));
  spec('partial close pnl', c1.pnl, wad(16));
  spec('partial close payout', c1.payout, wad('55.6'));
  const partialBlock = t.chain.number;
  t.expectPool(pool);
  t.expectMarket(pool, BTC, { openPositionCount: 1 });
  t.expectPosition(pool, a.id, { status: 'OPEN', margin: s(wad(60)), notional: s(wad(600)), size: s(pool.positions.get(a.id)!.size), initialMargin: s(wad(100)), initialNotional: s(wad(1000)), realisedPnl: s(wad(16)), feesPaid: s(wad('1.4')), payout: s(wad('55.6')), closeCount: 1, closedAtBlock: null });

  // Funding event (funding itself is off in this pool): the market keeps the index and rate.
  t.chain.next();
  pool.fundingUpdated(ETH, -(10n ** 15n), 3n * 10n ** 9n, -(wad('0.05')));

  // Alice closes the rest at 51,000; Bob's short is liquidated at 2,082 (−41.0 ≥ 80% of 50).
  t.chain.next();
  feed.update(BTC, wad(51_000), PRICE_KEEPER);
  const c2 = pool.closePosition(a.id, wad(60), wad(51_000));
  feed.update(ETH, wad(2_082), PRICE_KEEPER);
  const liq = pool.liquidate(b.id, KEEPER);
  spec('liquidation pnl', liq.pnl, wad(-41));
  spec('keeper reward 5% of 50', liq.keeperReward, wad('2.5'));
  const endBlock = t.chain.number;
  t.expectPool(pool, { openPositionCount: 0, positionCount: 2, tradeCount: 5, liquidationCount: 1, cumulativeRealisedPnl: s(c1.pnl + c2.pnl + liq.pnl), cumulativeFees: s(wad(2) + c1.fee + c2.fee) });
  t.expectMarket(pool, BTC, { openPositionCount: 0, tradeCount: 3, cumulativeRealisedPnl: s(c1.pnl + c2.pnl) });
  t.expectMarket(pool, ETH, { openPositionCount: 0, liquidationCount: 1, fundingIndex: s(-(10n ** 15n)), fundingRatePerSecond: s(3n * 10n ** 9n) });
  t.expectPosition(pool, a.id, { status: 'CLOSED', margin: '0', notional: '0', size: '0', realisedPnl: s(c1.pnl + c2.pnl), feesPaid: s(wad(1) + c1.fee + c2.fee), payout: s(c1.payout + c2.payout), closeCount: 2, closedAtBlock: String(endBlock) });
  t.expectPosition(pool, b.id, { status: 'LIQUIDATED', margin: '0', notional: '0', size: '0', realisedPnl: s(liq.pnl), payout: '0', closedAtBlock: String(endBlock), trader: { id: BOB }, market: { marketId: ETH }, leverage: 20, isLong: false, entryPrice: s(wad(2000)) });
  t.expectPosition(pool, a.id, { status: 'OPEN', margin: s(wad(100)), size: s(a.size) }, openBlock);
  t.expect(`{ trades(where: { position: "${positionEntityId(pool, a.id)}" }, orderBy: blockNumber) { kind isLong margin notional size price pnl payout remainingMargin keeper keeperReward blockNumber } }`, {
    trades: [
      { kind: 'OPEN', isLong: true, margin: s(wad(100)), notional: s(wad(1000)), size: s(a.size), price: s(wad(50_000)), pnl: '0', payout: '0', remainingMargin: '0', keeper: null, keeperReward: null, blockNumber: String(openBlock) },
      { kind: 'CLOSE', isLong: true, margin: s(wad(40)), notional: s(wad(400)), size: s(c1.size), price: s(wad(52_000)), pnl: s(c1.pnl), payout: s(c1.payout), remainingMargin: s(wad(60)), keeper: null, keeperReward: null, blockNumber: String(partialBlock) },
      { kind: 'CLOSE', isLong: true, margin: s(wad(60)), notional: s(wad(600)), size: s(c2.size), price: s(wad(51_000)), pnl: s(c2.pnl), payout: s(c2.payout), remainingMargin: '0', keeper: null, keeperReward: null, blockNumber: String(endBlock) },
    ],
  });
  t.expect(`{ trades(where: { kind: LIQUIDATION }) { trader { id } isLong margin notional size price pnl payout keeper keeperReward } }`, {
    trades: [{ trader: { id: BOB }, isLong: false, margin: s(wad(50)), notional: s(wad(1000)), size: s(liq.size), price: s(wad(2_082)), pnl: s(liq.pnl), payout: '0', keeper: KEEPER, keeperReward: s(wad('2.5')) }],
  });
  t.expect(`{ feeCharges(orderBy: timestamp) { position { id } trader { id } inviter isOpen fee discount protocolFee referralRebate } }`, {
    feeCharges: [
      { position: { id: positionEntityId(pool, a.id) }, trader: { id: ALICE }, inviter: INVITER, isOpen: true, fee: s(wad(1)), discount: '0', protocolFee: s(wad('0.2')), referralRebate: s(wad('0.1')) },
      { position: { id: positionEntityId(pool, b.id) }, trader: { id: BOB }, inviter: null, isOpen: true, fee: s(wad(1)), discount: '0', protocolFee: s(wad('0.2')), referralRebate: '0' },
      { position: { id: positionEntityId(pool, a.id) }, trader: { id: ALICE }, inviter: INVITER, isOpen: false, fee: s(wad('0.4')), discount: '0', protocolFee: s(wad('0.08')), referralRebate: s(wad('0.04')) },
      { position: { id: positionEntityId(pool, a.id) }, trader: { id: ALICE }, inviter: INVITER, isOpen: false, fee: s(c2.fee), discount: '0', protocolFee: s((c2.fee * 2000n) / 10_000n), referralRebate: s((c2.fee * 1000n) / 10_000n) },
    ],
  });
  t.expect(`{ accounts(orderBy: id) { id tradeCount positionCount winCount lossCount liquidationCount cumulativeVolume cumulativeRealisedPnl cumulativeFees cumulativeReferralRebatesEarned firstSeenTimestamp } }`, {
    accounts: [
      { id: ALICE, tradeCount: 3, positionCount: 1, winCount: 2, lossCount: 0, liquidationCount: 0, cumulativeVolume: s(wad(2000)), cumulativeRealisedPnl: s(c1.pnl + c2.pnl), cumulativeFees: s(wad(1) + c1.fee + c2.fee), cumulativeReferralRebatesEarned: '0', firstSeenTimestamp: String(boundAt) },
      { id: BOB, tradeCount: 2, positionCount: 1, winCount: 0, lossCount: 1, liquidationCount: 1, cumulativeVolume: s(wad(2000)), cumulativeRealisedPnl: s(liq.pnl), cumulativeFees: s(wad(1)), cumulativeReferralRebatesEarned: '0', firstSeenTimestamp: String(boundAt + 15) },
      { id: INVITER, tradeCount: 0, positionCount: 0, winCount: 0, lossCount: 0, liquidationCount: 0, cumulativeVolume: '0', cumulativeRealisedPnl: '0', cumulativeFees: '0', cumulativeReferralRebatesEarned: s(wad('0.1') + wad('0.04') + (c2.fee * 1000n) / 10_000n), firstSeenTimestamp: String(boundAt + 15) },
    ].sort((x, y) => (x.id < y.id ? -1 : 1)),
  });
  t.expect(`{ referrals { pool { id } trader { id } inviter timestamp } }`, { referrals: [{ pool: { id: pool.address }, trader: { id: ALICE }, inviter: INVITER, timestamp: String(boundAt) }] });
  t.expect(`{ protocol(id: "${FACTORY}") { traderCount positionCount tradeCount liquidationCount depositCount } }`, { protocol: { traderCount: 2, positionCount: 2, tradeCount: 5, liquidationCount: 1, depositCount: 3 } });
  return t.toScenario();
}

/** IndexPriceUpdated revalues every pool market on that index of that feed, and only those. */
function multiPoolIndex(): Scenario {
  const t = new Test('multi-pool-index', 'IndexPriceUpdated revalues every pool market on the index: floating PnL, unrealised PnL, swap rate');
  const feed = t.feed(FEED);
  const other = t.feed(FEED2);
  t.chain.next();
  const p1 = t.pool(1, feed, 6, 'USDC', [[BTC, 100], [ETH, 100]]);
  const p2 = t.pool(2, feed, 18, 'WBNB', [[BTC, 50], [BNB, 50]]);
  const p3 = t.pool(3, other, 6, 'USDT', [[BTC, 100]]);
  const p4 = t.pool(4, feed, 6, 'DAI', [[BTC, 100]]); // no positions: its rate never moves
  t.chain.next();
  for (const f of [feed, other]) {
    f.update(BTC, wad(40_000), PRICE_KEEPER);
    f.update(ETH, wad(2_500), PRICE_KEEPER);
    f.update(BNB, wad(500), PRICE_KEEPER);
  }

  t.chain.next();
  p1.deposit(NEUTRAL, units(10_000, 6));
  p2.deposit(NEUTRAL, wad(20));
  p3.deposit(NEUTRAL, units(5_000, 6));
  p4.deposit(NEUTRAL, units(1_000, 6));
  p1.deposit(ALICE, units(1_000, 6));
  p2.deposit(BOB, wad(5));
  p3.deposit(CAROL, units(500, 6));

  t.chain.next();
  p1.openPosition(ALICE, BTC, true, wad(200), 5, wad(40_000));
  p1.openPosition(ALICE, ETH, false, wad(100), 10, wad(2_500));
  p2.openPosition(BOB, BTC, false, wad(2), 10, wad(40_000));
  p2.openPosition(BOB, BNB, true, wad(1), 20, wad(500));
  p3.openPosition(CAROL, BTC, true, wad(100), 20, wad(40_000));
  const p4Block = t.chain.number - 1;

  // BTC on the shared feed: p1 and p2 move, p3 (other feed) and p4 (nothing open) do not.
  t.chain.next();
  feed.update(BTC, wad(44_000), PRICE_KEEPER);
  for (const p of [p1, p2, p3]) t.expectPool(p, { lastUpdatedBlock: String(p === p3 ? t.chain.number - 1 : t.chain.number) });
  t.expectPool(p4, { lastUpdatedBlock: String(p4Block) });
  t.expectMarket(p1, BTC);
  t.expectMarket(p1, ETH);
  t.expectMarket(p2, BTC);
  t.expectMarket(p3, BTC, { latestPrice: s(wad(40_000)) });

  // ETH: only p1; BNB: only p2; BTC on the other feed: only p3.
  t.chain.next();
  feed.update(ETH, wad(2_250), PRICE_KEEPER);
  t.expectPool(p1);
  t.expectPool(p2, { lastUpdatedBlock: String(t.chain.number - 1) });
  t.chain.next();
  feed.update(BNB, wad(550), PRICE_KEEPER);
  other.update(BTC, wad(38_000), PRICE_KEEPER);
  t.expectPool(p1, { lastUpdatedBlock: String(t.chain.number - 1) });
  t.expectPool(p2);
  t.expectPool(p3);
  t.expectMarket(p2, BNB);
  t.expectMarket(p3, BTC);
  t.expectMarket(p1, BTC, { latestPrice: s(wad(44_000)) });
  t.expectPool(p4, { lastUpdatedBlock: String(p4Block) });
  t.expect(`{ indexMarkets(where: { marketId: "${BTC}" }, orderBy: id) { feed { id } latestPrice priceUpdateCount } }`, {
    indexMarkets: [
      { feed: { id: FEED }, latestPrice: s(wad(44_000)), priceUpdateCount: 2 },
      { feed: { id: FEED2 }, latestPrice: s(wad(38_000)), priceUpdateCount: 2 },
    ],
  });
  return t.toScenario();
}

/** SPEC.md §6 A: the four index values, rates before settlement, then settlement at 9,000 and redemptions. */
function exampleA(): Scenario {
  const t = new Test('example-a', 'SPEC §6 A: rates 1.2 / 1.5 / 0.857142857142857142 / 0.75 from floating PnL, then settlement at 9,000');
  const feed = t.feed();
  t.chain.next();
  const pool = t.pool(1, feed, 6, 'USDC', [[BTC, 200]]);
  t.chain.next();
  feed.update(BTC, wad(10_000), PRICE_KEEPER);
  t.chain.next();
  pool.deposit(ALICE, units(100, 6));
  pool.deposit(BOB, units(200, 6));
  t.chain.next();
  const a = pool.openPosition(ALICE, BTC, true, wad(100), 10, wad(10_000));
  const b = pool.openPosition(BOB, BTC, false, wad(200), 10, wad(10_000));
  spec('A size 0.1 BTC', a.size, wad('0.1'));
  spec('B size 0.2 BTC', b.size, wad('0.2'));
  t.expectPool(pool, { swapRate: '1' });
  t.expectMarket(pool, BTC, { averageEntryPriceLong: '10000', averageEntryPriceShort: '10000' });

  const steps: [number, string, bigint, bigint][] = [
    [10_500, '1.2', wad(50), wad(-100)],
    [11_000, '1.5', wad(100), wad(-200)],
    [9_500, '0.857142857142857142', wad(-50), wad(100)],
    [9_000, '0.75', wad(-100), wad(200)],
  ];
  for (const [index, rate, aPnl, bPnl] of steps) {
    t.chain.next();
    feed.update(BTC, wad(index), PRICE_KEEPER);
    const m = pool.market(BTC);
    spec(`A pnl at ${index}`, pool.unrealised(m).long, aPnl);
    spec(`B pnl at ${index}`, pool.unrealised(m).short, bPnl);
    spec(`rate at ${index}`, decimalText(pool.rate()), rate);
    t.expectPool(pool, { swapRate: rate, floatingPnl: s(aPnl + bPnl) });
    t.expectMarket(pool, BTC, { unrealisedPnlLong: s(aPnl), unrealisedPnlShort: s(bPnl) });
  }

  // Settlement at 9,000: A is liquidated (−100), B closes with +200.
  t.chain.next();
  pool.liquidate(a.id, KEEPER);
  const close = pool.closePosition(b.id, wad(200), wad(9_000));
  spec('B payout', close.payout, wad(400));
  spec('supply after settlement', pool.supply, wad(400));
  t.expectPool(pool, { swapRate: '0.75', swapRateWad: '750000000000000000', zTokenSupply: s(wad(400)), floatingPnl: '0' });
  t.expectMarket(pool, BTC, { x1: '0', y1: '0' });
  t.chain.next();
  const out = pool.redeem(BOB, wad(400));
  spec('B value at 9,000', out, units(300, 6));
  t.expectPool(pool, { settlementBalance: '0', zTokenSupply: '0', swapRate: '1' });
  t.expect(`{ positions(orderBy: isLong) { isLong status realisedPnl payout } }`, {
    positions: [
      { isLong: false, status: 'CLOSED', realisedPnl: s(wad(200)), payout: s(wad(400)) },
      { isLong: true, status: 'LIQUIDATED', realisedPnl: s(wad(-100)), payout: '0' },
    ],
  });
  return t.toScenario();
}

/** SPEC.md §6 A settled at 10,500, 11,000 and 9,500 (three pools on three feeds) with A's and B's values. */
function exampleASettlement(): Scenario {
  const t = new Test('example-a-settlement', 'SPEC §6 A: settlement and redemption at 10,500, 11,000 (B liquidated) and 9,500');
  const rows: { index: number; rate: string; supply: number; aValue: bigint; bValue: bigint; bLiquidated: boolean }[] = [
    { index: 10_500, rate: '1.2', supply: 250, aValue: units(180, 6), bValue: units(120, 6), bLiquidated: false },
    { index: 11_000, rate: '1.5', supply: 200, aValue: units(300, 6), bValue: 0n, bLiquidated: true },
    { index: 9_500, rate: '0.857142857142857142', supply: 350, aValue: units('42.857142', 6), bValue: units('257.142858', 6), bLiquidated: false },
  ];
  const feeds = [t.feed(FEED), t.feed(FEED2), t.feed(FEED3)];
  t.chain.next();
  const pools = rows.map((_, i) => t.pool(i + 1, feeds[i]!, 6, `USD${i + 1}`, [[BTC, 200]]));
  t.chain.next();
  for (const f of feeds) f.update(BTC, wad(10_000), PRICE_KEEPER);
  t.chain.next();
  for (const p of pools) {
    p.deposit(ALICE, units(100, 6));
    p.deposit(BOB, units(200, 6));
  }
  t.chain.next();
  const positions = pools.map((p) => [p.openPosition(ALICE, BTC, true, wad(100), 10, wad(10_000)), p.openPosition(BOB, BTC, false, wad(200), 10, wad(10_000))] as [PositionState, PositionState]);
  t.chain.next();
  rows.forEach((r, i) => feeds[i]!.update(BTC, wad(r.index), PRICE_KEEPER));
  rows.forEach((r, i) => t.expectPool(pools[i]!, { swapRate: r.rate }));
  t.chain.next();
  rows.forEach((r, i) => {
    const p = pools[i]!;
    const [a, b] = positions[i]!;
    p.closePosition(a.id, wad(100), wad(r.index));
    if (r.bLiquidated) p.liquidate(b.id, KEEPER);
    else p.closePosition(b.id, wad(200), wad(r.index));
    spec(`supply after settlement at ${r.index}`, p.supply, wad(r.supply));
    spec(`rate after settlement at ${r.index}`, decimalText(p.rate()), r.rate);
  });
  rows.forEach((r, i) => t.expectPool(pools[i]!, { swapRate: r.rate, zTokenSupply: s(wad(r.supply)) }));
  t.chain.next();
  rows.forEach((r, i) => {
    const p = pools[i]!;
    const aOut = p.redeem(ALICE, p.balances.get(ALICE)!);
    spec(`A value at ${r.index}`, aOut, r.aValue);
    const bZ = p.balances.get(BOB)!;
    const bOut = bZ === 0n ? 0n : p.redeem(BOB, bZ);
    spec(`B value at ${r.index}`, bOut, r.bValue);
  });
  rows.forEach((r, i) => {
    const p = pools[i]!;
    t.expect(`{ liquidityEvents(where: { pool: "${p.address}", kind: REDEEM }, orderBy: account) { account settlementAmount } }`, {
      liquidityEvents: [
        { account: ALICE, settlementAmount: s(r.aValue) },
        ...(r.bValue === 0n ? [] : [{ account: BOB, settlementAmount: s(r.bValue) }]),
      ].sort((x, y) => (x.account < y.account ? -1 : 1)),
    });
    t.expectPool(p, { settlementBalance: '0', zTokenSupply: '0' });
  });
  return t.toScenario();
}

/** SPEC.md §6 B (Zeepr case 1, here in an 18-decimal pool) and C (case 2, 6 decimals: Bob a neutral staker). */
function examplesBC(): Scenario {
  const t = new Test('examples-b-c', 'SPEC §6 B and C: both trade (rate 1.2) vs Bob holds (rate 0.857142857142857142)');
  const feed = t.feed();
  t.chain.next();
  const b = t.pool(1, feed, 18, 'WBNB', [[ETH, 100]]);
  const c = t.pool(2, feed, 6, 'USDC', [[ETH, 100]]);
  t.chain.next();
  feed.update(ETH, wad(2_000), PRICE_KEEPER);
  t.chain.next();
  b.deposit(ALICE, wad(1000));
  b.deposit(BOB, wad(2000));
  c.deposit(ALICE, units(1000, 6));
  c.deposit(BOB, units(2000, 6));
  t.chain.next();
  const ba = b.openPosition(ALICE, ETH, true, wad(1000), 10, wad(2_000));
  const bb = b.openPosition(BOB, ETH, false, wad(2000), 10, wad(2_000));
  const ca = c.openPosition(ALICE, ETH, true, wad(1000), 10, wad(2_000));
  t.chain.next();
  feed.update(ETH, wad(2_100), PRICE_KEEPER); // +5%
  spec('B rate before closing', decimalText(b.rate()), '1.2');
  spec('C rate before closing', decimalText(c.rate()), '0.857142857142857142');
  t.expectPool(b, { swapRate: '1.2', floatingPnl: s(wad(500 - 1000)) });
  t.expectPool(c, { swapRate: '0.857142857142857142', floatingPnl: s(wad(500)) });
  t.chain.next();
  spec('Alice gets 1500', b.closePosition(ba.id, wad(1000), wad(2_100)).payout, wad(1500));
  spec('Bob gets 1000', b.closePosition(bb.id, wad(2000), wad(2_100)).payout, wad(1000));
  spec('C Alice gets 1500', c.closePosition(ca.id, wad(1000), wad(2_100)).payout, wad(1500));
  spec('B supply', b.supply, wad(2500));
  spec('C supply', c.supply, wad(3500));
  t.expectPool(b, { swapRate: '1.2', zTokenSupply: s(wad(2500)) });
  t.expectPool(c, { swapRate: '0.857142857142857142', zTokenSupply: s(wad(3500)) });
  t.chain.next();
  spec('B Alice redeems 1800', b.redeem(ALICE, wad(1500)), wad(1800));
  spec('B Bob redeems 1200', b.redeem(BOB, wad(1000)), wad(1200));
  spec('C Alice redeems 1285.714285', c.redeem(ALICE, wad(1500)), units('1285.714285', 6));
  spec('C Bob redeems 1714.285715', c.redeem(BOB, wad(2000)), units('1714.285715', 6));
  for (const [p, aOut, bOut] of [
    [b, wad(1800), wad(1200)],
    [c, units('1285.714285', 6), units('1714.285715', 6)],
  ] as const) {
    t.expect(`{ liquidityEvents(where: { pool: "${p.address}", kind: REDEEM }, orderBy: account) { account zTokenAmount settlementAmount } }`, {
      liquidityEvents: [
        { account: ALICE, zTokenAmount: s(wad(1500)), settlementAmount: s(aOut) },
        { account: BOB, zTokenAmount: s(p === b ? wad(1000) : wad(2000)), settlementAmount: s(bOut) },
      ].sort((x, y) => (x.account < y.account ? -1 : 1)),
    });
    t.expectPool(p, { settlementBalance: '0', zTokenSupply: '0' });
  }
  return t.toScenario();
}

/** SPEC.md §6 D (neutral stakers dampen the rate) and E (floating PnL). */
function examplesDE(): Scenario {
  const t = new Test('examples-d-e', 'SPEC §6 D: 50,300/50,400 and 50,300/51,300; E: 100/200 = 0.5');
  const feed = t.feed();
  t.chain.next();
  const d1 = t.pool(1, feed, 6, 'USDC', [[BTC, 200]]);
  const d10 = t.pool(2, feed, 6, 'USDT', [[BTC, 200]]);
  const e = t.pool(3, feed, 6, 'DAI', [[ETH, 200]]);
  t.chain.next();
  feed.update(BTC, wad(10_000), PRICE_KEEPER);
  feed.update(ETH, wad(1_000), PRICE_KEEPER);
  t.chain.next();
  d1.deposit(ALICE, units(100, 6));
  d1.deposit(BOB, units(200, 6));
  d1.deposit(NEUTRAL, units(50_000, 6));
  d10.deposit(ALICE, units(1_000, 6));
  d10.deposit(BOB, units(2_000, 6));
  d10.deposit(NEUTRAL, units(47_300, 6));
  e.deposit(ALICE, units(100, 6));
  t.chain.next();
  d1.openPosition(ALICE, BTC, true, wad(100), 10, wad(10_000));
  d1.openPosition(BOB, BTC, false, wad(200), 10, wad(10_000));
  d10.openPosition(ALICE, BTC, true, wad(1_000), 10, wad(10_000));
  d10.openPosition(BOB, BTC, false, wad(2_000), 10, wad(10_000));
  e.openPosition(ALICE, ETH, true, wad(100), 10, wad(1_000));
  t.chain.next();
  feed.update(BTC, wad(9_000), PRICE_KEEPER);
  feed.update(ETH, wad(1_100), PRICE_KEEPER);
  spec('D rate 50,300/50,400', d1.rate(), (wad(50_300) * WAD) / wad(50_400));
  spec('D rate text', decimalText(d1.rate()), '0.998015873015873015');
  spec('D×10 rate 50,300/51,300', decimalText(d10.rate()), '0.980506822612085769');
  spec('E floating', e.floating(), wad(100));
  spec('E rate', decimalText(e.rate()), '0.5');
  t.expectPool(d1, { swapRate: '0.998015873015873015', floatingPnl: s(wad(100)) });
  t.expectPool(d10, { swapRate: '0.980506822612085769', floatingPnl: s(wad(1000)) });
  t.expectPool(e, { swapRate: '0.5', floatingPnl: s(wad(100)), settlementBalance: s(units(100, 6)), zTokenSupply: s(wad(100)) });
  t.expectMarket(e, ETH, { unrealisedPnlLong: s(wad(100)) });
  return t.toScenario();
}

/** The contracts' rounding to the unit: sizes, values, partial closes and the rate. */
function rounding(): Scenario {
  const t = new Test('rounding', 'Rounding: long size/value floor, short size/value ceil, partial closes against the trader, rate floor');
  const feed = t.feed();
  t.chain.next();
  const pool = t.pool(1, feed, 6, 'USDC', [[BTC, 100]]);
  const wbnb = t.pool(2, feed, 18, 'WBNB', [[BTC, 100]]);
  t.chain.next();
  feed.update(BTC, wad(30_000), PRICE_KEEPER);
  t.chain.next();
  pool.deposit(NEUTRAL, units(7_777, 6));
  pool.deposit(ALICE, units(100, 6));
  pool.deposit(BOB, units(100, 6));
  wbnb.deposit(NEUTRAL, wad('7.7'));
  wbnb.deposit(CAROL, wad(1));
  t.chain.next();
  const a = pool.openPosition(ALICE, BTC, true, wad(100), 10, wad(30_000));
  const b = pool.openPosition(BOB, BTC, false, wad(100), 10, wad(30_000));
  const c = wbnb.openPosition(CAROL, BTC, false, wad('0.31'), 7, wad(30_000));
  spec('long size floor(1000/30000)', a.size, 33_333_333_333_333_333n);
  spec('short size ceil(1000/30000)', b.size, 33_333_333_333_333_334n);
  t.expectPool(pool);
  t.expectMarket(pool, BTC);
  t.expectPosition(pool, a.id, { size: s(a.size), notional: s(wad(1000)), entryPrice: s(wad(30_000)) });
  t.expectPosition(pool, b.id, { size: s(b.size) });
  t.chain.next();
  feed.update(BTC, wad('31234.567890123456789'), PRICE_KEEPER);
  const m = pool.market(BTC);
  // Long value floor(x2·L), short value ceil(y2·L).
  spec('long pnl', pool.unrealised(m).long, (33_333_333_333_333_333n * wad('31234.567890123456789')) / WAD - wad(1000));
  spec('short pnl', pool.unrealised(m).short, wad(1000) - mulDivCeil(33_333_333_333_333_334n, wad('31234.567890123456789'), WAD));
  t.expectPool(pool);
  t.expectPool(wbnb);
  t.expectMarket(pool, BTC);
  t.expectMarket(wbnb, BTC);
  // Partial closes of a third: the closed size is what the rounded remainder leaves.
  t.chain.next();
  const ca = pool.closePosition(a.id, wad(100) / 3n, wad('31234.567890123456789'));
  const cb = pool.closePosition(b.id, wad(100) / 3n, wad('31234.567890123456789'));
  const cc = wbnb.closePosition(c.id, wad('0.1'), wad('31234.567890123456789'));
  t.expectPool(pool);
  t.expectPool(wbnb);
  t.expectMarket(pool, BTC);
  t.expectMarket(wbnb, BTC);
  t.expectPosition(pool, a.id, { margin: s(wad(100) - wad(100) / 3n), size: s(a.size - ca.size), realisedPnl: s(ca.pnl), status: 'OPEN' });
  t.expectPosition(pool, b.id, { margin: s(wad(100) - wad(100) / 3n), size: s(b.size - cb.size), realisedPnl: s(cb.pnl), status: 'OPEN' });
  t.expectPosition(wbnb, c.id, { size: s(c.size - cc.size), realisedPnl: s(cc.pnl) });
  t.chain.next();
  feed.update(BTC, wad(29_999), PRICE_KEEPER);
  pool.closePosition(a.id, wad(100) - wad(100) / 3n, wad(29_999));
  t.expectPool(pool);
  t.expectMarket(pool, BTC);
  t.expectMarket(wbnb, BTC);
  return t.toScenario();
}

export function scenarios(): Scenario[] {
  return [poolsAndGovernance(), liquidity(), trading(), multiPoolIndex(), exampleA(), exampleASettlement(), examplesBC(), examplesDE(), rounding()];
}
