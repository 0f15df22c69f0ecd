// The floor subgraph (see schema.graphql): per trading event it loads the pool,
// the market and (on a close) the position, moves the sums and amounts, sets
// the pool's supply and rate, and saves what it loaded. Same data sources,
// templates and handler names as subgraph/ (the manifest is ours with the
// mapping files swapped); rare events (parameters, referrals, funding) do nothing,
// and floating PnL is never recomputed from prices (an upper bound, not a twin).
import { BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import { PoolCreated } from '../generated/PvpPoolFactory/PvpPoolFactory';
import { Deposit, FeeCharged, PositionClosed, PositionLiquidated, PositionOpened, Redeem } from '../generated/templates/PvpPool/PvpPool';
import { IndexPriceUpdated } from '../generated/templates/IndexPriceFeed/IndexPriceFeed';
import { PvpPool as PvpPoolTemplate, IndexPriceFeed as PriceFeedTemplate } from '../generated/templates';
import { Feed, IndexPrice, Market, Pool, Position } from '../generated/schema';

const WAD = BigInt.fromString('1000000000000000000');

function loadPool(address: Bytes): Pool {
  let p = Pool.load(address);
  if (p === null) {
    p = new Pool(address);
    p.balance = BigInt.zero();
    p.supply = BigInt.zero();
    p.floating = BigInt.zero();
    p.rate = WAD;
  }
  return p;
}

function loadMarket(pool: Bytes, marketId: Bytes): Market {
  const id = pool.concat(marketId);
  let m = Market.load(id);
  if (m === null) {
    m = new Market(id);
    m.pool = pool;
    const z = BigInt.zero();
    m.x1 = z; m.x2 = z; m.y1 = z; m.y2 = z;
    m.a1 = z; m.b1 = z; m.c1 = z; m.d1 = z; m.a2 = z; m.b2 = z; m.c2 = z; m.d2 = z;
  }
  return m;
}

function positionId(pool: Bytes, id: BigInt): Bytes {
  return pool.concat(Bytes.fromByteArray(Bytes.fromBigInt(id)));
}

/** rate = balance · 1e18 / (supply + floating): one product and one quotient, as the real mappings do. */
function settle(pool: Pool): void {
  const value = pool.supply.plus(pool.floating);
  if (value.gt(BigInt.zero())) pool.rate = pool.balance.times(WAD).div(value);
  pool.save();
}

export function handlePoolCreated(event: PoolCreated): void {
  const feed = event.params.priceFeed;
  if (Feed.load(feed) === null) {
    PriceFeedTemplate.create(feed);
    new Feed(feed).save();
  }
  PvpPoolTemplate.create(event.params.pool);
  loadPool(event.params.pool).save();
}

export function handleDeposit(event: Deposit): void {
  const pool = loadPool(event.address);
  pool.balance = event.params.settlementBalance;
  pool.supply = event.params.zTokenSupply;
  settle(pool);
}

export function handleRedeem(event: Redeem): void {
  const pool = loadPool(event.address);
  pool.balance = event.params.settlementBalance;
  pool.supply = event.params.zTokenSupply;
  settle(pool);
}

export function handlePositionOpened(event: PositionOpened): void {
  const pool = loadPool(event.address);
  const m = loadMarket(event.address, event.params.marketId);
  const p = new Position(positionId(event.address, event.params.positionId));
  p.market = m.id;
  p.isLong = event.params.isLong;
  p.margin = event.params.margin;
  p.notional = event.params.notional;
  p.size = event.params.size;
  p.open = true;
  p.save();
  if (p.isLong) {
    m.x1 = m.x1.plus(p.notional);
    m.a1 = m.a1.plus(p.size);
    m.b1 = m.b1.plus(p.notional);
  } else {
    m.y1 = m.y1.plus(p.notional);
    m.c1 = m.c1.plus(p.size);
    m.d1 = m.d1.plus(p.notional);
  }
  m.save();
  settle(pool);
}

function reduce(event: ethereum.Event, id: BigInt, notional: BigInt, size: BigInt, supply: BigInt, remaining: BigInt): void {
  const pool = loadPool(event.address);
  const p = Position.load(positionId(event.address, id))!;
  const m = Market.load(p.market)!;
  p.notional = p.notional.minus(notional);
  p.size = p.size.minus(size);
  p.margin = remaining;
  p.open = !remaining.isZero();
  p.save();
  if (p.isLong) {
    m.x2 = m.x2.plus(notional);
    m.a2 = m.a2.plus(size);
    m.b2 = m.b2.plus(notional);
  } else {
    m.y2 = m.y2.plus(notional);
    m.c2 = m.c2.plus(size);
    m.d2 = m.d2.plus(notional);
  }
  m.save();
  pool.supply = supply;
  settle(pool);
}

export function handlePositionClosed(event: PositionClosed): void {
  reduce(event, event.params.positionId, event.params.closedNotional, event.params.closedSize, event.params.zTokenSupply, event.params.remainingMargin);
}

export function handlePositionLiquidated(event: PositionLiquidated): void {
  reduce(event, event.params.positionId, event.params.notional, event.params.size, event.params.zTokenSupply, BigInt.zero());
}

export function handleFeeCharged(event: FeeCharged): void {
  const pool = loadPool(event.address);
  if (event.params.isOpen) pool.supply = pool.supply.minus(event.params.fee.minus(event.params.protocolFee).minus(event.params.referralRebate));
  settle(pool);
}

export function handleIndexPriceUpdated(event: IndexPriceUpdated): void {
  let price = IndexPrice.load(event.params.marketId);
  if (price === null) price = new IndexPrice(event.params.marketId);
  price.price = event.params.price;
  price.save();
}

export function handleInviterBound(event: ethereum.Event): void {}
export function handleFundingUpdated(event: ethereum.Event): void {}
export function handleParamsUpdated(event: ethereum.Event): void {}
export function handlePausedUpdated(event: ethereum.Event): void {}
export function handlePriceSignerUpdated(event: ethereum.Event): void {}
export function handleMarketUpdated(event: ethereum.Event): void {}
export function handleMarketConfigured(event: ethereum.Event): void {}
