// Replays every example of the golden file through the forge-compiled
// contracts on a real anvil and compares every figure the contracts expose
// after every step: pool state, sums, funding, each position's PnL, funding
// owed and liquidation boundary, balances, previews, and what each action
// emitted. Needs `npm run build -w contracts` (npm test builds first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  http,
  parseEventLogs,
  stringToHex,
  type Address,
  type Hex,
  type PrivateKeyAccount,
  type PublicClient,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { IndexPriceFeed, PvpPool, PvpPoolFactory, PvpPoolLens, TestToken } from '@pvp/contracts/artifacts';
import { signCloseOrder, signOpenOrder } from '@pvp/contracts/orders';
import type { GoldenExample, GoldenFile, GoldenOutcome } from './format.ts';

const golden = JSON.parse(readFileSync(new URL('./mechanism-examples.json', import.meta.url), 'utf8')) as GoldenFile;
const ANVIL = fileURLToPath(new URL('../../node_modules/.bin/anvil', import.meta.url));
const MNEMONIC = 'test test test test test test test test test test test junk';
const ZERO: Address = '0x0000000000000000000000000000000000000000';

let anvil: ChildProcess;
let client: PublicClient;
let rpcUrl: string;
let snapshot: Hex;
const operator = mnemonicToAccount(MNEMONIC, { addressIndex: 0 });
let feed: Address;
let factory: Address;
let lens: Address;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const rpc = (method: string, params: unknown[] = []) => client.request({ method: method as never, params: params as never });
const marketId = (name: string) => stringToHex(name, { size: 32 });

async function send(account: PrivateKeyAccount | ReturnType<typeof mnemonicToAccount>, time: bigint, call: { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[] }) {
  await rpc('evm_setNextBlockTimestamp', [Number(time)]);
  const wallet = createWalletClient({ account, chain: foundry, transport: http(rpcUrl) });
  const { request, result } = await client.simulateContract({ account, ...call } as never);
  const hash = await wallet.writeContract(request as never);
  const receipt = await client.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, 'success', `${call.functionName} mined`);
  return { result: result as unknown, logs: receipt.logs };
}

async function deploy(account: typeof operator, time: bigint, artifact: { abi: readonly unknown[]; bytecode: Hex }, args: readonly unknown[]): Promise<Address> {
  await rpc('evm_setNextBlockTimestamp', [Number(time)]);
  const wallet = createWalletClient({ account, chain: foundry, transport: http(rpcUrl) });
  const hash = await wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args } as never);
  const receipt = await client.waitForTransactionReceipt({ hash });
  assert.ok(receipt.contractAddress);
  return receipt.contractAddress;
}

