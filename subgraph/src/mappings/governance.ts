// Parameter changes by the pool's governor, each kept as an immutable record.
import { ethereum } from '@graphprotocol/graph-ts';
import { MarketUpdated, ParamsUpdated, PausedUpdated, PriceSignerUpdated } from '../../generated/templates/PvpPool/PvpPool';
import { ParameterChange, Pool } from '../../generated/schema';
import { eventId } from '../ids';
import { getOrCreateMarket } from '../loaders';
import { applyParams, describeParams } from '../params';
import { saveChanges, track } from '../writes';

function record(event: ethereum.Event, kind: string, description: string): void {
  const c = new ParameterChange(eventId(event));
  c.pool = event.address;
  c.kind = kind;
  c.description = description;
  c.timestamp = event.block.timestamp;
  c.transactionHash = event.transaction.hash;
  c.save();
}

export function handleParamsUpdated(event: ParamsUpdated): void {
  // Pool initialisation may emit this before the factory's PoolCreated; PoolCreated sets the same values.
  const pool = Pool.load(event.address);
  if (pool === null) return;
  applyParams(pool, event.params.params);
  pool.save();
  record(event, 'PARAMS', describeParams(pool));
}

export function handlePausedUpdated(event: PausedUpdated): void {
  const pool = Pool.load(event.address);
  if (pool === null) return;
  pool.paused = event.params.paused;
  pool.save();
  record(event, 'PAUSED', event.params.paused ? 'paused' : 'unpaused');
}

export function handlePriceSignerUpdated(event: PriceSignerUpdated): void {
  if (Pool.load(event.address) === null) return;
  record(event, 'PRICE_SIGNER', event.params.signer.toHexString() + (event.params.authorised ? ' authorised' : ' revoked'));
}

export function handleMarketUpdated(event: MarketUpdated): void {
  const pool = Pool.load(event.address);
  if (pool === null) return; // listed at creation: PoolCreated creates the market
  const market = getOrCreateMarket(track(pool!), event.params.marketId);
  market.maxLeverage = event.params.maxLeverage;
  market.enabled = event.params.enabled;
  saveChanges('Market', market);
  record(event, 'MARKET', event.params.marketId.toHexString() + ' max leverage ' + event.params.maxLeverage.toString() + (event.params.enabled ? ', enabled' : ', disabled'));
}
