// A small reference model of the contracts' arithmetic (contracts/src/PvpPool.sol,
// libraries/PnlMath.sol) that emits the events a real pool and feed would emit,
// with exact integers, and tracks the state the subgraph must end up with.
// Expected values in the gnd tests come from this model and, for SPEC.md §6,
// from literal numbers checked against it (generate.ts).

export const WAD = 10n ** 18n;
export const BPS = 10_000n;
export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

/** n whole tokens with `decimals` decimals. */
export function units(n: number | string, decimals = 18): bigint {
  const [int, frac = ''] = String(n).split('.');
  if (frac.length > decimals) throw new Error(`units(${n}, ${decimals}): too many decimals`);
  return BigInt(int!) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
}
export const wad = (n: number | string) => units(n, 18);

export function mulDivFloor(a: bigint, b: bigint, d: bigint): bigint {
  return (a * b) / d;
}
export function mulDivCeil(a: bigint, b: bigint, d: bigint): bigint {
  const p = a * b;
  return p % d === 0n ? p / d : p / d + 1n;
}
const bpsUp = (amount: bigint, bps: number) => mulDivCeil(amount, BigInt(bps), BPS);
const bpsDown = (amount: bigint, bps: number) => (amount * BigInt(bps)) / BPS;

/** PnlMath.sizeOf: notional / price in index units, floor for longs, ceil for shorts. */
export function sizeOf(notional: bigint, price: bigint, isLong: boolean): bigint {
  return isLong ? mulDivFloor(notional, WAD, price) : mulDivCeil(notional, WAD, price);
}
/** PnlMath.valueOf: size · price, floor for longs, ceil for shorts. */
export function valueOf(size: bigint, price: bigint, isLong: boolean): bigint {
  return isLong ? mulDivFloor(size, price, WAD) : mulDivCeil(size, price, WAD);
}
export function pnlOf(notional: bigint, size: bigint, price: bigint, isLong: boolean): bigint {
  const value = valueOf(size, price, isLong);
  return isLong ? value - notional : notional - value;
}

