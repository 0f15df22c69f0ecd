// Index prices: a new price revalues every open position of every pool market
// on that index, so each such pool's floating PnL and swap rate change.
import { Address } from '@graphprotocol/graph-ts';
import { IndexPriceUpdated, MarketConfigured } from '../../generated/templates/IndexPriceFeed/IndexPriceFeed';
import { getOrCreateIndexMarket, loadMarket, loadPool } from '../loaders';
import { applyMarketChange, settlePool } from '../pool-state';
import { revalueMarket } from '../sums';
import { saveChanges } from '../writes';

export function handleIndexPriceUpdated(event: IndexPriceUpdated): void {
  const index = getOrCreateIndexMarket(event.address, event.params.marketId);
  index.latestPrice = event.params.price;
  index.latestPriceUpdatedAt = event.params.timestamp;
  index.priceUpdateCount += 1;
  saveChanges('IndexMarket', index);

  // The pool markets on this index (IndexMarket.marketIds, kept by the handlers that list markets).
  const ids = index.marketIds;
  for (let i = 0; i < ids.length; i++) {
    const market = loadMarket(ids[i]);
    const unrealised = market.unrealisedPnl;
    market.latestPrice = event.params.price;
    // Only the price moved: open amounts, entry prices and ratio stay.
    revalueMarket(market);
    const x1 = market.x1;
    const y1 = market.y1;
    // Only pools with open positions on this index see their rate move.
    if (x1.isZero() && y1.isZero()) {
      if (!market.unrealisedPnl.equals(unrealised)) {
        // Sizes left open without notional: the pool's Σ follows, its rate moves at its next update.
        const quiet = loadPool(market.pool);
        applyMarketChange(quiet, market, x1, y1, unrealised);
        saveChanges('Pool', quiet);
      }
      saveChanges('Market', market);
      continue;
    }
    const pool = loadPool(market.pool);
    applyMarketChange(pool, market, x1, y1, unrealised);
    settlePool(pool, market, event);
    saveChanges('Market', market);
  }
}

export function handleMarketConfigured(event: MarketConfigured): void {
  const index = getOrCreateIndexMarket(Address.fromBytes(event.address), event.params.marketId);
  index.maxPriceAge = event.params.maxPriceAge.toI32();
  saveChanges('IndexMarket', index);
}
