import { BigInt } from '@graphprotocol/graph-ts';
import { Deposit } from '../../generated/templates/PvpPool/PvpPool';
import { LiquidityEvent, Pool } from '../../generated/schema';
import { eventId } from '../ids';
import { fromWad } from '../decimals';

export function handleDeposit(event: Deposit): void {
  // The pool exists: this data source is created only by handlePoolCreated.
  const pool = Pool.load(event.address)!;
  pool.settlementBalance = event.params.settlementBalance;
  pool.zTokenSupply = event.params.zTokenSupply;
  pool.swapRateWad = event.params.swapRate;
  pool.swapRate = fromWad(event.params.swapRate);
  pool.cumulativeDepositCount = pool.cumulativeDepositCount.plus(BigInt.fromI32(1));
  pool.cumulativeDepositAmount = pool.cumulativeDepositAmount.plus(event.params.amountIn);
  pool.save();

  const record = new LiquidityEvent(eventId(event));
  record.pool = pool.id;
  record.kind = 'DEPOSIT';
  record.account = event.params.provider;
  record.settlementAmount = event.params.amountIn;
  record.fee = event.params.fee;
  record.zTokenAmount = event.params.zTokenMinted;
  record.swapRateWad = event.params.swapRate;
  record.blockNumber = event.block.number;
  record.timestamp = event.block.timestamp;
  record.transactionHash = event.transaction.hash;
  record.save();
}
