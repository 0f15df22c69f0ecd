import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WAD } from './integer.ts';
import { capFee, tradeFee } from './fees.ts';
import { closeSettlement, liquidationSettlement } from './settlement.ts';
import { Cases } from './test-random.ts';

const w = (n: number | bigint) => BigInt(n) * WAD;
const params = { feeBps: 10, passDiscountBps: 2500, protocolShareBps: 2000, referralRebateBps: 1000, holdsPass: true, hasInviter: true };

test('trade fee: rounded up, discounted down, split down; the rest is burned', () => {
  assert.deepEqual(tradeFee(w(2000), params), { fee: w(15) / 10n, discount: w(5) / 10n, protocolFee: w(3) / 10n, referralRebate: w(15) / 100n, burned: w(105) / 100n });
  assert.deepEqual(tradeFee(w(2000), { ...params, holdsPass: false, hasInviter: false }), { fee: w(2), discount: 0n, protocolFee: w(4) / 10n, referralRebate: 0n, burned: w(16) / 10n });
  assert.equal(tradeFee(1n, params).fee, 1n, '1 wei of notional still pays 1 wei (rounded up), the discount rounds to 0');
  const c = new Cases(4);
  for (let i = 0; i < 1000; i++) {
    const f = tradeFee(c.wide(30), { ...params, feeBps: c.int(0, 100), passDiscountBps: c.int(0, 10_000), protocolShareBps: c.int(0, 5000), referralRebateBps: c.int(0, 5000), holdsPass: c.bool(), hasInviter: c.bool() });
    assert.equal(f.protocolFee + f.referralRebate + f.burned, f.fee);
    assert.ok(f.burned >= 0n && f.discount >= 0n);
  }
  const capped = capFee(tradeFee(w(1000), params), 7n, params);
  assert.deepEqual([capped.fee, capped.protocolFee, capped.referralRebate], [7n, 1n, 0n]);
});

test('close settlement: payout capped at zero, fee only from a positive value, components add up (docs/mechanism.md §2)', () => {
  const none = { ...params, feeBps: 0 };
  assert.deepEqual(
    (({ payout, realisedPnl, uncollectedLoss }) => ({ payout, realisedPnl, uncollectedLoss }))(closeSettlement(w(100), w(1000), -w(150), 0n, none)),
    { payout: 0n, realisedPnl: -w(100), uncollectedLoss: w(50) },
  );
  const c = new Cases(6);
  for (let i = 0; i < 2000; i++) {
    const m = c.wide(24);
    const n = m * BigInt(c.int(1, 200));
    const pnl = c.big(-2n * m, 2n * m);
    const funding = c.big(-m, m);
    const s = closeSettlement(m, n, pnl, funding, { ...params, holdsPass: c.bool() });
    assert.equal(s.realisedPnl, s.payout - m);
    assert.equal(s.realisedPnl, pnl - funding - s.fee.fee + s.uncollectedLoss - s.liquidationPenalty);
    assert.ok(s.payout >= 0n && s.fee.fee <= (m + pnl - funding > 0n ? m + pnl - funding : 0n));
    const l = liquidationSettlement(m, pnl, funding, c.int(0, 1000));
    assert.equal(l.realisedPnl, -m);
    assert.equal(l.realisedPnl, pnl - funding + l.uncollectedLoss - l.liquidationPenalty);
    assert.ok(l.keeperReward <= m && l.supplyDelta === l.keeperReward - m);
  }
});
