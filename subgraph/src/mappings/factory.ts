import { BigInt } from '@graphprotocol/graph-ts';
import { PoolCreated } from '../../generated/PvpPoolFactory/PvpPoolFactory';
import { PvpPool as PvpPoolTemplate } from '../../generated/templates';
import { Pool } from '../../generated/schema';
import { fromWad } from '../decimals';

export function handlePoolCreated(event: PoolCreated): void {
  const pool = new Pool(event.params.pool);
  pool.factory = event.address;
  pool.creator = event.params.creator;
  pool.settlementToken = event.params.settlementToken;
  pool.settlementDecimals = event.params.settlementDecimals;
  pool.zToken = event.params.zToken;
  pool.zTokenName = event.params.zTokenName;
  pool.zTokenSymbol = event.params.zTokenSymbol;
  pool.initialSwapRate = event.params.initialSwapRate;
  pool.settlementBalance = BigInt.zero();
  pool.zTokenSupply = BigInt.zero();
  pool.swapRateWad = event.params.initialSwapRate;
  pool.swapRate = fromWad(event.params.initialSwapRate);
  pool.cumulativeDepositCount = BigInt.zero();
  pool.cumulativeDepositAmount = BigInt.zero();
  pool.createdAtBlock = event.block.number;
  pool.createdAtTimestamp = event.block.timestamp;
  pool.save();
  PvpPoolTemplate.create(event.params.pool);
}
