import { BigInt, Bytes } from '@graphprotocol/graph-ts';
import { PoolCreated } from '../../generated/PvpPoolFactory/PvpPoolFactory';
import { PvpPool as PvpPoolTemplate, IndexPriceFeed as PriceFeedTemplate } from '../../generated/templates';
import { Pool, PriceFeed } from '../../generated/schema';
import { fromWad } from '../decimals';
import { createMarket, getOrCreateIndexMarket, getOrCreateProtocol } from '../loaders';
import { saveChanges } from '../writes';
import { applyParams } from '../params';
import { recordRatePoint } from '../pool-state';

export function handlePoolCreated(event: PoolCreated): void {
  const protocol = getOrCreateProtocol(event.address);
  protocol.poolCount += 1;
  saveChanges('Protocol', protocol);

  const feed = event.params.priceFeed;
  if (PriceFeed.load(feed) === null) {
    // Pools may share a feed: index it once.
    new PriceFeed(feed).save();
    PriceFeedTemplate.create(feed);
  }

  const pool = new Pool(event.params.pool);
  pool.protocol = protocol.id;
  pool.creator = event.params.creator;
  pool.settlementToken = event.params.settlementToken;
  pool.settlementDecimals = event.params.settlementDecimals;
  pool.zToken = event.params.zToken;
  pool.zTokenName = event.params.zTokenName;
  pool.zTokenSymbol = event.params.zTokenSymbol;
  pool.priceFeed = feed;
  pool.initialSwapRate = event.params.initialSwapRate;
  applyParams(pool, event.params.params);
  pool.paused = false;
  const zero = BigInt.zero();
  pool.settlementBalance = zero;
  pool.zTokenSupply = zero;
  pool.floatingPnl = zero;
  pool.swapRateWad = event.params.initialSwapRate;
  pool.swapRate = fromWad(event.params.initialSwapRate);
  pool.openInterestLong = zero;
  pool.openInterestShort = zero;
  pool.cumulativeVolume = zero;
  pool.cumulativeFees = zero;
  pool.cumulativeProtocolFees = zero;
  pool.cumulativeReferralRebates = zero;
  pool.cumulativeRealisedPnl = zero;
  pool.cumulativeDepositAmount = zero;
  pool.cumulativeRedeemAmount = zero;
  pool.cumulativeMintFees = zero;
  pool.cumulativeRedeemFees = zero;
  pool.depositCount = 0;
  pool.redeemCount = 0;
  pool.positionCount = 0;
  pool.openPositionCount = 0;
  pool.tradeCount = 0;
  pool.liquidationCount = 0;
  pool.createdAtBlock = event.block.number;
  pool.createdAtTimestamp = event.block.timestamp;
  pool.lastUpdatedBlock = event.block.number;
  pool.marketsUnrealisedPnl = zero;
  pool.settledMarketCount = 0;

  const markets = event.params.markets;
  const ids = new Array<Bytes>(0);
  const skews = new Array<BigInt>(0);
  for (let i = 0; i < markets.length; i++) {
    const index = getOrCreateIndexMarket(feed, markets[i].marketId);
    const market = createMarket(event.params.pool, feed, markets[i].marketId, markets[i].maxLeverage);
    market.latestPrice = index.latestPrice;
    market.save();
    const onIndex = index.marketIds;
    onIndex.push(market.id);
    index.marketIds = onIndex;
    saveChanges('IndexMarket', index);
    ids.push(market.id);
    skews.push(zero);
  }
  pool.marketIds = ids;
  pool.marketSkews = skews;
  pool.save();
  recordRatePoint(pool);
  PvpPoolTemplate.create(event.params.pool);
}
