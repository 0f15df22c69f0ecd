// Pool parameters (IPvpPool.PoolParams) copied onto the Pool entity. One
// function for PoolCreated and ParamsUpdated: both carry the same tuple.
import { ethereum } from '@graphprotocol/graph-ts';
import { Pool } from '../generated/schema';

export function applyParams(pool: Pool, p: ethereum.Tuple): void {
  pool.governor = p[0].toAddress();
  pool.protocolFeeRecipient = p[1].toAddress();
  pool.passNft = p[2].toAddress();
  pool.mintFeeBps = p[3].toI32();
  pool.redeemFeeBps = p[4].toI32();
  pool.openFeeBps = p[5].toI32();
  pool.closeFeeBps = p[6].toI32();
  pool.protocolShareBps = p[7].toI32();
  pool.referralRebateBps = p[8].toI32();
  pool.passDiscountBps = p[9].toI32();
  pool.liquidityLock = p[10].toBigInt();
  pool.liquidationThresholdBps = p[11].toI32();
  pool.keeperRewardBps = p[12].toI32();
  pool.fundingEnabled = p[13].toBoolean();
  pool.fundingFactorPerHour = p[14].toBigInt();
  pool.maxFundingRatePerHour = p[15].toBigInt();
}

export function describeParams(pool: Pool): string {
  return (
    'fees mint/redeem/open/close ' +
    pool.mintFeeBps.toString() + '/' + pool.redeemFeeBps.toString() + '/' + pool.openFeeBps.toString() + '/' + pool.closeFeeBps.toString() +
    ' bps, protocol share ' + pool.protocolShareBps.toString() +
    ' bps, referral rebate ' + pool.referralRebateBps.toString() +
    ' bps, pass discount ' + pool.passDiscountBps.toString() +
    ' bps, lock ' + pool.liquidityLock.toString() +
    ' s, liquidation ' + pool.liquidationThresholdBps.toString() +
    ' bps, keeper reward ' + pool.keeperRewardBps.toString() +
    ' bps, funding ' + (pool.fundingEnabled ? 'on' : 'off')
  );
}
