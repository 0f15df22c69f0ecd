// Positions: opens, (partial) closes, liquidations and their fees. Each
// updates the market's running sums, the position, the trader, an immutable
// Trade, and the pool's floating PnL and swap rate. Loaded entities are saved
// with saveChanges (writes.ts): only the fields an event changed are written.
import { Address, BigInt, ethereum } from '@graphprotocol/graph-ts';
import {
  FeeCharged,
  FundingUpdated,
  InviterBound,
  PositionClosed,
  PositionLiquidated,
  PositionOpened,
} from '../../generated/templates/PvpPool/PvpPool';
import { Account, FeeCharge, Market, MarketActivity, Pool, Position, Referral, Trade } from '../../generated/schema';
import { fromWad } from '../decimals';
import { eventId, positionEntityId, referralEntityId } from '../ids';
import { getOrCreateAccount, getOrCreateMarket, getOrCreateProtocol, loadMarket, loadPool } from '../loaders';
import { applyMarketChange, recordPoolActivity, settlePool } from '../pool-state';
import { addClose, addOpen, refreshMarket } from '../sums';
import { saveChanges, track } from '../writes';

function recordMarketActivity(market: Market, volume: BigInt, fees: BigInt, realisedPnl: BigInt, liquidations: i32, trades: i32): void {
  const a = new MarketActivity(0);
  a.market = market.id;
  a.pool = market.pool;
  a.volume = fromWad(volume);
  a.fees = fromWad(fees);
  a.realisedPnl = fromWad(realisedPnl);
  a.liquidations = i64(liquidations);
  a.trades = i64(trades);
  a.openInterestLong = fromWad(market.x1);
  a.openInterestShort = fromWad(market.y1);
  a.unrealisedPnl = fromWad(market.unrealisedPnl);
  a.save();
}

function newTrade(event: ethereum.Event, kind: string, position: Position): Trade {
  const t = new Trade(eventId(event));
  t.kind = kind;
  t.pool = position.pool;
  t.market = position.market;
  t.position = position.id;
  t.trader = position.trader;
  t.isLong = position.isLong;
  t.pnl = BigInt.zero();
  t.funding = BigInt.zero();
  t.payout = BigInt.zero();
  t.remainingMargin = BigInt.zero();
  t.blockNumber = event.block.number;
  t.timestamp = event.block.timestamp;
  t.transactionHash = event.transaction.hash;
  return t;
}

/** Market sums changed: refresh it, then the pool's floating PnL and rate; saves both. */
function afterMarketChange(pool: Pool, market: Market, event: ethereum.Event): void {
  const x1 = market.x1;
  const y1 = market.y1;
  const unrealised = market.unrealisedPnl;
  refreshMarket(market);
  applyMarketChange(pool, market, x1, y1, unrealised);
  settlePool(pool, market, event);
  saveChanges('Market', market);
}

/**
 * A close or liquidation took `notional`/`size` out of the market: Σ·2 grow,
 * the counters and totals of market, trader, pool and protocol move, the
 * supply is the event's, and the pool's rate is recomputed.
 */
function applyReduction(
  pool: Pool,
  market: Market,
  account: Account,
  isLong: boolean,
  notional: BigInt,
  size: BigInt,
  pnl: BigInt,
  supply: BigInt,
  liquidation: boolean,
  event: ethereum.Event,
): void {
  addClose(market, isLong, notional, size);
  market.tradeCount += 1;
  market.cumulativeVolume = market.cumulativeVolume.plus(notional);
  market.cumulativeRealisedPnl = market.cumulativeRealisedPnl.plus(pnl);

  account.tradeCount += 1;
  account.cumulativeVolume = account.cumulativeVolume.plus(notional);
  account.cumulativeRealisedPnl = account.cumulativeRealisedPnl.plus(pnl);
  saveChanges('Account', account);

  pool.zTokenSupply = supply;
  pool.tradeCount += 1;
  pool.cumulativeVolume = pool.cumulativeVolume.plus(notional);
  pool.cumulativeRealisedPnl = pool.cumulativeRealisedPnl.plus(pnl);
  const protocol = getOrCreateProtocol(pool.protocol);
  protocol.tradeCount += 1;
  if (liquidation) {
    market.liquidationCount += 1;
    pool.liquidationCount += 1;
    protocol.liquidationCount += 1;
  }
  saveChanges('Protocol', protocol);

  afterMarketChange(pool, market, event);
  const liquidations = liquidation ? 1 : 0;
  recordMarketActivity(market, notional, BigInt.zero(), pnl, liquidations, 1);
  recordPoolActivity(pool, notional, BigInt.zero(), pnl, liquidations, BigInt.zero(), BigInt.zero());
}

