// Runs the worked examples of scenarios.ts through the reference pool model
// and renders them in the golden file's format (format.ts). Pure: the CLI
// (generate.ts) writes or checks the file, tests compare it.
import { DEFAULT_CONFIG, MechanismError, NO_OUTCOME, PoolModel, type Outcome, type PoolConfig, type PoolView } from '../src/model.ts';
import { GOLDEN_FORMAT, GOLDEN_VERSION, type GoldenAction, type GoldenExample, type GoldenFile, type GoldenOutcome, type GoldenState, type GoldenStep } from './format.ts';

export interface ScenarioStep {
  id: string;
  action: GoldenAction;
  note: string;
  actor?: string;
  position?: string;
  market?: string;
  isLong?: boolean;
  amount?: bigint;
  leverage?: bigint;
  price?: bigint;
  duration?: bigint;
  /** The contract error the step must revert with. */
  reverts?: string;
}

export interface Scenario {
  name: string;
  title: string;
  source: string;
  pool: Partial<Omit<PoolConfig, 'markets'>>;
  markets: Array<{ name: string; maxLeverage: number }>;
  /** Every account the steps name (the protocol fee recipient is "protocol"), in the order the state lists them. */
  accounts: Array<{ name: string; inviter?: string; holdsPass?: boolean }>;
  steps: ScenarioStep[];
}

/** Unix time the examples' pools are created at. */
export const START_TIME = 1_700_000_000n;

const str = (v: bigint | number) => v.toString();

function apply(model: PoolModel, s: ScenarioStep): Outcome {
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`step ${s.id} (${s.action}) needs ${what}`);
    return v;
  };
  switch (s.action) {
    case 'deposit':
      return model.deposit(need(s.actor, 'actor'), need(s.amount, 'amount'));
    case 'redeem':
      return model.redeem(need(s.actor, 'actor'), need(s.amount, 'amount'));
    case 'price':
      return model.postPrice(need(s.market, 'market'), need(s.price, 'price'));
    case 'open':
      return model.open(need(s.actor, 'actor'), need(s.position, 'position'), need(s.market, 'market'), need(s.isLong, 'isLong'), need(s.amount, 'amount'), need(s.leverage, 'leverage'), need(s.price, 'price'));
    case 'close':
      return model.close(need(s.actor, 'actor'), need(s.position, 'position'), need(s.amount, 'amount'), need(s.price, 'price'));
    case 'liquidate':
      return model.liquidate(need(s.actor, 'actor'), need(s.position, 'position'));
    case 'advance':
      return model.advance(need(s.duration, 'duration'));
  }
}

function outcome(o: Outcome): GoldenOutcome {
  return {
    minted: str(o.minted),
    mintFee: str(o.mintFee),
    amountOut: str(o.amountOut),
    redeemFee: str(o.redeemFee),
    size: str(o.size),
    fundingIndex: str(o.fundingIndex),
    closedMargin: str(o.closedMargin),
    closedNotional: str(o.closedNotional),
    closedSize: str(o.closedSize),
    remainingMargin: str(o.remainingMargin),
    pnl: str(o.pnl),
    funding: str(o.funding),
    payout: str(o.payout),
    realisedPnl: str(o.realisedPnl),
    uncollectedLoss: str(o.uncollectedLoss),
    liquidationPenalty: str(o.liquidationPenalty),
    keeperReward: str(o.keeperReward),
    fee: str(o.fee.fee),
    feeDiscount: str(o.fee.discount),
    protocolFee: str(o.fee.protocolFee),
    referralRebate: str(o.fee.referralRebate),
    feeBurned: str(o.fee.burned),
  };
}

function state(v: PoolView, where: string): GoldenState {
  if (v.swapRate === null) throw new Error(`${where}: the swap rate is undefined; a worked example must keep it defined`);
  return {
    time: str(v.time),
    settlementBalance: str(v.settlementBalance),
    zTokenSupply: str(v.zTokenSupply),
    floatingPnl: str(v.floatingPnl),
    swapRate: str(v.swapRate),
    markets: v.markets.map((m) => ({
      name: m.name,
      price: str(m.price),
      sumA1: str(m.sumA1),
      sumB1: str(m.sumB1),
      sumC1: str(m.sumC1),
      sumD1: str(m.sumD1),
      sumA2: str(m.sumA2),
      sumB2: str(m.sumB2),
      sumC2: str(m.sumC2),
      sumD2: str(m.sumD2),
      x1: str(m.x1),
      x2: str(m.x2),
      y1: str(m.y1),
      y2: str(m.y2),
      longPnl: str(m.longPnl),
      shortPnl: str(m.shortPnl),
      averageEntryPriceLong: str(m.averageEntryPriceLong ?? 0n),
      averageEntryPriceShort: str(m.averageEntryPriceShort ?? 0n),
      fundingIndex: str(m.fundingIndex),
      fundingRatePerSecond: str(m.fundingRatePerSecond),
      balanceRate: str(m.balanceRate),
      longFundingBase: str(m.longFundingBase),
      shortFundingBase: str(m.shortFundingBase),
      longFundingOwed: str(m.longFundingOwed),
      shortFundingOwed: str(m.shortFundingOwed),
    })),
    positions: v.positions.map((p) => ({
      position: p.label,
      trader: p.trader,
      market: p.market,
      isLong: p.isLong,
      margin: str(p.margin),
      leverage: str(p.leverage),
      notional: str(p.notional),
      size: str(p.size),
      entryPrice: str(p.entryPrice),
      entryFundingIndex: str(p.entryFundingIndex),
      pnl: str(p.pnl),
      fundingOwed: str(p.fundingOwed),
      value: str(p.value),
      equity: str(p.equity),
      liquidationPrice: str(p.liquidationPrice ?? 0n),
      liquidatable: p.liquidatable,
      realisedPnl: str(p.realisedPnl),
    })),
    accounts: v.accounts.map((a) => {
      if (a.redeemValue === null) throw new Error(`${where}: ${a.name}'s redeem value is undefined`);
      return { name: a.name, zToken: str(a.zToken), settlement: str(a.settlement), redeemValue: str(a.redeemValue) };
    }),
  };
}

