// Deposits and redemptions: the events carry the contract's own balance,
// supply, floating PnL and rate after the change, which the pool takes as is.
import { BigInt } from '@graphprotocol/graph-ts';
import { Deposit, Redeem } from '../../generated/templates/PvpPool/PvpPool';
import { LiquidityEvent, Pool } from '../../generated/schema';
import { fromWad } from '../decimals';
import { eventId } from '../ids';
import { getOrCreateProtocol } from '../loaders';
import { recordPoolActivity, recordRatePoint } from '../pool-state';

export function handleDeposit(event: Deposit): void {
  // The pool exists: its data source is created only by handlePoolCreated.
  const pool = Pool.load(event.address)!;
  pool.settlementBalance = event.params.settlementBalance;
  pool.zTokenSupply = event.params.zTokenSupply;
  pool.floatingPnl = event.params.floatingPnl;
  pool.swapRateWad = event.params.swapRate;
  pool.swapRate = fromWad(event.params.swapRate);
  pool.depositCount += 1;
  pool.cumulativeDepositAmount = pool.cumulativeDepositAmount.plus(event.params.amountIn);
  pool.cumulativeMintFees = pool.cumulativeMintFees.plus(event.params.fee);
  pool.lastUpdatedBlock = event.block.number;
  pool.save();
  recordRatePoint(pool);
  recordPoolActivity(pool, BigInt.zero(), BigInt.zero(), BigInt.zero(), 0, event.params.amountIn, BigInt.zero());

  const protocol = getOrCreateProtocol(pool.protocol);
  protocol.depositCount += 1;
  protocol.save();

  const record = new LiquidityEvent(eventId(event));
  record.pool = pool.id;
  record.kind = 'DEPOSIT';
  record.account = event.params.provider;
  record.settlementAmount = event.params.amountIn;
  record.fee = event.params.fee;
  record.zTokenAmount = event.params.zTokenMinted;
  record.swapRateWad = event.params.swapRate;
  record.unlockTime = event.params.unlockTime;
  record.blockNumber = event.block.number;
  record.timestamp = event.block.timestamp;
  record.transactionHash = event.transaction.hash;
  record.save();
}

export function handleRedeem(event: Redeem): void {
  const pool = Pool.load(event.address)!;
  pool.settlementBalance = event.params.settlementBalance;
  pool.zTokenSupply = event.params.zTokenSupply;
  pool.floatingPnl = event.params.floatingPnl;
  pool.swapRateWad = event.params.swapRate;
  pool.swapRate = fromWad(event.params.swapRate);
  pool.redeemCount += 1;
  pool.cumulativeRedeemAmount = pool.cumulativeRedeemAmount.plus(event.params.amountOut);
  pool.cumulativeRedeemFees = pool.cumulativeRedeemFees.plus(event.params.fee);
  pool.lastUpdatedBlock = event.block.number;
  pool.save();
  recordRatePoint(pool);
  recordPoolActivity(pool, BigInt.zero(), BigInt.zero(), BigInt.zero(), 0, BigInt.zero(), event.params.amountOut);

  const protocol = getOrCreateProtocol(pool.protocol);
  protocol.redeemCount += 1;
  protocol.save();

  const record = new LiquidityEvent(eventId(event));
  record.pool = pool.id;
  record.kind = 'REDEEM';
  record.account = event.params.provider;
  record.settlementAmount = event.params.amountOut;
  record.fee = event.params.fee;
  record.zTokenAmount = event.params.zTokenBurned;
  record.swapRateWad = event.params.swapRate;
  record.blockNumber = event.block.number;
  record.timestamp = event.block.timestamp;
  record.transactionHash = event.transaction.hash;
  record.save();
}