export function handlePositionOpened(event: PositionOpened): void {
  const pool = loadPool(event.address);
  const market = getOrCreateMarket(pool, event.params.marketId);
  const protocol = getOrCreateProtocol(pool.protocol);
  const found = getOrCreateAccount(event.params.trader, event);
  const account = found.account;
  if (found.isNew) protocol.traderCount += 1;

  const p = new Position(positionEntityId(event.address, event.params.positionId));
  p.positionId = event.params.positionId;
  p.pool = pool.id;
  p.market = market.id;
  p.trader = account.id;
  p.isLong = event.params.isLong;
  p.status = 'OPEN';
  p.leverage = event.params.leverage.toI32();
  p.entryPrice = event.params.price;
  p.margin = event.params.margin;
  p.notional = event.params.notional;
  p.size = event.params.size;
  p.initialMargin = event.params.margin;
  p.initialNotional = event.params.notional;
  p.realisedPnl = BigInt.zero();
  p.fundingPaid = BigInt.zero();
  p.feesPaid = BigInt.zero();
  p.payout = BigInt.zero();
  p.closeCount = 0;
  p.openedAtBlock = event.block.number;
  p.openedAtTimestamp = event.block.timestamp;
  p.save();

  const t = newTrade(event, 'OPEN', p);
  t.margin = event.params.margin;
  t.notional = event.params.notional;
  t.size = event.params.size;
  t.price = event.params.price;
  t.save();

  addOpen(market, event.params.isLong, event.params.notional, event.params.size);
  market.positionCount += 1;
  market.openPositionCount += 1;
  market.tradeCount += 1;
  market.cumulativeVolume = market.cumulativeVolume.plus(event.params.notional);

  account.positionCount += 1;
  account.tradeCount += 1;
  account.cumulativeVolume = account.cumulativeVolume.plus(event.params.notional);
  saveChanges('Account', account);

  pool.positionCount += 1;
  pool.openPositionCount += 1;
  pool.tradeCount += 1;
  pool.cumulativeVolume = pool.cumulativeVolume.plus(event.params.notional);
  protocol.positionCount += 1;
  protocol.tradeCount += 1;
  saveChanges('Protocol', protocol);

  afterMarketChange(pool, market, event);
  recordMarketActivity(market, event.params.notional, BigInt.zero(), BigInt.zero(), 0, 1);
  recordPoolActivity(pool, event.params.notional, BigInt.zero(), BigInt.zero(), 0, BigInt.zero(), BigInt.zero());
}

export function handlePositionClosed(event: PositionClosed): void {
  const pool = loadPool(event.address);
  // The position exists: PositionOpened of this pool created it.
  const p = track(Position.load(positionEntityId(event.address, event.params.positionId))!);
  const market = loadMarket(p.market);
  const account = track(Account.load(p.trader)!);
  const pnl = event.params.pnl;

  p.margin = event.params.remainingMargin;
  p.notional = p.notional.minus(event.params.closedNotional);
  p.size = p.size.minus(event.params.closedSize);
  p.realisedPnl = p.realisedPnl.plus(pnl);
  p.fundingPaid = p.fundingPaid.plus(event.params.funding);
  p.payout = p.payout.plus(event.params.payout);
  p.closeCount += 1;
  const full = event.params.remainingMargin.isZero();
  if (full) {
    p.status = 'CLOSED';
    p.closedAtBlock = event.block.number;
    p.closedAtTimestamp = event.block.timestamp;
    market.openPositionCount -= 1;
    pool.openPositionCount -= 1;
  }
  saveChanges('Position', p);

  const t = newTrade(event, 'CLOSE', p);
  t.margin = event.params.closedMargin;
  t.notional = event.params.closedNotional;
  t.size = event.params.closedSize;
  t.price = event.params.price;
  t.pnl = pnl;
  t.funding = event.params.funding;
  t.payout = event.params.payout;
  t.remainingMargin = event.params.remainingMargin;
  t.save();

  if (pnl.gt(BigInt.zero())) account.winCount += 1;
  else if (pnl.lt(BigInt.zero())) account.lossCount += 1;
  applyReduction(pool, market, account, p.isLong, event.params.closedNotional, event.params.closedSize, pnl, event.params.zTokenSupply, false, event);
}

