// The ceiling subgraph: the same data sources, templates and event handlers as
// subgraph/, but each handler only saves one immutable entity for its event
// (the factory handler also starts the same templates, or there would be no
// pool and feed events to index).
import { ethereum } from '@graphprotocol/graph-ts';
import { PoolCreated } from '../generated/PvpPoolFactory/PvpPoolFactory';
import { PvpPool as PvpPoolTemplate, IndexPriceFeed as PriceFeedTemplate } from '../generated/templates';
import { Event } from '../generated/schema';

function store(event: ethereum.Event, kind: string): void {
  const e = new Event(event.transaction.hash.concatI32(event.logIndex.toI32()));
  e.kind = kind;
  e.address = event.address;
  e.blockNumber = event.block.number;
  e.save();
}

export function handlePoolCreated(event: PoolCreated): void {
  // Pools share a feed: start its template once (marked by one extra row, id = the feed's address).
  const feed = event.params.priceFeed;
  if (Event.load(feed) === null) {
    PriceFeedTemplate.create(feed);
    const marker = new Event(feed);
    marker.kind = 'FeedStarted';
    marker.address = feed;
    marker.blockNumber = event.block.number;
    marker.save();
  }
  PvpPoolTemplate.create(event.params.pool);
  store(event, 'PoolCreated');
}

export function handleDeposit(event: ethereum.Event): void { store(event, 'Deposit'); }
export function handleRedeem(event: ethereum.Event): void { store(event, 'Redeem'); }
export function handlePositionOpened(event: ethereum.Event): void { store(event, 'PositionOpened'); }
export function handlePositionClosed(event: ethereum.Event): void { store(event, 'PositionClosed'); }
export function handlePositionLiquidated(event: ethereum.Event): void { store(event, 'PositionLiquidated'); }
export function handleFeeCharged(event: ethereum.Event): void { store(event, 'FeeCharged'); }
export function handleInviterBound(event: ethereum.Event): void { store(event, 'InviterBound'); }
export function handleFundingUpdated(event: ethereum.Event): void { store(event, 'FundingUpdated'); }
export function handleParamsUpdated(event: ethereum.Event): void { store(event, 'ParamsUpdated'); }
export function handlePausedUpdated(event: ethereum.Event): void { store(event, 'PausedUpdated'); }
export function handlePriceSignerUpdated(event: ethereum.Event): void { store(event, 'PriceSignerUpdated'); }
export function handleMarketUpdated(event: ethereum.Event): void { store(event, 'MarketUpdated'); }
export function handleIndexPriceUpdated(event: ethereum.Event): void { store(event, 'IndexPriceUpdated'); }
export function handleMarketConfigured(event: ethereum.Event): void { store(event, 'MarketConfigured'); }
