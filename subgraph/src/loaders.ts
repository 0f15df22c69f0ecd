// getOrCreate loaders: the one place that sets every required field of a new entity.
import { Address, BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import { Account, IndexMarket, Market, Pool, Protocol } from '../generated/schema';
import { indexMarketEntityId, marketEntityId } from './ids';
import { saveChanges, track } from './writes';

// Loaded entities are tracked (writes.ts): save them with saveChanges, which sends only what changed.

export function getOrCreateProtocol(factory: Bytes): Protocol {
  const found = Protocol.load(factory);
  if (found !== null) return track(found!);
  const p = new Protocol(factory);
  p.poolCount = 0;
  p.traderCount = 0;
  p.positionCount = 0;
  p.tradeCount = 0;
  p.liquidationCount = 0;
  p.depositCount = 0;
  p.redeemCount = 0;
  return p;
}

export function loadPool(id: Bytes): Pool {
  // Every PvpPool data source was created by handlePoolCreated, which saved the pool.
  return track(Pool.load(id)!);
}

export function loadMarket(id: Bytes): Market {
  return track(Market.load(id)!);
}

export function getOrCreateIndexMarket(feed: Address, marketId: Bytes): IndexMarket {
  const id = indexMarketEntityId(feed, marketId);
  const found = IndexMarket.load(id);
  if (found !== null) return track(found!);
  const m = new IndexMarket(id);
  m.feed = feed;
  m.marketId = marketId;
  m.priceUpdateCount = 0;
  m.marketIds = [];
  return m;
}

/**
 * The pool's market; created on the fly for a market listed after the pool
 * (MarketUpdated). A new market is added to the pool's and the index's market
 * lists, and those two are saved; the caller saves the market.
 */
export function getOrCreateMarket(pool: Pool, marketId: Bytes): Market {
  const m = Market.load(marketEntityId(Address.fromBytes(pool.id), marketId));
  if (m !== null) return track(m!);
  const feed = Address.fromBytes(pool.priceFeed);
  const index = getOrCreateIndexMarket(feed, marketId);
  const created = createMarket(Address.fromBytes(pool.id), feed, marketId, 0);
  created.latestPrice = index.latestPrice;
  listMarket(pool, index, created.id);
  saveChanges('IndexMarket', index);
  saveChanges('Pool', pool);
  return created;
}

/** Adds a new market (balance 0) to its pool's and its index's lists; the caller saves both. */
export function listMarket(pool: Pool, index: IndexMarket, marketEntity: Bytes): void {
  const ids = pool.marketIds;
  ids.push(marketEntity);
  pool.marketIds = ids;
  const skews = pool.marketSkews;
  skews.push(BigInt.zero());
  pool.marketSkews = skews;
  const onIndex = index.marketIds;
  onIndex.push(marketEntity);
  index.marketIds = onIndex;
}

export function createMarket(pool: Address, feed: Address, marketId: Bytes, maxLeverage: i32): Market {
  const m = new Market(marketEntityId(pool, marketId));
  m.pool = pool;
  m.indexMarket = indexMarketEntityId(feed, marketId);
  m.marketId = marketId;
  m.maxLeverage = maxLeverage;
  m.enabled = true;
  const zero = BigInt.zero();
  m.sumA1 = zero;
  m.sumB1 = zero;
  m.sumC1 = zero;
  m.sumD1 = zero;
  m.sumA2 = zero;
  m.sumB2 = zero;
  m.sumC2 = zero;
  m.sumD2 = zero;
  m.x1 = zero;
  m.x2 = zero;
  m.y1 = zero;
  m.y2 = zero;
  m.unrealisedPnlLong = zero;
  m.unrealisedPnlShort = zero;
  m.unrealisedPnl = zero;
  m.fundingIndex = zero;
  m.fundingRatePerSecond = zero;
  m.cumulativeVolume = zero;
  m.cumulativeFees = zero;
  m.cumulativeRealisedPnl = zero;
  m.positionCount = 0;
  m.openPositionCount = 0;
  m.tradeCount = 0;
  m.liquidationCount = 0;
  return m;
}

/** Accounts are created on first sight; `isNew` lets callers count traders. */
export class AccountResult {
  constructor(
    public account: Account,
    public isNew: boolean,
  ) {}
}

export function getOrCreateAccount(address: Bytes, event: ethereum.Event): AccountResult {
  const found = Account.load(address);
  if (found !== null) return new AccountResult(track(found!), false);
  const a = new Account(address);
  const zero = BigInt.zero();
  a.cumulativeVolume = zero;
  a.cumulativeRealisedPnl = zero;
  a.cumulativeFees = zero;
  a.cumulativeReferralRebatesEarned = zero;
  a.tradeCount = 0;
  a.positionCount = 0;
  a.winCount = 0;
  a.lossCount = 0;
  a.liquidationCount = 0;
  a.firstSeenTimestamp = event.block.timestamp;
  return new AccountResult(a, true);
}
