// A reference model of one pool: every action of PvpPool (deposit, redeem,
// open, close in part or in full, liquidate) and of its price feed, applied
// with this package's formulas in the contract's order, so that every figure
// of the state after any sequence of actions is the contract's to the wei.
// It computes the golden file (math/golden) and lets an integrator ask "what
// if" of a pool without a chain. Parameter and risk guards that are not
// arithmetic (caps, pause, deadlines, signatures, liquidity lock) are left to
// the contract.
import { fundingBase, fundingIndexAt, fundingRate, NO_FUNDING, positionFundingOwed, sideFundingOwed, type FundingParams, type FundingState } from './funding.ts';
import { NO_FEE, tradeFee, type TradeFee } from './fees.ts';
import { addClose, addOpen, averageEntryPrices, hasOpenPositions, marketPnl, NO_SUMS, openAmounts, type MarketSums, type OpenAmounts } from './market.ts';
import { depositQuote, redeemQuote, requireSwapRate, swapRate, type PoolAmounts } from './pool.ts';
import { closePart, entryPrice, equity, isLiquidatable, liquidationPrice, pricePnl, sizeOf, valueOf } from './position.ts';
import { closeSettlement, liquidationSettlement, type Settlement } from './settlement.ts';

/** A contract error the action would revert with (`code` is the Solidity error's name). */
export class MechanismError extends Error {
  override name = 'MechanismError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** A pool's creation parameters that the arithmetic depends on (IPvpPool.PoolParams and the factory's). */
export interface PoolConfig extends FundingParams {
  settlementDecimals: number;
  initialSwapRate: bigint;
  mintFeeBps: number;
  redeemFeeBps: number;
  openFeeBps: number;
  closeFeeBps: number;
  protocolShareBps: number;
  referralRebateBps: number;
  passDiscountBps: number;
  liquidationThresholdBps: number;
  keeperRewardBps: number;
  /** The markets the pool lists, with their maximum leverage. */
  markets: ReadonlyArray<{ name: string; maxLeverage: number }>;
  /** The feed's staleness limit for every market (seconds). */
  maxPriceAge: bigint;
}

export const DEFAULT_CONFIG: Readonly<Omit<PoolConfig, 'markets'>> = Object.freeze({
  settlementDecimals: 18,
  initialSwapRate: 10n ** 18n,
  mintFeeBps: 0,
  redeemFeeBps: 0,
  openFeeBps: 0,
  closeFeeBps: 0,
  protocolShareBps: 0,
  referralRebateBps: 0,
  passDiscountBps: 0,
  liquidationThresholdBps: 10_000,
  keeperRewardBps: 0,
  fundingEnabled: false,
  fundingFactorPerHour: 0n,
  maxFundingRatePerHour: 0n,
  maxPriceAge: 3600n,
});

/** Who an account is to the pool. */
export interface AccountSetup {
  /** The account's inviter (bound before any trade), if any. */
  inviter?: string;
  /** Holds the pool's pass NFT. */
  holdsPass?: boolean;
}

interface MarketState {
  name: string;
  maxLeverage: number;
  sums: MarketSums;
  funding: FundingState;
  /** The balance rate of the last funding update (FundingUpdated's balanceRate). */
  balanceRate: bigint;
  price: bigint;
  priceUpdatedAt: bigint | null;
}

interface PositionState {
  trader: string;
  market: string;
  isLong: boolean;
  margin: bigint;
  leverage: bigint;
  size: bigint;
  entryPrice: bigint;
  entryFundingIndex: bigint;
  realisedPnl: bigint;
}

/** What one action produced, zero where it does not apply. */
export interface Outcome {
  minted: bigint;
  mintFee: bigint;
  amountOut: bigint;
  redeemFee: bigint;
  size: bigint;
  fundingIndex: bigint;
  closedMargin: bigint;
  closedNotional: bigint;
  closedSize: bigint;
  remainingMargin: bigint;
  pnl: bigint;
  funding: bigint;
  payout: bigint;
  realisedPnl: bigint;
  uncollectedLoss: bigint;
  liquidationPenalty: bigint;
  keeperReward: bigint;
  fee: TradeFee;
}

export const NO_OUTCOME: Readonly<Outcome> = Object.freeze({
  minted: 0n,
  mintFee: 0n,
  amountOut: 0n,
  redeemFee: 0n,
  size: 0n,
  fundingIndex: 0n,
  closedMargin: 0n,
  closedNotional: 0n,
  closedSize: 0n,
  remainingMargin: 0n,
  pnl: 0n,
  funding: 0n,
  payout: 0n,
  realisedPnl: 0n,
  uncollectedLoss: 0n,
  liquidationPenalty: 0n,
  keeperReward: 0n,
  fee: NO_FEE,
});

export interface PositionView {
  label: string;
  trader: string;
  market: string;
  isLong: boolean;
  margin: bigint;
  leverage: bigint;
  notional: bigint;
  size: bigint;
  entryPrice: bigint;
  entryFundingIndex: bigint;
  /** Price PnL at the market's latest index price (PvpPoolLens.positionPnl). */
  pnl: bigint;
  /** Funding owed now (negative: to receive). */
  fundingOwed: bigint;
  /** L·size, rounded against the trader. */
  value: bigint;
  /** max(0, margin + pnl − funding). */
  equity: bigint;
  /** The index price at which a keeper may liquidate, funding owed now included. */
  liquidationPrice: bigint | null;
  liquidatable: boolean;
  /** −open fee + Σ settled of its partial closes so far. */
  realisedPnl: bigint;
}

export interface MarketView extends MarketSums, OpenAmounts {
  name: string;
  price: bigint;
  longPnl: bigint;
  shortPnl: bigint;
  averageEntryPriceLong: bigint | null;
  averageEntryPriceShort: bigint | null;
  /** The index now: stored index + rate·elapsed. */
  fundingIndex: bigint;
  fundingRatePerSecond: bigint;
  balanceRate: bigint;
  longFundingBase: bigint;
  shortFundingBase: bigint;
  longFundingOwed: bigint;
  shortFundingOwed: bigint;
}

export interface AccountView {
  name: string;
  zToken: bigint;
  settlement: bigint;
  /** Settlement units its zTokens redeem for now, redeem fee deducted (PvpPoolLens.previewRedeem); 0 without zTokens; null if undefined. */
  redeemValue: bigint | null;
}

export interface PoolView {
  time: bigint;
  settlementBalance: bigint;
  zTokenSupply: bigint;
  /** At the latest index prices, funding owed included (PvpPool.floatingPnl). */
  floatingPnl: bigint;
  /** Null where the contract reverts (SwapRateUndefined). */
  swapRate: bigint | null;
  markets: MarketView[];
  positions: PositionView[];
  accounts: AccountView[];
}

/** The account that holds open positions' margins: the pool itself. */
const POOL = '(pool)';
/** The account receiving protocol fees. */
export const PROTOCOL_FEE_RECIPIENT = 'protocol';

export class PoolModel {
  time: bigint;
  settlementBalance = 0n;
  readonly config: PoolConfig;
  private readonly fundingActive: boolean;
  private readonly markets = new Map<string, MarketState>();
  private readonly positions = new Map<string, PositionState>();
  private readonly zBalances = new Map<string, bigint>();
  private readonly settlementBalances = new Map<string, bigint>();
  private readonly accounts = new Map<string, AccountSetup>();

  constructor(config: Partial<PoolConfig> & Pick<PoolConfig, 'markets'>, startTime = 0n, accounts: Record<string, AccountSetup> = {}) {
    this.config = { ...DEFAULT_CONFIG, ...config };
    this.time = startTime;
    this.fundingActive = this.config.fundingEnabled;
    for (const m of this.config.markets) {
      if (this.markets.has(m.name)) throw new MechanismError('MarketAlreadyListed', `market ${m.name} is listed twice`);
      // Initialisation sets every market's funding rate (0: nothing is open) at the creation time.
      this.markets.set(m.name, { name: m.name, maxLeverage: m.maxLeverage, sums: NO_SUMS, funding: { ...NO_FUNDING, fundingUpdatedAt: this.fundingActive ? startTime : 0n }, balanceRate: 0n, price: 0n, priceUpdatedAt: null });
    }
    for (const [name, setup] of Object.entries(accounts)) this.accounts.set(name, setup);
  }

  // ---------------------------------------------------------------- reading

  get zTokenSupply(): bigint {
    let supply = 0n;
    for (const b of this.zBalances.values()) supply += b;
    return supply;
  }

  zTokenBalance(account: string): bigint {
    return this.zBalances.get(account) ?? 0n;
  }

  settlementBalanceOf(account: string): bigint {
    return this.settlementBalances.get(account) ?? 0n;
  }

  private amounts(): PoolAmounts {
    return { settlementBalance: this.settlementBalance, settlementDecimals: this.config.settlementDecimals, zTokenSupply: this.zTokenSupply, initialSwapRate: this.config.initialSwapRate };
  }

  private market(name: string): MarketState {
    const m = this.markets.get(name);
    if (!m) throw new MechanismError('UnknownMarket', `the pool does not list market ${name}`);
    return m;
  }

  private position(label: string): PositionState {
    const p = this.positions.get(label);
    if (!p) throw new MechanismError('PositionNotFound', `no open position ${label}`);
    return p;
  }

  private freshPrice(m: MarketState): bigint {
    if (m.priceUpdatedAt === null) throw new MechanismError('NoPrice', `no index price was posted for ${m.name}`);
    if (this.time > m.priceUpdatedAt + this.config.maxPriceAge) {
      throw new MechanismError('StalePrice', `${m.name}'s index price from t=${m.priceUpdatedAt} is older than ${this.config.maxPriceAge} s at t=${this.time}: post a price first`);
    }
    return m.price;
  }

  private fundingIndexNow(m: MarketState): bigint {
    return fundingIndexAt(m.funding, this.time);
  }

  /** Funding owed by both sides of a market now. */
  private sideOwed(m: MarketState): { long: bigint; short: bigint } {
    if (!this.fundingActive) return { long: 0n, short: 0n };
    return sideFundingOwed(openAmounts(m.sums), m.funding, this.fundingIndexNow(m));
  }

  /** PvpPool._floatingPnl: Σ markets (L·x2 − x1 + y1 − L·y2 − funding owed); `fresh` requires fresh prices. */
  floatingPnl(fresh = false): bigint {
    let total = 0n;
    for (const m of this.markets.values()) {
      const amounts = openAmounts(m.sums);
      if (!hasOpenPositions(amounts)) continue;
      const price = fresh ? this.freshPrice(m) : m.price;
      const owed = this.sideOwed(m);
      total += marketPnl(amounts, price).net - owed.long - owed.short;
    }
    return total;
  }

  swapRate(): bigint | null {
    return swapRate(this.amounts(), this.floatingPnl());
  }

  // ---------------------------------------------------------------- balances

  private credit(account: string, amount: bigint) {
    if (amount !== 0n) this.zBalances.set(account, this.zTokenBalance(account) + amount);
  }

  private debit(account: string, amount: bigint) {
    const balance = this.zTokenBalance(account);
    if (balance < amount) throw new MechanismError('InsufficientBalance', `${account} holds ${balance} zToken wei, needs ${amount}`);
    this.zBalances.set(account, balance - amount);
  }

  /** PvpPool._settle: out of `held` zTokens the pool holds, pay the trader, the protocol share and the rebate; mint or burn the difference. */
  private settle(trader: string, payout: bigint, fee: TradeFee) {
    // Net: the pool's own balance ends where it was before the held amount arrived (the caller moved it in).
    this.credit(trader, payout);
    this.credit(PROTOCOL_FEE_RECIPIENT, fee.protocolFee);
    if (fee.referralRebate !== 0n) this.credit(this.accounts.get(trader)!.inviter!, fee.referralRebate);
  }

  private feeParams(trader: string, feeBps: number) {
    const setup = this.accounts.get(trader) ?? {};
    return {
      feeBps,
      passDiscountBps: this.config.passDiscountBps,
      protocolShareBps: this.config.protocolShareBps,
      referralRebateBps: this.config.referralRebateBps,
      holdsPass: !!setup.holdsPass && this.config.passDiscountBps !== 0,
      hasInviter: !!setup.inviter,
    };
  }

  // ---------------------------------------------------------------- actions

  advance(seconds: bigint): Outcome {
    if (seconds < 0n) throw new RangeError('time only moves forward');
    this.time += seconds;
    return NO_OUTCOME;
  }

  /** The keeper posts an index price (IndexPriceFeed.postPrice): no funding or rate update happens. */
  postPrice(market: string, price: bigint): Outcome {
    if (price <= 0n) throw new MechanismError('InvalidPrice', 'an index price must be positive');
    const m = this.market(market);
    m.price = price;
    m.priceUpdatedAt = this.time;
    return NO_OUTCOME;
  }

  /** PvpPool.deposit of `amount` settlement units, minted to `account` first (so its wallet nets to zero). */
  deposit(account: string, amount: bigint): Outcome {
    if (amount <= 0n) throw new MechanismError('ZeroAmount', 'deposit a positive amount');
    const supply = this.zTokenSupply;
    const floating = supply === 0n ? 0n : this.floatingPnl(true);
    const quote = depositQuote(this.amounts(), floating, amount, this.config.mintFeeBps);
    if (quote.minted === 0n) throw new MechanismError('ZeroAmount', `${amount} settlement units mint no zToken`);
    this.settlementBalance += amount;
    this.credit(account, quote.minted);
    return { ...NO_OUTCOME, minted: quote.minted, mintFee: quote.fee };
  }

  /** PvpPool.redeem of `zTokenAmount`. */
  redeem(account: string, zTokenAmount: bigint): Outcome {
    if (zTokenAmount <= 0n) throw new MechanismError('ZeroAmount', 'redeem a positive amount');
    const quote = redeemQuote(this.amounts(), this.floatingPnl(true), zTokenAmount, this.config.redeemFeeBps);
    if (quote.amountOut > this.settlementBalance) throw new MechanismError('InsufficientBalance', `the pool holds ${this.settlementBalance} settlement units, the redemption needs ${quote.amountOut}`);
    this.debit(account, zTokenAmount);
    this.settlementBalance -= quote.amountOut;
    this.settlementBalances.set(account, this.settlementBalanceOf(account) + quote.amountOut);
    return { ...NO_OUTCOME, amountOut: quote.amountOut, redeemFee: quote.fee };
  }

  /** PvpPool.openPosition at the signed `price`; `label` names the position for later steps. */
  open(trader: string, label: string, market: string, isLong: boolean, margin: bigint, leverage: bigint, price: bigint): Outcome {
    if (this.positions.has(label)) throw new RangeError(`position label ${label} is taken`);
    const m = this.market(market);
    if (leverage === 0n) throw new MechanismError('InvalidLeverage', 'leverage must be at least 1');
    if (leverage > BigInt(m.maxLeverage)) throw new MechanismError('LeverageTooHigh', `${leverage}x is above ${market}'s ${m.maxLeverage}x`);
    if (margin <= 0n) throw new MechanismError('ZeroAmount', 'margin must be positive');
    if (price <= 0n) throw new MechanismError('InvalidPrice', 'the order price must be positive');
    const notional = margin * leverage;
    const size = sizeOf(notional, price, isLong);
    const fee = tradeFee(notional, this.feeParams(trader, this.config.openFeeBps));
    this.debit(trader, margin + fee.fee); // before any state changes: a revert leaves nothing behind

    const fundingIndex = this.fundingActive ? this.accrue(m) : 0n;
    m.sums = addOpen(m.sums, isLong, notional, size);
    if (fundingIndex !== 0n) this.addFundingBase(m, isLong, fundingBase(notional, fundingIndex));
    this.positions.set(label, { trader, market, isLong, margin, leverage, size, entryPrice: price, entryFundingIndex: fundingIndex, realisedPnl: -fee.fee });

    // Margin stays in supply, held by the pool; the burned part of the fee leaves it.
    this.credit(POOL, margin);
    this.settle(trader, 0n, fee);
    if (this.config.fundingEnabled) this.updateFundingRate(m);
    return { ...NO_OUTCOME, size, fundingIndex, fee, realisedPnl: -fee.fee };
  }

  /** PvpPool.closePosition of `closedMargin` (all of it closes the position) at the signed `price`. */
  close(trader: string, label: string, closedMargin: bigint, price: bigint): Outcome {
    const p = this.position(label);
    if (p.trader !== trader) throw new MechanismError('WrongTrader', `${label} belongs to ${p.trader}, not ${trader}`);
    if (closedMargin <= 0n || closedMargin > p.margin) throw new MechanismError('InvalidCloseAmount', `close between 1 and ${p.margin} margin wei`);
    if (price <= 0n) throw new MechanismError('InvalidPrice', 'the order price must be positive');
    const m = this.market(p.market);
    const part = this.reduce(m, label, p, closedMargin, price);
    const s = closeSettlement(closedMargin, part.closedNotional, part.pnl, part.funding, this.feeParams(trader, this.config.closeFeeBps));
    this.debit(POOL, closedMargin);
    this.settle(trader, s.payout, s.fee);
    if (this.positions.has(label)) p.realisedPnl += s.realisedPnl;
    if (this.config.fundingEnabled) this.updateFundingRate(m);
    return this.outcome(part, s);
  }

  /** PvpPool.liquidate by `keeper` at the market's fresh index price. */
  liquidate(keeper: string, label: string): Outcome {
    const p = this.position(label);
    const m = this.market(p.market);
    const price = this.freshPrice(m);
    // Check before changing anything: the contract's revert undoes its bookkeeping.
    const pnl = pricePnl(p.margin * p.leverage, p.size, price, p.isLong);
    const funding = this.fundingActive ? positionFundingOwed(p.margin * p.leverage, this.fundingIndexNow(m), p.entryFundingIndex, p.isLong) : 0n;
    if (!isLiquidatable(p.margin, pnl, funding, this.config.liquidationThresholdBps)) {
      throw new MechanismError('NotLiquidatable', `${label}'s loss ${funding - pnl} (funding included) is below ${this.config.liquidationThresholdBps} bps of its margin ${p.margin}`);
    }
    const part = this.reduce(m, label, p, p.margin, price);
    const s = liquidationSettlement(p.margin, part.pnl, part.funding, this.config.keeperRewardBps);
    this.debit(POOL, p.margin);
    this.credit(keeper, s.keeperReward);
    if (this.config.fundingEnabled) this.updateFundingRate(m);
    return this.outcome(part, s);
  }

  private outcome(part: { closedMargin: bigint; closedNotional: bigint; closedSize: bigint; remainingMargin: bigint }, s: Settlement): Outcome {
    return {
      ...NO_OUTCOME,
      closedMargin: part.closedMargin,
      closedNotional: part.closedNotional,
      closedSize: part.closedSize,
      remainingMargin: part.remainingMargin,
      pnl: s.pnl,
      funding: s.funding,
      payout: s.payout,
      realisedPnl: s.realisedPnl,
      uncollectedLoss: s.uncollectedLoss,
      liquidationPenalty: s.liquidationPenalty,
      keeperReward: s.keeperReward,
      fee: s.fee,
    };
  }

  /** PvpPool._reduce: the closed part leaves the sums and the funding base; the position shrinks or goes. */
  private reduce(m: MarketState, label: string, p: PositionState, closedMargin: bigint, price: bigint) {
    const part = closePart(p, closedMargin, price);
    m.sums = addClose(m.sums, p.isLong, part.closedNotional, part.closedSize);
    let funding = 0n;
    if (this.fundingActive) {
      const index = this.accrue(m);
      funding = positionFundingOwed(part.closedNotional, index, p.entryFundingIndex, p.isLong);
      if (p.entryFundingIndex !== 0n) {
        const notional = p.margin * p.leverage;
        const removed = fundingBase(notional, p.entryFundingIndex) - fundingBase(notional - part.closedNotional, p.entryFundingIndex);
        this.addFundingBase(m, p.isLong, -removed);
      }
    }
    if (part.remainingMargin === 0n) this.positions.delete(label);
    else {
      p.margin = part.remainingMargin;
      p.size = part.remainingSize;
    }
    return { ...part, funding };
  }

  /** PvpPool._accrueFunding. */
  private accrue(m: MarketState): bigint {
    const f = m.funding;
    if (f.fundingRatePerSecond !== 0n && f.fundingUpdatedAt !== this.time) {
      m.funding = { ...f, fundingIndex: this.fundingIndexNow(m), fundingUpdatedAt: this.time };
    }
    return m.funding.fundingIndex;
  }

  private addFundingBase(m: MarketState, isLong: boolean, delta: bigint) {
    m.funding = isLong ? { ...m.funding, longFundingBase: m.funding.longFundingBase + delta } : { ...m.funding, shortFundingBase: m.funding.shortFundingBase + delta };
  }

  /** PvpPool._updateFundingRate, after the market's accrual: the rate from the balance rate at the latest prices. */
  private updateFundingRate(m: MarketState) {
    const { ratePerSecond, balanceRate } = fundingRate(this.config, openAmounts(m.sums), this.zTokenSupply + this.floatingPnl());
    m.funding = { ...m.funding, fundingRatePerSecond: ratePerSecond, fundingUpdatedAt: this.time };
    m.balanceRate = balanceRate;
  }

  // ---------------------------------------------------------------- the whole state

  view(accountNames: readonly string[] = [...this.zBalances.keys()].filter((a) => a !== POOL)): PoolView {
    const floating = this.floatingPnl();
    const amounts = this.amounts();
    const value = amounts.zTokenSupply + floating;
    const markets = [...this.markets.values()].map((m): MarketView => {
      const o = openAmounts(m.sums);
      const pnl = hasOpenPositions(o) ? marketPnl(o, m.price) : { long: 0n, short: 0n };
      const owed = this.sideOwed(m);
      const avg = averageEntryPrices(o);
      return {
        name: m.name,
        price: m.price,
        ...m.sums,
        ...o,
        longPnl: pnl.long,
        shortPnl: pnl.short,
        averageEntryPriceLong: avg.long,
        averageEntryPriceShort: avg.short,
        fundingIndex: this.fundingIndexNow(m),
        fundingRatePerSecond: m.funding.fundingRatePerSecond,
        balanceRate: m.balanceRate,
        longFundingBase: m.funding.longFundingBase,
        shortFundingBase: m.funding.shortFundingBase,
        longFundingOwed: owed.long,
        shortFundingOwed: owed.short,
      };
    });
    const positions = [...this.positions.entries()].map(([label, p]): PositionView => {
      const m = this.market(p.market);
      const notional = p.margin * p.leverage;
      const pnl = pricePnl(notional, p.size, m.price, p.isLong);
      const fundingOwed = this.fundingActive ? positionFundingOwed(notional, this.fundingIndexNow(m), p.entryFundingIndex, p.isLong) : 0n;
      return {
        label,
        trader: p.trader,
        market: p.market,
        isLong: p.isLong,
        margin: p.margin,
        leverage: p.leverage,
        notional,
        size: p.size,
        entryPrice: entryPrice(notional, p.size) ?? 0n,
        entryFundingIndex: p.entryFundingIndex,
        pnl,
        fundingOwed,
        value: valueOf(p.size, m.price, p.isLong),
        equity: equity(p.margin, pnl, fundingOwed),
        liquidationPrice: liquidationPrice({ isLong: p.isLong, margin: p.margin, notional, size: p.size }, this.config.liquidationThresholdBps, fundingOwed),
        liquidatable: isLiquidatable(p.margin, pnl, fundingOwed, this.config.liquidationThresholdBps),
        realisedPnl: p.realisedPnl,
      };
    });
    const accounts = accountNames.map((name): AccountView => {
      const z = this.zTokenBalance(name);
      let redeemValue: bigint | null = z === 0n ? 0n : null;
      if (z !== 0n && value > 0n) redeemValue = redeemQuote(amounts, floating, z, this.config.redeemFeeBps).amountOut;
      return { name, zToken: z, settlement: this.settlementBalanceOf(name), redeemValue };
    });
    return { time: this.time, settlementBalance: this.settlementBalance, zTokenSupply: amounts.zTokenSupply, floatingPnl: floating, swapRate: swapRate(amounts, floating), markets, positions, accounts };
  }

  /** The rate, throwing where the contract reverts. */
  requireSwapRate(): bigint {
    return requireSwapRate(this.amounts(), this.floatingPnl());
  }
}
