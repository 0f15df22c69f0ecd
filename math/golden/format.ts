// The shape of math/golden/mechanism-examples.json (described in
// math/golden/README.md). Every integer is a decimal string of the raw
// on-chain value; every object of one array has the same keys, so that
// forge's parseJsonTypeArray, a TypeScript generator and node tests read it
// alike.

export const GOLDEN_FORMAT = 'pvp-mechanism-examples';
export const GOLDEN_VERSION = '1';

export type GoldenAction = 'deposit' | 'redeem' | 'price' | 'open' | 'close' | 'liquidate' | 'advance';

/** Creation parameters of the example's pool (IPvpPoolFactory.CreatePoolParams and IPvpPool.PoolParams). */
export interface GoldenPool {
  settlementDecimals: string;
  initialSwapRate: string;
  mintFeeBps: string;
  redeemFeeBps: string;
  openFeeBps: string;
  closeFeeBps: string;
  protocolShareBps: string;
  referralRebateBps: string;
  passDiscountBps: string;
  liquidationThresholdBps: string;
  keeperRewardBps: string;
  liquidityLock: string;
  fundingEnabled: boolean;
  fundingFactorPerHour: string;
  maxFundingRatePerHour: string;
  /** The price feed's staleness limit for every market (seconds). */
  maxPriceAge: string;
}

export interface GoldenMarket {
  /** Symbol; the bytes32 market id is the symbol right-padded with zeros. */
  name: string;
  maxLeverage: string;
}

export interface GoldenAccount {
  /** Role name; a reader maps it to an address (forge: makeAddr(name)). */
  name: string;
  /** Role name of the inviter bound before the first step, or "". */
  inviter: string;
  /** Holds the pool's pass NFT before the first step. */
  holdsPass: boolean;
}

/** What the step produced ("0" where it does not apply). */
export interface GoldenOutcome {
  minted: string;
  mintFee: string;
  amountOut: string;
  redeemFee: string;
  size: string;
  fundingIndex: string;
  closedMargin: string;
  closedNotional: string;
  closedSize: string;
  remainingMargin: string;
  pnl: string;
  funding: string;
  payout: string;
  realisedPnl: string;
  uncollectedLoss: string;
  liquidationPenalty: string;
  keeperReward: string;
  fee: string;
  feeDiscount: string;
  protocolFee: string;
  referralRebate: string;
  feeBurned: string;
}

export interface GoldenMarketState {
  name: string;
  price: string;
  sumA1: string;
  sumB1: string;
  sumC1: string;
  sumD1: string;
  sumA2: string;
  sumB2: string;
  sumC2: string;
  sumD2: string;
  x1: string;
  x2: string;
  y1: string;
  y2: string;
  longPnl: string;
  shortPnl: string;
  averageEntryPriceLong: string;
  averageEntryPriceShort: string;
  fundingIndex: string;
  fundingRatePerSecond: string;
  balanceRate: string;
  longFundingBase: string;
  shortFundingBase: string;
  longFundingOwed: string;
  shortFundingOwed: string;
}

export interface GoldenPositionState {
  position: string;
  trader: string;
  market: string;
  isLong: boolean;
  margin: string;
  leverage: string;
  notional: string;
  size: string;
  entryPrice: string;
  entryFundingIndex: string;
  pnl: string;
  fundingOwed: string;
  value: string;
  equity: string;
  liquidationPrice: string;
  liquidatable: boolean;
  realisedPnl: string;
}

export interface GoldenAccountState {
  name: string;
  zToken: string;
  settlement: string;
  redeemValue: string;
}

export interface GoldenState {
  time: string;
  settlementBalance: string;
  zTokenSupply: string;
  floatingPnl: string;
  swapRate: string;
  markets: GoldenMarketState[];
  positions: GoldenPositionState[];
  accounts: GoldenAccountState[];
}

export interface GoldenStep {
  /** Unique within the example. */
  id: string;
  action: GoldenAction;
  note: string;
  actor: string;
  position: string;
  market: string;
  isLong: boolean;
  amount: string;
  leverage: string;
  price: string;
  /** Seconds an `advance` moves the clock (`seconds` is a Solidity keyword). */
  duration: string;
  /** The contract error this step reverts with, or "" (the state is then unchanged). */
  reverts: string;
  outcome: GoldenOutcome;
  state: GoldenState;
}

export interface GoldenExample {
  name: string;
  title: string;
  source: string;
  startTime: string;
  pool: GoldenPool;
  markets: GoldenMarket[];
  accounts: GoldenAccount[];
  steps: GoldenStep[];
}

export interface GoldenFile {
  format: typeof GOLDEN_FORMAT;
  version: typeof GOLDEN_VERSION;
  description: string;
  generator: string;
  examples: GoldenExample[];
}