export function buildExample(sc: Scenario): GoldenExample {
  const config: PoolConfig = { ...DEFAULT_CONFIG, ...sc.pool, markets: sc.markets };
  const model = new PoolModel(config, START_TIME, Object.fromEntries(sc.accounts.map((a) => [a.name, { inviter: a.inviter, holdsPass: a.holdsPass }])));
  const names = sc.accounts.map((a) => a.name);
  const ids = new Set<string>();
  const steps: GoldenStep[] = sc.steps.map((s) => {
    const where = `${sc.name}/${s.id}`;
    if (ids.has(s.id)) throw new Error(`${where}: step id used twice`);
    ids.add(s.id);
    if (s.actor && !names.includes(s.actor)) throw new Error(`${where}: ${s.actor} is not among the example's accounts`);
    let o: Outcome;
    try {
      o = apply(model, s);
      if (s.reverts) throw new Error(`${where}: expected the revert ${s.reverts}, but the step succeeded`);
    } catch (e) {
      if (!(e instanceof MechanismError) || e.code !== s.reverts) throw e;
      o = NO_OUTCOME; // a reverted step changes nothing
    }
    return {
      id: s.id,
      action: s.action,
      note: s.note,
      actor: s.actor ?? '',
      position: s.position ?? '',
      market: s.market ?? '',
      isLong: s.isLong ?? false,
      amount: str(s.amount ?? 0n),
      leverage: str(s.leverage ?? 0n),
      price: str(s.price ?? 0n),
      duration: str(s.duration ?? 0n),
      reverts: s.reverts ?? '',
      outcome: outcome(o),
      state: state(model.view(names), where),
    };
  });
  return {
    name: sc.name,
    title: sc.title,
    source: sc.source,
    startTime: str(START_TIME),
    pool: {
      settlementDecimals: str(config.settlementDecimals),
      initialSwapRate: str(config.initialSwapRate),
      mintFeeBps: str(config.mintFeeBps),
      redeemFeeBps: str(config.redeemFeeBps),
      openFeeBps: str(config.openFeeBps),
      closeFeeBps: str(config.closeFeeBps),
      protocolShareBps: str(config.protocolShareBps),
      referralRebateBps: str(config.referralRebateBps),
      passDiscountBps: str(config.passDiscountBps),
      liquidationThresholdBps: str(config.liquidationThresholdBps),
      keeperRewardBps: str(config.keeperRewardBps),
      liquidityLock: '0',
      fundingEnabled: config.fundingEnabled,
      fundingFactorPerHour: str(config.fundingFactorPerHour),
      maxFundingRatePerHour: str(config.maxFundingRatePerHour),
      maxPriceAge: str(config.maxPriceAge),
    },
    markets: sc.markets.map((m) => ({ name: m.name, maxLeverage: str(m.maxLeverage) })),
    accounts: sc.accounts.map((a) => ({ name: a.name, inviter: a.inviter ?? '', holdsPass: a.holdsPass ?? false })),
    steps,
  };
}

export function buildGolden(scenarios: readonly Scenario[]): GoldenFile {
  const names = new Set<string>();
  for (const s of scenarios) {
    if (names.has(s.name)) throw new Error(`example name ${s.name} used twice`);
    names.add(s.name);
  }
  return {
    format: GOLDEN_FORMAT,
    version: GOLDEN_VERSION,
    description:
      'Worked examples of the PvP AMM mechanism (docs/mechanism.md): pools created with the given parameters, a sequence of actions, and the exact state after each. Integers are decimal strings of raw on-chain values; see math/golden/README.md.',
    generator: 'npm run golden -w math (math/golden/scenarios.ts through @pvp/math/model)',
    examples: scenarios.map(buildExample),
  };
}

/** The file's text: two-space JSON with a final newline. */
export function renderGolden(file: GoldenFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
