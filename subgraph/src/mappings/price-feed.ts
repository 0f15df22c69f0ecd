// Index prices: a new price revalues every open position of every pool market
// on that index, so each such pool's floating PnL and swap rate change.
import { Address } from '@graphprotocol/graph-ts';
import { IndexPriceUpdated, MarketConfigured } from '../../generated/templates/IndexPriceFeed/IndexPriceFeed';
import { Pool } from '../../generated/schema';
import { getOrCreateIndexMarket } from '../loaders';
import { refreshPoolFromMarkets, settlePool } from '../pool-state';
import { refreshMarket } from '../sums';

export function handleIndexPriceUpdated(event: IndexPriceUpdated): void {
  const index = getOrCreateIndexMarket(event.address, event.params.marketId);
  index.latestPrice = event.params.price;
  index.latestPriceUpdatedAt = event.params.timestamp;
  index.priceUpdateCount += 1;
  index.save();

  const markets = index.markets.load();
  for (let i = 0; i < markets.length; i++) {
    const market = markets[i];
    market.latestPrice = event.params.price;
    refreshMarket(market);
    market.save();
    // Only pools with open positions on this index see their rate move.
    if (market.x1.isZero() && market.y1.isZero()) continue;
    const pool = Pool.load(market.pool)!;
    settlePool(pool, refreshPoolFromMarkets(pool), event);
  }
}

export function handleMarketConfigured(event: MarketConfigured): void {
  const index = getOrCreateIndexMarket(Address.fromBytes(event.address), event.params.marketId);
  index.maxPriceAge = event.params.maxPriceAge.toI32();
  index.save();
}