/** graph-node's BigDecimal text of value / 10^decimals (exact: it has at most 34 significant digits here). */
export function decimalText(value: bigint, decimals = 18): string {
  const neg = value < 0n;
  const abs = neg ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const int = abs / scale;
  const frac = (abs % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  const digits = (int.toString() + frac).replace(/^0+/, '');
  if (digits.length > 34) throw new Error(`decimalText: ${value} has more than 34 significant digits`);
  if (abs === 0n) return '0';
  return (neg ? '-' : '') + int.toString() + (frac ? '.' + frac : '');
}

/** a / b as graph-node's BigDecimal division gives it: 34 significant digits, rounded half up. */
export function ratioText(a: bigint, b: bigint): string {
  if (b === 0n) throw new Error('ratioText: division by zero');
  if (a === 0n) return '0';
  const neg = a < 0n !== b < 0n;
  const x = a < 0n ? -a : a;
  const y = b < 0n ? -b : b;
  // Find the exponent e with 10^33 ≤ x·10^e / y < 10^34, then round the last digit.
  let e = 0;
  while ((x * 10n ** BigInt(Math.max(e, 0))) / (y * 10n ** BigInt(Math.max(-e, 0))) >= 10n ** 34n) e--;
  while ((x * 10n ** BigInt(Math.max(e, 0))) / (y * 10n ** BigInt(Math.max(-e, 0))) < 10n ** 33n) e++;
  const num = x * 10n ** BigInt(Math.max(e, 0)) * 10n;
  const den = y * 10n ** BigInt(Math.max(-e, 0));
  const q10 = num / den; // 35 digits
  let q = q10 / 10n;
  if (q10 % 10n >= 5n) q += 1n;
  // q · 10^-e, normalised (no trailing zeros).
  let digits = q;
  let scale = e;
  while (digits % 10n === 0n && digits !== 0n) {
    digits /= 10n;
    scale--;
  }
  const text = scale <= 0 ? (digits * 10n ** BigInt(-scale)).toString() : decimalText(digits, scale);
  return (neg ? '-' : '') + text;
}

// ------------------------------------------------------------------ chain

export type Param = string | number | boolean | Param[];
export interface TestEvent {
  address: string;
  event: string;
  params: Record<string, Param>;
}
export interface TestBlock {
  number: number;
  timestamp: number;
  events: TestEvent[];
}

/** Event signatures with parameter names, as gnd wants them (checked against the manifest by generate.ts). */
export const PARAMS_TUPLE = '(address,address,address,uint16,uint16,uint16,uint16,uint16,uint16,uint16,uint32,uint16,uint16,bool,uint64,uint64)';
export const SIG = {
  PoolCreated: `PoolCreated(address indexed pool, address indexed settlementToken, address indexed creator, address zToken, address priceFeed, uint8 settlementDecimals, string zTokenName, string zTokenSymbol, uint256 initialSwapRate, ${PARAMS_TUPLE} params, (bytes32,uint16)[] markets)`,
  Deposit: 'Deposit(address indexed provider, uint256 amountIn, uint256 fee, uint256 zTokenMinted, uint256 swapRate, int256 floatingPnl, uint256 settlementBalance, uint256 zTokenSupply, uint256 unlockTime)',
  Redeem: 'Redeem(address indexed provider, uint256 zTokenBurned, uint256 fee, uint256 amountOut, uint256 swapRate, int256 floatingPnl, uint256 settlementBalance, uint256 zTokenSupply)',
  PositionOpened: 'PositionOpened(uint256 indexed positionId, address indexed trader, bytes32 indexed marketId, bool isLong, uint256 margin, uint256 leverage, uint256 notional, uint256 size, uint256 price, int256 fundingIndex)',
  PositionClosed: 'PositionClosed(uint256 indexed positionId, address indexed trader, bytes32 indexed marketId, bool isLong, uint256 closedMargin, uint256 closedNotional, uint256 closedSize, uint256 price, int256 pnl, int256 funding, uint256 payout, uint256 remainingMargin, uint256 zTokenSupply)',
  PositionLiquidated: 'PositionLiquidated(uint256 indexed positionId, address indexed trader, bytes32 indexed marketId, bool isLong, address keeper, uint256 margin, uint256 notional, uint256 size, uint256 price, int256 pnl, int256 funding, uint256 keeperReward, uint256 zTokenSupply)',
  FeeCharged: 'FeeCharged(uint256 indexed positionId, address indexed trader, address indexed inviter, bool isOpen, uint256 fee, uint256 discount, uint256 protocolFee, uint256 referralRebate)',
  InviterBound: 'InviterBound(address indexed trader, address indexed inviter)',
  FundingUpdated: 'FundingUpdated(bytes32 indexed marketId, int256 fundingIndex, int256 ratePerSecond, int256 balanceRate)',
  ParamsUpdated: `ParamsUpdated(${PARAMS_TUPLE} params)`,
  PausedUpdated: 'PausedUpdated(bool paused)',
  PriceSignerUpdated: 'PriceSignerUpdated(address indexed signer, bool authorised)',
  MarketUpdated: 'MarketUpdated(bytes32 indexed marketId, uint16 maxLeverage, bool enabled)',
  IndexPriceUpdated: 'IndexPriceUpdated(bytes32 indexed marketId, uint256 price, uint256[] sources, uint256 timestamp, address indexed keeper)',
  MarketConfigured: 'MarketConfigured(bytes32 indexed marketId, uint32 maxPriceAge)',
} as const;

/**
 * Flat twins of the two events with tuple parameters, which gnd 0.45 cannot encode from JSON (see
 * shim/tuple-shim.ts): the tuple's fields as parameters, the market array as two arrays. The test
 * manifest's TupleShim data source turns them back into PoolCreated / ParamsUpdated for the real handlers.
 */
const PARAMS_FLAT =
  'address governor, address protocolFeeRecipient, address passNft, uint16 mintFeeBps, uint16 redeemFeeBps, uint16 openFeeBps, uint16 closeFeeBps, uint16 protocolShareBps, uint16 referralRebateBps, uint16 passDiscountBps, uint32 liquidityLock, uint16 liquidationThresholdBps, uint16 keeperRewardBps, bool fundingEnabled, uint64 fundingFactorPerHour, uint64 maxFundingRatePerHour';
export const FLAT_SIG = {
  PoolCreated: `PoolCreatedFlat(address indexed pool, address indexed settlementToken, address indexed creator, address zToken, address priceFeed, uint8 settlementDecimals, string zTokenName, string zTokenSymbol, uint256 initialSwapRate, ${PARAMS_FLAT}, bytes32[] marketIds, uint16[] maxLeverages)`,
  ParamsUpdated: `ParamsUpdatedFlat(${PARAMS_FLAT})`,
} as const;

function flatParams(p: PoolParams): Record<string, Param> {
  const names = PARAMS_FLAT.split(', ').map((x) => x.split(' ')[1]!);
  const values = paramsTuple(p);
  return Object.fromEntries(names.map((n, i) => [n, values[i]!]));
}

export const START_BLOCK = 0;
const GENESIS_TIME = 1_767_225_600; // 2026-01-01T00:00:00Z

/** Mock blocks: every `next()` starts a new block 15 s after the previous one. */
export class Chain {
  readonly blocks: TestBlock[] = [];
  private current: TestBlock | undefined;

  next(seconds = 15): number {
    const prev = this.blocks[this.blocks.length - 1];
    const block: TestBlock = prev
      ? { number: prev.number + 1, timestamp: prev.timestamp + seconds, events: [] }
      : { number: START_BLOCK, timestamp: GENESIS_TIME, events: [] };
    this.blocks.push(block);
    this.current = block;
    return block.number;
  }
  get block(): TestBlock {
    return this.current ?? (this.next(), this.current!);
  }
  get number(): number {
    return this.block.number;
  }
  get timestamp(): number {
    return this.block.timestamp;
  }
  /** Block in which a template data source (pool, feed) was created, by address. */
  private readonly createdIn = new Map<string, number>();

  /**
   * gnd's mock chain answers graph-node's `triggers_in_block` with no triggers, so a data source created
   * from a template does not see events of its own creation block (real graph-node would): keep them apart.
   */
  created(address: string): void {
    if (!this.createdIn.has(address)) this.createdIn.set(address, this.number);
  }
  emit(address: string, event: string, params: Record<string, Param>): void {
    if (this.createdIn.get(address) === this.number) throw new Error(`${event.split('(')[0]} from ${address} in the block that created its data source (${this.number}): gnd would not deliver it`);
    this.block.events.push({ address, event, params });
  }
  /** Id of the n-th event (0-based) of the current block: tx hash ++ log index, as ids.ts eventId. */
  lastEventIndex(): number {
    return this.block.events.length - 1;
  }
}

const s = (v: bigint) => v.toString();

// ------------------------------------------------------------------ feed

export class Feed {
  readonly prices = new Map<string, bigint>();
  constructor(
    readonly chain: Chain,
    readonly address: string,
  ) {}

  configure(marketId: string, maxPriceAge: number): void {
    this.chain.emit(this.address, SIG.MarketConfigured, { marketId, maxPriceAge });
  }

  /** A keeper posts the median of three sources (here the price itself and two around it). */
  update(marketId: string, price: bigint, keeper: string): void {
    this.prices.set(marketId, price);
    this.chain.emit(this.address, SIG.IndexPriceUpdated, {
      marketId,
      price: s(price),
      sources: [s(price - 1n), s(price), s(price + 1n)],
      timestamp: this.chain.timestamp,
      keeper,
    });
  }
}

// ------------------------------------------------------------------ pool

export interface PoolParams {
  governor: string;
  protocolFeeRecipient: string;
  passNft: string;
  mintFeeBps: number;
  redeemFeeBps: number;
  openFeeBps: number;
  closeFeeBps: number;
  protocolShareBps: number;
  referralRebateBps: number;
  passDiscountBps: number;
  liquidityLock: number;
  liquidationThresholdBps: number;
  keeperRewardBps: number;
  fundingEnabled: boolean;
  fundingFactorPerHour: bigint;
  maxFundingRatePerHour: bigint;
}

export function paramsTuple(p: PoolParams): Param[] {
  return [
    p.governor,
    p.protocolFeeRecipient,
    p.passNft,
    p.mintFeeBps,
    p.redeemFeeBps,
    p.openFeeBps,
    p.closeFeeBps,
    p.protocolShareBps,
    p.referralRebateBps,
    p.passDiscountBps,
    p.liquidityLock,
    p.liquidationThresholdBps,
    p.keeperRewardBps,
    p.fundingEnabled,
    s(p.fundingFactorPerHour),
    s(p.maxFundingRatePerHour),
  ];
}

export interface MarketState {
  id: string;
  maxLeverage: number;
  enabled: boolean;
  sumA1: bigint;
  sumB1: bigint;
  sumC1: bigint;
  sumD1: bigint;
  sumA2: bigint;
  sumB2: bigint;
  sumC2: bigint;
  sumD2: bigint;
}

export interface PositionState {
  id: bigint;
  trader: string;
  marketId: string;
  isLong: boolean;
  leverage: number;
  margin: bigint;
  size: bigint;
  entryPrice: bigint;
}

export interface Settlement {
  pnl: bigint;
  payout: bigint;
  fee: bigint;
}

export class Pool {
  balance = 0n;
  supply = 0n;
  readonly markets = new Map<string, MarketState>();
  readonly positions = new Map<bigint, PositionState>();
  readonly balances = new Map<string, bigint>();
  private readonly nonces = new Map<string, bigint>();
  readonly inviters = new Map<string, string>();

  constructor(
    readonly chain: Chain,
    readonly address: string,
    readonly feed: Feed,
    readonly decimals: number,
    public params: PoolParams,
    readonly initialSwapRate: bigint = WAD,
  ) {}

  get scale(): bigint {
    return 10n ** BigInt(18 - this.decimals);
  }

  /** The factory's PoolCreated (emitted by `factory`). */
  create(factory: string, o: { settlementToken: string; creator: string; zToken: string; name: string; symbol: string; markets: [string, number][] }): void {
    for (const [id, maxLeverage] of o.markets) this.markets.set(id, newMarket(id, maxLeverage));
    this.chain.created(this.address);
    this.chain.created(this.feed.address);
    this.chain.emit(factory, FLAT_SIG.PoolCreated, {
      pool: this.address,
      settlementToken: o.settlementToken,
      creator: o.creator,
      zToken: o.zToken,
      priceFeed: this.feed.address,
      settlementDecimals: this.decimals,
      zTokenName: o.name,
      zTokenSymbol: o.symbol,
      initialSwapRate: s(this.initialSwapRate),
      ...flatParams(this.params),
      marketIds: o.markets.map(([id]) => id),
      maxLeverages: o.markets.map(([, lev]) => lev),
    });
  }

  market(id: string): MarketState {
    const m = this.markets.get(id);
    if (!m) throw new Error(`unknown market ${id}`);
    return m;
  }

  open(m: MarketState): { x1: bigint; x2: bigint; y1: bigint; y2: bigint } {
    return { x1: m.sumA1 - m.sumA2, x2: m.sumB1 - m.sumB2, y1: m.sumC1 - m.sumC2, y2: m.sumD1 - m.sumD2 };
  }

  /** Unrealised PnL of one market at the feed's latest price (0 without a price). */
  unrealised(m: MarketState): { long: bigint; short: bigint; total: bigint } {
    const price = this.feed.prices.get(m.id);
    if (price === undefined) return { long: 0n, short: 0n, total: 0n };
    const o = this.open(m);
    const long = pnlOf(o.x1, o.x2, price, true);
    const short = pnlOf(o.y1, o.y2, price, false);
    return { long, short, total: long + short };
  }

  floating(): bigint {
    let total = 0n;
    for (const m of this.markets.values()) {
      const o = this.open(m);
      if ((o.x1 | o.x2 | o.y1 | o.y2) === 0n) continue;
      total += this.unrealised(m).total;
    }
    return total;
  }

  rate(floating = this.floating()): bigint {
    if (this.supply === 0n) return this.initialSwapRate;
    const value = this.supply + floating;
    if (value <= 0n) throw new Error('swap rate undefined');
    return mulDivFloor(this.balance * this.scale, WAD, value);
  }

  private credit(who: string, amount: bigint): void {
    this.balances.set(who, (this.balances.get(who) ?? 0n) + amount);
  }

  deposit(provider: string, amountIn: bigint): bigint {
    const floating = this.supply === 0n ? 0n : this.floating();
    const fee = bpsUp(amountIn, this.params.mintFeeBps);
    const net = amountIn - fee;
    const minted = this.supply === 0n ? mulDivFloor(net * this.scale, WAD, this.initialSwapRate) : mulDivFloor(net, this.supply + floating, this.balance);
    const unlock = this.params.liquidityLock === 0 ? 0 : this.chain.timestamp + this.params.liquidityLock;
    this.balance += amountIn;
    this.supply += minted;
    this.credit(provider, minted);
    this.chain.emit(this.address, SIG.Deposit, {
      provider,
      amountIn: s(amountIn),
      fee: s(fee),
      zTokenMinted: s(minted),
      swapRate: s(this.rate(floating)),
      floatingPnl: s(floating),
      settlementBalance: s(this.balance),
      zTokenSupply: s(this.supply),
      unlockTime: unlock,
    });
    return minted;
  }

  redeem(provider: string, amount: bigint): bigint {
    const floating = this.floating();
    const gross = mulDivFloor(amount, this.balance, this.supply + floating);
    const fee = bpsUp(gross, this.params.redeemFeeBps);
    const amountOut = gross - fee;
    this.balance -= amountOut;
    this.supply -= amount;
    this.credit(provider, -amount);
    this.chain.emit(this.address, SIG.Redeem, {
      provider,
      zTokenBurned: s(amount),
      fee: s(fee),
      amountOut: s(amountOut),
      swapRate: s(this.rate(floating)),
      floatingPnl: s(floating),
      settlementBalance: s(this.balance),
      zTokenSupply: s(this.supply),
    });
    return amountOut;
  }

  private fee(notional: bigint, feeBps: number, inviter: string): { fee: bigint; protocolFee: bigint; rebate: bigint } {
    const fee = bpsUp(notional, feeBps);
    return this.split(fee, inviter);
  }
  private split(fee: bigint, inviter: string) {
    return { fee, protocolFee: bpsDown(fee, this.params.protocolShareBps), rebate: inviter === ZERO_ADDRESS ? 0n : bpsDown(fee, this.params.referralRebateBps) };
  }

  bindInviter(trader: string, inviter: string): void {
    this.inviters.set(trader, inviter);
    this.chain.emit(this.address, SIG.InviterBound, { trader, inviter });
  }

  /** openPosition at `price` (the signed fill price). Emits PositionOpened and FeeCharged(isOpen). */
  openPosition(trader: string, marketId: string, isLong: boolean, margin: bigint, leverage: number, price: bigint): PositionState {
    const m = this.market(marketId);
    const notional = margin * BigInt(leverage);
    const size = sizeOf(notional, price, isLong);
    const nonce = this.nonces.get(trader) ?? 0n;
    this.nonces.set(trader, nonce + 1n);
    const id = (BigInt(trader) << 96n) | nonce;
    if (isLong) {
      m.sumA1 += notional;
      m.sumB1 += size;
    } else {
      m.sumC1 += notional;
      m.sumD1 += size;
    }
    const p: PositionState = { id, trader, marketId, isLong, leverage, margin, size, entryPrice: price };
    this.positions.set(id, p);
    const inviter = this.inviters.get(trader) ?? ZERO_ADDRESS;
    const f = this.fee(notional, this.params.openFeeBps, inviter);
    // margin + fee leave the trader; the margin stays in supply; the fee's burned part leaves the supply.
    this.credit(trader, -(margin + f.fee));
    this.supply -= f.fee - f.protocolFee - f.rebate;
    this.credit(this.params.protocolFeeRecipient, f.protocolFee);
    if (f.rebate > 0n) this.credit(inviter, f.rebate);
    this.chain.emit(this.address, SIG.PositionOpened, {
      positionId: s(id),
      trader,
      marketId,
      isLong,
      margin: s(margin),
      leverage,
      notional: s(notional),
      size: s(size),
      price: s(price),
      fundingIndex: '0',
    });
    this.emitFee(id, trader, inviter, true, f);
    return { ...p };
  }

  private emitFee(id: bigint, trader: string, inviter: string, isOpen: boolean, f: { fee: bigint; protocolFee: bigint; rebate: bigint }): void {
    this.chain.emit(this.address, SIG.FeeCharged, {
      positionId: s(id),
      trader,
      inviter,
      isOpen,
      fee: s(f.fee),
      discount: '0',
      protocolFee: s(f.protocolFee),
      referralRebate: s(f.rebate),
    });
  }

  /** PvpPool._reduce: the closed notional, size and PnL, rounded against the trader. */
  private reduce(p: PositionState, closedMargin: bigint, price: bigint): { notional: bigint; size: bigint; pnl: bigint } {
    const m = this.market(p.marketId);
    const full = closedMargin === p.margin;
    const notional = closedMargin * BigInt(p.leverage);
    let value = valueOf(p.size, price, p.isLong);
    let size: bigint;
    if (full) size = p.size;
    else {
      const round = p.isLong ? mulDivFloor : mulDivCeil;
      size = p.size - round(p.size, p.margin - closedMargin, p.margin);
      value = round(value, closedMargin, p.margin);
    }
    const pnl = p.isLong ? value - notional : notional - value;
    if (p.isLong) {
      m.sumA2 += notional;
      m.sumB2 += size;
    } else {
      m.sumC2 += notional;
      m.sumD2 += size;
    }
    if (full) this.positions.delete(p.id);
    else {
      p.margin -= closedMargin;
      p.size -= size;
    }
    return { notional, size, pnl };
  }

  /** closePosition of `closedMargin` at `price`. Emits PositionClosed and FeeCharged(!isOpen). */
  closePosition(positionId: bigint, closedMargin: bigint, price: bigint): Settlement & { notional: bigint; size: bigint; remainingMargin: bigint } {
    const p = this.positions.get(positionId);
    if (!p) throw new Error(`no position ${positionId}`);
    const marginBefore = p.margin;
    const r = this.reduce(p, closedMargin, price);
    const value = closedMargin + r.pnl;
    const inviter = this.inviters.get(p.trader) ?? ZERO_ADDRESS;
    let f = { fee: 0n, protocolFee: 0n, rebate: 0n };
    let payout = 0n;
    if (value > 0n) {
      f = this.fee(r.notional, this.params.closeFeeBps, inviter);
      if (f.fee > value) f = this.split(value, inviter);
      payout = value - f.fee;
    }
    // _settle: out of the held margin pay payout, protocol share and rebate; mint the shortfall, burn the rest.
    this.supply += payout + f.protocolFee + f.rebate - closedMargin;
    this.credit(p.trader, payout);
    this.credit(this.params.protocolFeeRecipient, f.protocolFee);
    if (f.rebate > 0n) this.credit(inviter, f.rebate);
    const remainingMargin = marginBefore - closedMargin;
    this.chain.emit(this.address, SIG.PositionClosed, {
      positionId: s(positionId),
      trader: p.trader,
      marketId: p.marketId,
      isLong: p.isLong,
      closedMargin: s(closedMargin),
      closedNotional: s(r.notional),
      closedSize: s(r.size),
      price: s(price),
      pnl: s(r.pnl),
      funding: '0',
      payout: s(payout),
      remainingMargin: s(remainingMargin),
      zTokenSupply: s(this.supply),
    });
    this.emitFee(positionId, p.trader, inviter, false, f);
    return { pnl: r.pnl, payout, fee: f.fee, notional: r.notional, size: r.size, remainingMargin };
  }

  /** liquidate at the feed's latest price. Emits PositionLiquidated. */
  liquidate(positionId: bigint, keeper: string): { pnl: bigint; keeperReward: bigint; margin: bigint; notional: bigint; size: bigint } {
    const p = this.positions.get(positionId);
    if (!p) throw new Error(`no position ${positionId}`);
    const price = this.feed.prices.get(p.marketId)!;
    const margin = p.margin;
    const r = this.reduce(p, margin, price);
    if (-r.pnl < bpsDown(margin, this.params.liquidationThresholdBps)) throw new Error(`position ${positionId} is not liquidatable`);
    const keeperReward = bpsDown(margin, this.params.keeperRewardBps);
    this.supply -= margin - keeperReward;
    this.credit(keeper, keeperReward);
    this.chain.emit(this.address, SIG.PositionLiquidated, {
      positionId: s(positionId),
      trader: p.trader,
      marketId: p.marketId,
      isLong: p.isLong,
      keeper,
      margin: s(margin),
      notional: s(r.notional),
      size: s(r.size),
      price: s(price),
      pnl: s(r.pnl),
      funding: '0',
      keeperReward: s(keeperReward),
      zTokenSupply: s(this.supply),
    });
    return { pnl: r.pnl, keeperReward, margin, notional: r.notional, size: r.size };
  }

  setParams(params: PoolParams): void {
    this.params = params;
    this.chain.emit(this.address, FLAT_SIG.ParamsUpdated, flatParams(params));
  }
  setPaused(paused: boolean): void {
    this.chain.emit(this.address, SIG.PausedUpdated, { paused });
  }
  setPriceSigner(signer: string, authorised: boolean): void {
    this.chain.emit(this.address, SIG.PriceSignerUpdated, { signer, authorised });
  }
  setMarket(marketId: string, maxLeverage: number, enabled: boolean): void {
    const m = this.markets.get(marketId) ?? newMarket(marketId, maxLeverage);
    m.maxLeverage = maxLeverage;
    m.enabled = enabled;
    this.markets.set(marketId, m);
    this.chain.emit(this.address, SIG.MarketUpdated, { marketId, maxLeverage, enabled });
  }
  fundingUpdated(marketId: string, fundingIndex: bigint, ratePerSecond: bigint, balanceRate: bigint): void {
    this.chain.emit(this.address, SIG.FundingUpdated, { marketId, fundingIndex: s(fundingIndex), ratePerSecond: s(ratePerSecond), balanceRate: s(balanceRate) });
  }
}

function newMarket(id: string, maxLeverage: number): MarketState {
  return { id, maxLeverage, enabled: true, sumA1: 0n, sumB1: 0n, sumC1: 0n, sumD1: 0n, sumA2: 0n, sumB2: 0n, sumC2: 0n, sumD2: 0n };
}