before(async () => {
  const port = await freePort();
  rpcUrl = `http://127.0.0.1:${port}`;
  // Genesis before the examples' start time, so every example can warp forward to it.
  anvil = spawn(ANVIL, ['--host', '127.0.0.1', '--port', String(port), '--timestamp', '1600000000', '--accounts', '12', '--silent'], { stdio: 'ignore' });
  client = createPublicClient({ chain: foundry, transport: http(rpcUrl, { retryCount: 0 }) });
  for (let i = 0; ; i++) {
    try {
      await client.getChainId();
      break;
    } catch {
      if (i > 100) throw new Error(`anvil did not answer on ${rpcUrl}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const t = 1_600_000_100n;
  feed = await deploy(operator, t, IndexPriceFeed, [operator.address]);
  factory = await deploy(operator, t, PvpPoolFactory, []);
  lens = await deploy(operator, t, PvpPoolLens, []);
  await send(operator, t, { address: feed, abi: IndexPriceFeed.abi, functionName: 'setKeeper', args: [operator.address, true] });
  snapshot = (await rpc('evm_snapshot')) as Hex;
});

after(() => {
  anvil?.kill();
});

/** One example on a fresh copy of the chain: its tokens and pool, then every step, compared. */
async function replay(e: GoldenExample) {
  await rpc('evm_revert', [snapshot]);
  snapshot = (await rpc('evm_snapshot')) as Hex;
  let time = BigInt(e.startTime);
  const accounts = new Map(e.accounts.map((a, i) => [a.name, mnemonicToAccount(MNEMONIC, { addressIndex: i + 1 })]));
  const addr = (name: string) => accounts.get(name)!.address;
  const p = e.pool;

  for (const m of e.markets) await send(operator, time, { address: feed, abi: IndexPriceFeed.abi, functionName: 'setMarket', args: [marketId(m.name), Number(p.maxPriceAge)] });
  const token = await deploy(operator, time, TestToken, ['Settlement', 'SET', Number(p.settlementDecimals)]);
  // The pass only needs balanceOf(holder) ≠ 0: a test ERC-20 with the ERC-721 selector serves.
  const pass = await deploy(operator, time, TestToken, ['Pass', 'PASS', 0]);
  const { logs } = await send(operator, time, {
    address: factory,
    abi: PvpPoolFactory.abi,
    functionName: 'createPool',
    args: [
      {
        settlementToken: token,
        zTokenName: 'z',
        zTokenSymbol: 'z',
        initialSwapRate: BigInt(p.initialSwapRate),
        priceFeed: feed,
        params: {
          governor: operator.address,
          protocolFeeRecipient: accounts.has('protocol') ? addr('protocol') : operator.address,
          passNft: BigInt(p.passDiscountBps) === 0n ? ZERO : pass,
          mintFeeBps: Number(p.mintFeeBps),
          redeemFeeBps: Number(p.redeemFeeBps),
          openFeeBps: Number(p.openFeeBps),
          closeFeeBps: Number(p.closeFeeBps),
          protocolShareBps: Number(p.protocolShareBps),
          referralRebateBps: Number(p.referralRebateBps),
          passDiscountBps: Number(p.passDiscountBps),
          liquidityLock: Number(p.liquidityLock),
          liquidationThresholdBps: Number(p.liquidationThresholdBps),
          keeperRewardBps: Number(p.keeperRewardBps),
          fundingEnabled: p.fundingEnabled,
          fundingFactorPerHour: BigInt(p.fundingFactorPerHour),
          maxFundingRatePerHour: BigInt(p.maxFundingRatePerHour),
        },
        markets: e.markets.map((m) => ({ marketId: marketId(m.name), maxLeverage: Number(m.maxLeverage) })),
      },
    ],
  });
  const [created] = parseEventLogs({ abi: PvpPoolFactory.abi, logs, eventName: 'PoolCreated' });
  const pool = created!.args.pool;
  const zToken = created!.args.zToken;
  await send(operator, time, { address: pool, abi: PvpPool.abi, functionName: 'setPriceSigner', args: [operator.address, true] });
  for (const a of e.accounts) {
    if (a.holdsPass) await send(operator, time, { address: pass, abi: TestToken.abi, functionName: 'mint', args: [addr(a.name), 1n] });
    if (a.inviter) await send(accounts.get(a.name)!, time, { address: pool, abi: PvpPool.abi, functionName: 'bindInviter', args: [addr(a.inviter)] });
  }

  const ids = new Map<string, bigint>();
  const balanceRates = new Map<string, bigint>();
  const read = <T>(address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []) => client.readContract({ address, abi, functionName, args } as never) as Promise<T>;

  for (const s of e.steps) {
    const where = `${e.name}/${s.id}`;
    const actor = s.actor ? accounts.get(s.actor)! : operator;
    let call: { address: Address; abi: readonly unknown[]; functionName: string; args: readonly unknown[] } | null = null;
    switch (s.action) {
      case 'advance':
        time += BigInt(s.duration);
        await rpc('evm_setNextBlockTimestamp', [Number(time)]);
        await rpc('evm_mine');
        break;
      case 'price':
        call = { address: feed, abi: IndexPriceFeed.abi, functionName: 'postPrice', args: [marketId(s.market), [BigInt(s.price)]] };
        break;
      case 'deposit':
        await send(operator, time, { address: token, abi: TestToken.abi, functionName: 'mint', args: [actor.address, BigInt(s.amount)] });
        await send(actor, time, { address: token, abi: TestToken.abi, functionName: 'approve', args: [pool, BigInt(s.amount)] });
        call = { address: pool, abi: PvpPool.abi, functionName: 'deposit', args: [BigInt(s.amount), 0n] };
        break;
      case 'redeem':
        call = { address: pool, abi: PvpPool.abi, functionName: 'redeem', args: [BigInt(s.amount), 0n] };
        break;
      case 'open': {
        const order = { trader: actor.address, pool, marketId: marketId(s.market), isLong: s.isLong, margin: BigInt(s.amount), leverage: BigInt(s.leverage), price: BigInt(s.price), deadline: time + 3600n, nonce: await read<bigint>(pool, PvpPool.abi, 'nonces', [actor.address]) };
        call = { address: pool, abi: PvpPool.abi, functionName: 'openPosition', args: [order, await signOpenOrder(operator, foundry.id, order)] };
        break;
      }
      case 'close': {
        const order = { trader: actor.address, pool, positionId: ids.get(s.position)!, margin: BigInt(s.amount), price: BigInt(s.price), deadline: time + 3600n, nonce: await read<bigint>(pool, PvpPool.abi, 'nonces', [actor.address]) };
        call = { address: pool, abi: PvpPool.abi, functionName: 'closePosition', args: [order, await signCloseOrder(operator, foundry.id, order)] };
        break;
      }
      case 'liquidate':
        call = { address: pool, abi: PvpPool.abi, functionName: 'liquidate', args: [ids.get(s.position)!] };
        break;
    }

    const emitted: Partial<Record<keyof GoldenOutcome, bigint>> = {};
    if (call && s.reverts) {
      await rpc('evm_setNextBlockTimestamp', [Number(time)]);
      await rpc('evm_mine');
      const err = await client.simulateContract({ account: actor, ...call } as never).then(
        () => null,
        (x: unknown) => x,
      );
      const reverted = err instanceof BaseError ? err.walk((x) => x instanceof ContractFunctionRevertedError) : null;
      assert.ok(reverted instanceof ContractFunctionRevertedError, `${where}: reverts`);
      assert.equal(reverted.data?.errorName, s.reverts, `${where}: the revert`);
    } else if (call) {
      const { result, logs } = await send(actor, time, call);
      for (const ev of parseEventLogs({ abi: PvpPool.abi, logs })) {
        const a = ev.args as Record<string, unknown>;
        if (ev.eventName === 'Deposit') Object.assign(emitted, { minted: a.zTokenMinted, mintFee: a.fee });
        if (ev.eventName === 'Redeem') Object.assign(emitted, { amountOut: a.amountOut, redeemFee: a.fee });
        if (ev.eventName === 'PositionOpened') {
          ids.set(s.position, a.positionId as bigint);
          Object.assign(emitted, { size: a.size, fundingIndex: a.fundingIndex });
        }
        if (ev.eventName === 'PositionClosed') Object.assign(emitted, { closedMargin: a.closedMargin, closedNotional: a.closedNotional, closedSize: a.closedSize, remainingMargin: a.remainingMargin, pnl: a.pnl, funding: a.funding, payout: a.payout });
        if (ev.eventName === 'PositionLiquidated') Object.assign(emitted, { closedMargin: a.margin, closedNotional: a.notional, closedSize: a.size, pnl: a.pnl, funding: a.funding, keeperReward: a.keeperReward });
        if (ev.eventName === 'FeeCharged') {
          const fee = a.fee as bigint;
          Object.assign(emitted, { fee, feeDiscount: a.discount, protocolFee: a.protocolFee, referralRebate: a.referralRebate, feeBurned: fee - (a.protocolFee as bigint) - (a.referralRebate as bigint) });
        }
        if (ev.eventName === 'FundingUpdated') balanceRates.set(s.market || marketOf(e, s.position), a.balanceRate as bigint);
      }
      if (s.action === 'close') assert.equal(result, BigInt(s.outcome.payout), `${where}: closePosition returns the payout`);
      if (s.action === 'liquidate') assert.equal(result, BigInt(s.outcome.keeperReward), `${where}: liquidate returns the keeper reward`);
    }
    for (const [k, v] of Object.entries(emitted)) assert.equal(v, BigInt(s.outcome[k as keyof GoldenOutcome]), `${where}: outcome.${k}`);
    if (s.action === 'close' && !s.reverts) {
      const o = s.outcome;
      assert.equal(BigInt(o.realisedPnl), emitted.payout! - emitted.closedMargin!, `${where}: realised = payout − closed margin`);
    }

    // The state after the step.
    const [balance, supply, floating, rate] = await read<readonly [bigint, bigint, bigint, bigint]>(pool, PvpPool.abi, 'poolState');
    assert.deepEqual([balance, supply, floating, rate].map(String), [s.state.settlementBalance, s.state.zTokenSupply, s.state.floatingPnl, s.state.swapRate], `${where}: balance, supply, floating PnL, rate`);
    const block = await client.getBlock();
    assert.equal(block.timestamp, BigInt(s.state.time), `${where}: chain time`);
    for (const m of s.state.markets) {
      const id = marketId(m.name);
      const sums = await read<readonly bigint[]>(pool, PvpPool.abi, 'marketSums', [id]);
      const open = await read<readonly bigint[]>(pool, PvpPool.abi, 'openAmounts', [id]);
      const [price] = await read<readonly [bigint, bigint]>(feed, IndexPriceFeed.abi, 'latestPrice', [id]);
      const [index, ratePerSecond, longOwed, shortOwed] = await read<readonly bigint[]>(lens, PvpPoolLens.abi, 'fundingState', [pool, id]);
      const actual = [price, ...sums, ...open, index, ratePerSecond, longOwed, shortOwed, balanceRates.get(m.name) ?? 0n].map(String);
      const expected = [m.price, m.sumA1, m.sumB1, m.sumC1, m.sumD1, m.sumA2, m.sumB2, m.sumC2, m.sumD2, m.x1, m.x2, m.y1, m.y2, m.fundingIndex, m.fundingRatePerSecond, m.longFundingOwed, m.shortFundingOwed, m.balanceRate];
      assert.deepEqual(actual, expected, `${where}: market ${m.name} (price, sums, open amounts, funding)`);
      if (price !== 0n) {
        const [longPnl, shortPnl] = await read<readonly bigint[]>(pool, PvpPool.abi, 'unrealisedPnl', [id]);
        assert.deepEqual([longPnl, shortPnl].map(String), [m.longPnl, m.shortPnl], `${where}: market ${m.name} unrealised PnL`);
      }
    }
    const threshold = BigInt(p.liquidationThresholdBps);
    for (const pos of s.state.positions) {
      const id = ids.get(pos.position)!;
      const v = await read<{ margin: bigint; size: bigint; notional: bigint; leverage: bigint; entryFundingIndex: bigint }>(lens, PvpPoolLens.abi, 'position', [pool, id]);
      const price = BigInt(s.state.markets.find((m) => m.name === pos.market)!.price);
      const [pnl, funding] = await read<readonly bigint[]>(lens, PvpPoolLens.abi, 'positionPnl', [pool, id, price]);
      const liquidatable = await read<boolean>(lens, PvpPoolLens.abi, 'isLiquidatable', [pool, id]);
      assert.deepEqual(
        [v.margin, v.leverage, v.notional, v.size, v.entryFundingIndex, pnl, funding].map(String).concat(String(liquidatable)),
        [pos.margin, pos.leverage, pos.notional, pos.size, pos.entryFundingIndex, pos.pnl, pos.fundingOwed, String(pos.liquidatable)],
        `${where}: position ${pos.position}`,
      );
      // The liquidation price is the contract's boundary: liquidatable there, not one wei beyond.
      const liq = BigInt(pos.liquidationPrice);
      const trigger = (pnl: bigint, f: bigint) => f - pnl >= (v.margin * threshold) / 10_000n;
      const at = async (price: bigint) => {
        const [x, f] = await read<readonly [bigint, bigint]>(lens, PvpPoolLens.abi, 'positionPnl', [pool, id, price]);
        return trigger(x, f);
      };
      if (liq !== 0n) {
        assert.ok(await at(liq), `${where}: ${pos.position} liquidatable at its liquidation price`);
        assert.ok(!(await at(pos.isLong ? liq + 1n : liq - 1n)), `${where}: ${pos.position} not liquidatable one wei beyond`);
      }
    }
    for (const a of s.state.accounts) {
      const z = await read<bigint>(zToken, TestToken.abi, 'balanceOf', [addr(a.name)]);
      const settlement = await read<bigint>(token, TestToken.abi, 'balanceOf', [addr(a.name)]);
      const [out] = z === 0n ? [0n] : await read<readonly bigint[]>(lens, PvpPoolLens.abi, 'previewRedeem', [pool, z]);
      assert.deepEqual([z, settlement, out].map(String), [a.zToken, a.settlement, a.redeemValue], `${where}: account ${a.name}`);
    }
  }
}

/** The market a position was opened in (close and liquidate steps name only the position). */
function marketOf(e: GoldenExample, position: string): string {
  return e.steps.find((x) => x.action === 'open' && x.position === position)!.market;
}

for (const e of golden.examples) {
  test(`${e.name}: the contracts reproduce every step (${e.source})`, () => replay(e));
}