export function handlePositionLiquidated(event: PositionLiquidated): void {
  const pool = loadPool(event.address);
  const p = track(Position.load(positionEntityId(event.address, event.params.positionId))!);
  const market = loadMarket(p.market);
  const account = track(Account.load(p.trader)!);
  const pnl = event.params.pnl;

  p.status = 'LIQUIDATED';
  p.margin = BigInt.zero();
  p.notional = BigInt.zero();
  p.size = BigInt.zero();
  p.realisedPnl = p.realisedPnl.plus(pnl);
  p.fundingPaid = p.fundingPaid.plus(event.params.funding);
  p.closedAtBlock = event.block.number;
  p.closedAtTimestamp = event.block.timestamp;
  saveChanges('Position', p);

  const t = newTrade(event, 'LIQUIDATION', p);
  t.margin = event.params.margin;
  t.notional = event.params.notional;
  t.size = event.params.size;
  t.price = event.params.price;
  t.pnl = pnl;
  t.funding = event.params.funding;
  t.keeper = event.params.keeper;
  t.keeperReward = event.params.keeperReward;
  t.save();

  account.lossCount += 1;
  account.liquidationCount += 1;
  market.openPositionCount -= 1;
  pool.openPositionCount -= 1;
  applyReduction(pool, market, account, p.isLong, event.params.notional, event.params.size, pnl, event.params.zTokenSupply, true, event);
}

export function handleFeeCharged(event: FeeCharged): void {
  const p = track(Position.load(positionEntityId(event.address, event.params.positionId))!);
  const fee = event.params.fee;

  const charge = new FeeCharge(eventId(event));
  charge.pool = event.address;
  charge.position = p.id;
  charge.trader = p.trader;
  charge.inviter = event.params.inviter.equals(Address.zero()) ? null : event.params.inviter;
  charge.isOpen = event.params.isOpen;
  charge.fee = fee;
  charge.discount = event.params.discount;
  charge.protocolFee = event.params.protocolFee;
  charge.referralRebate = event.params.referralRebate;
  charge.timestamp = event.block.timestamp;
  charge.save();
  if (fee.isZero()) return;

  p.feesPaid = p.feesPaid.plus(fee);
  saveChanges('Position', p);
  const market = loadMarket(p.market);
  market.cumulativeFees = market.cumulativeFees.plus(fee);
  const account = track(Account.load(p.trader)!);
  account.cumulativeFees = account.cumulativeFees.plus(fee);
  saveChanges('Account', account);
  if (event.params.referralRebate.gt(BigInt.zero())) {
    const inviter = getOrCreateAccount(event.params.inviter, event);
    inviter.account.cumulativeReferralRebatesEarned = inviter.account.cumulativeReferralRebatesEarned.plus(event.params.referralRebate);
    saveChanges('Account', inviter.account);
  }
  const pool = loadPool(event.address);
  pool.cumulativeFees = pool.cumulativeFees.plus(fee);
  pool.cumulativeProtocolFees = pool.cumulativeProtocolFees.plus(event.params.protocolFee);
  pool.cumulativeReferralRebates = pool.cumulativeReferralRebates.plus(event.params.referralRebate);
  if (event.params.isOpen) {
    // On opening the burned part of the fee (fee − protocol share − rebate) leaves the supply;
    // PositionOpened carries no supply. Closes and liquidations carry the supply after everything.
    pool.zTokenSupply = pool.zTokenSupply.minus(fee.minus(event.params.protocolFee).minus(event.params.referralRebate));
  }
  // The fee changes no market's sums: the pool's rate moves with the supply only.
  settlePool(pool, market, event);
  saveChanges('Market', market);
  recordMarketActivity(market, BigInt.zero(), fee, BigInt.zero(), 0, 0);
  recordPoolActivity(pool, BigInt.zero(), fee, BigInt.zero(), 0, BigInt.zero(), BigInt.zero());
}

export function handleInviterBound(event: InviterBound): void {
  const found = getOrCreateAccount(event.params.trader, event);
  if (found.isNew) {
    found.account.save();
    const protocol = getOrCreateProtocol(loadPool(event.address).protocol);
    protocol.traderCount += 1;
    saveChanges('Protocol', protocol);
  }
  const r = new Referral(referralEntityId(event.address, event.params.trader));
  r.pool = event.address;
  r.trader = event.params.trader;
  r.inviter = event.params.inviter;
  r.timestamp = event.block.timestamp;
  r.save();
}

export function handleFundingUpdated(event: FundingUpdated): void {
  const pool = loadPool(event.address);
  const market = getOrCreateMarket(pool, event.params.marketId);
  market.fundingIndex = event.params.fundingIndex;
  market.fundingRatePerSecond = event.params.ratePerSecond;
  saveChanges('Market', market);
}
