// Deposits and redemptions: the events carry the contract's own balance,
// supply, floating PnL and rate after the change, which the pool takes as is.
import { BigInt, ethereum } from '@graphprotocol/graph-ts';
import { Deposit, Redeem } from '../../generated/templates/PvpPool/PvpPool';
import { LiquidityEvent, Pool } from '../../generated/schema';
import { fromWad } from '../decimals';
import { eventId } from '../ids';
import { getOrCreateProtocol, loadPool } from '../loaders';
import { recordPoolActivity, recordRatePoint } from '../pool-state';
import { saveChanges } from '../writes';

/** The contract's own state after a deposit or redemption, taken as is. */
function loadWithState(event: ethereum.Event, balance: BigInt, supply: BigInt, floating: BigInt, rate: BigInt): Pool {
  // The pool exists: its data source is created only by handlePoolCreated.
  const pool = loadPool(event.address);
  pool.settlementBalance = balance;
  pool.zTokenSupply = supply;
  pool.floatingPnl = floating;
  pool.swapRateWad = rate;
  pool.swapRate = fromWad(rate);
  pool.lastUpdatedBlock = event.block.number;
  return pool;
}

export function handleDeposit(event: Deposit): void {
  const p = event.params;
  const pool = loadWithState(event, p.settlementBalance, p.zTokenSupply, p.floatingPnl, p.swapRate);
  pool.depositCount += 1;
  pool.cumulativeDepositAmount = pool.cumulativeDepositAmount.plus(event.params.amountIn);
  pool.cumulativeMintFees = pool.cumulativeMintFees.plus(event.params.fee);
  saveChanges('Pool', pool);
  recordRatePoint(pool);
  recordPoolActivity(pool, BigInt.zero(), BigInt.zero(), BigInt.zero(), 0, event.params.amountIn, BigInt.zero());

  const protocol = getOrCreateProtocol(pool.protocol);
  protocol.depositCount += 1;
  saveChanges('Protocol', protocol);

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
  const p = event.params;
  const pool = loadWithState(event, p.settlementBalance, p.zTokenSupply, p.floatingPnl, p.swapRate);
  pool.redeemCount += 1;
  pool.cumulativeRedeemAmount = pool.cumulativeRedeemAmount.plus(event.params.amountOut);
  pool.cumulativeRedeemFees = pool.cumulativeRedeemFees.plus(event.params.fee);
  saveChanges('Pool', pool);
  recordRatePoint(pool);
  recordPoolActivity(pool, BigInt.zero(), BigInt.zero(), BigInt.zero(), 0, BigInt.zero(), event.params.amountOut);

  const protocol = getOrCreateProtocol(pool.protocol);
  protocol.redeemCount += 1;
  saveChanges('Protocol', protocol);

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
