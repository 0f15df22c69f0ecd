// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PoolFixture} from "./utils/PoolFixture.sol";
import {Vm} from "./utils/Vm.sol";
import {PvpPool} from "../src/PvpPool.sol";
import {ZToken} from "../src/tokens/ZToken.sol";
import {IPvpPool} from "../src/interfaces/IPvpPool.sol";
import {IPvpPoolFactory} from "../src/interfaces/IPvpPoolFactory.sol";
import {MockPassNft} from "./mocks/MockPassNft.sol";
import {FeeOnTransferToken} from "./mocks/FeeOnTransferToken.sol";

/// @notice Behaviour of the pool beyond the worked examples: fees, referral, pass discount, partial closes,
/// keeper rewards, funding, liquidity lock, events, odd tokens, the lens.
contract PvpPoolTest is PoolFixture {
    address internal alice;
    address internal bob;
    address internal treasury;
    MockPassNft internal pass;

    function setUp() public override {
        super.setUp();
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        treasury = makeAddr("treasury");
        pass = new MockPassNft();
    }

    function _feeParams() internal view returns (IPvpPool.PoolParams memory p) {
        p = defaultParams();
        p.protocolFeeRecipient = treasury;
        p.passNft = address(pass);
        p.mintFeeBps = 30; // 0.3%
        p.redeemFeeBps = 50; // 0.5%
        p.openFeeBps = 10; // 0.1% of notional
        p.closeFeeBps = 10;
        p.protocolShareBps = 2_000; // 20% of fees
        p.referralRebateBps = 1_000; // 10% of fees
        p.passDiscountBps = 2_500; // 25% off
    }

    // ------------------------------------------------------------------ fees

    function test_open_whenFeesReferralAndPass() public {
        vm.prank(gov);
        pool.setParams(_feeParams());
        _deposit(pool, alice, 1_000e18); // mint fee 3 stays in the pool: 997 zToken
        assertEq(z.balanceOf(alice), 997e18, "mint fee 0.3%");
        vm.prank(alice);
        pool.bindInviter(bob);
        pass.mint(alice);

        uint256 supplyBefore = z.totalSupply();
        vm.recordLogs();
        _open(pool, alice, BTC, true, 100e18, 10, 10_000e18); // notional 1000: fee 1, pass -0.25 = 0.75
        uint256 fee = 0.75e18;
        assertEq(z.balanceOf(alice), 997e18 - 100e18 - fee, "margin + discounted fee taken");
        assertEq(z.balanceOf(treasury), fee * 2_000 / 10_000, "protocol share 20%");
        assertEq(z.balanceOf(bob), fee * 1_000 / 10_000, "referral rebate 10%");
        assertEq(z.totalSupply(), supplyBefore - fee * 7_000 / 10_000, "70% of the fee burned");

        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool seen;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IPvpPool.FeeCharged.selector) {
                seen = true;
                assertEq(address(uint160(uint256(logs[i].topics[3]))), bob, "inviter topic");
                (bool isOpen, uint256 f, uint256 discount, uint256 protocolFee, uint256 rebate) =
                    abi.decode(logs[i].data, (bool, uint256, uint256, uint256, uint256));
                assertTrue(isOpen, "open fee");
                assertEq(f, fee, "fee");
                assertEq(discount, 0.25e18, "discount");
                assertEq(protocolFee, 0.15e18, "protocol fee");
                assertEq(rebate, 0.075e18, "rebate");
            }
        }
        assertTrue(seen, "FeeCharged emitted");
    }

    function test_close_whenFeeTakenFromPayout() public {
        vm.prank(gov);
        pool.setParams(_feeParams());
        _deposit(pool, alice, 1_000e18);
        uint256 id = _open(pool, alice, BTC, true, 100e18, 10, 10_000e18); // open fee 1 (no pass, no inviter)
        uint256 before = z.balanceOf(alice);
        uint256 payout = _close(pool, alice, id, 100e18, 10_500e18); // +50, close fee 1 on 1000 notional
        assertEq(payout, 149e18, "100 + 50 - 1");
        assertEq(z.balanceOf(alice), before + 149e18, "paid");
    }

    function test_close_whenLossExceedsMargin_noFeeNoPayout() public {
        vm.prank(gov);
        pool.setParams(_feeParams());
        _deposit(pool, alice, 1_000e18);
        uint256 id = _open(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        uint256 supply = z.totalSupply();
        uint256 payout = _close(pool, alice, id, 100e18, 8_000e18); // -200 on 100 margin
        assertEq(payout, 0, "nothing back");
        assertEq(z.totalSupply(), supply - 100e18, "only the margin is burned (loss capped)");
        assertEq(z.balanceOf(treasury), 0.2e18, "only the open fee's share: no close fee on nothing");
    }

    function test_depositAndRedeemFees_raiseTheRateForHolders() public {
        vm.prank(gov);
        pool.setParams(_feeParams());
        _deposit(pool, alice, 1_000e18);
        assertEq(pool.swapRate(), uint256(1_000e18) * 1e18 / 997e18, "mint fee stays in the pool");
        uint256 rate = pool.swapRate();
        _redeem(pool, alice, 100e18);
        assertGe(pool.swapRate(), rate, "redeem fee raises the rate");
    }

    // ------------------------------------------------------------------ partial close, liquidation

    function test_close_whenPartial_keepsTheEntryPrice() public {
        _deposit(pool, alice, 1_000e18);
        uint256 id = _open(pool, alice, ETH, false, 300e18, 10, 1_000e18);
        uint256 payout = _close(pool, alice, id, 100e18, 900e18); // a third: notional 1000, +100
        assertEq(payout, 200e18, "100 margin + 100 pnl");
        IPvpPool.PositionView memory v = lens.position(pool, id);
        assertEq(v.margin, 200e18, "margin left");
        assertEq(v.notional, 2_000e18, "notional left");
        assertEq(v.size, 2e18, "size left: 2 ETH, entry price still 1000");
        (uint256 a1, uint256 b1, uint256 c1, uint256 d1,,, uint256 c2, uint256 d2) = pool.marketSums(ETH);
        assertEq(a1 + b1, 0, "no longs");
        assertEq(c1, 3_000e18, "sum c1");
        assertEq(d1, 3e18, "sum d1");
        assertEq(c2, 1_000e18, "sum c2: the closed part");
        assertEq(d2, 1e18, "sum d2: at the opening price");
        assertEq(_close(pool, alice, id, 200e18, 1_000e18), 200e18, "rest at entry: margin back");
        assertEq(lens.position(pool, id).trader, address(0), "gone");
    }

    function test_liquidate_whenPastThreshold_paysKeeperReward() public {
        IPvpPool.PoolParams memory p = defaultParams();
        p.liquidationThresholdBps = 9_000;
        p.keeperRewardBps = 500;
        vm.prank(gov);
        pool.setParams(p);
        _deposit(pool, alice, 1_000e18);
        uint256 id = _open(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        _setPrice(BTC, 9_100e18); // -90 = 90%
        uint256 supply = z.totalSupply();
        assertEq(_liquidate(pool, id), 5e18, "5% of margin");
        assertEq(z.balanceOf(keeper), 5e18, "keeper paid");
        assertEq(z.totalSupply(), supply - 95e18, "the rest of the margin burned");
        (uint256 x1, uint256 x2,,) = pool.openAmounts(BTC);
        assertEq(x1 + x2, 0, "removed from the sums");
    }

    // ------------------------------------------------------------------ funding

    function test_funding_whenEnabled_majorityPaysAndPoolKeepsTheNet() public {
        IPvpPool.PoolParams memory p = defaultParams();
        p.fundingEnabled = true;
        p.fundingFactorPerHour = 0.01e18; // 1%/h at BR = 1
        p.maxFundingRatePerHour = 0.001e18; // capped at 0.1%/h
        vm.prank(gov);
        pool.setParams(p);
        _deposit(pool, alice, 1_000e18);
        _deposit(pool, bob, 1_000e18);
        uint256 idA = _open(pool, alice, BTC, true, 300e18, 10, 10_000e18); // long 3000
        uint256 idB = _open(pool, bob, BTC, false, 100e18, 10, 10_000e18); // short 1000
        // BR = 2000 / 2000 = 1 -> 1%/h capped at 0.1%/h, longs pay
        (, int256 rate,,) = lens.fundingState(pool, BTC);
        assertEq(rate, int256(0.001e18) / 3600, "rate per second");
        vm.warp(block.timestamp + 10 hours);
        _setPrice(BTC, 10_000e18);
        (int256 index,, int256 longOwed, int256 shortOwed) = lens.fundingState(pool, BTC);
        assertEq(index, rate * 36_000, "index");
        assertApproxEqAbs(longOwed, int256(30e18), 1e9, "longs owe 3000 * 1% (rate per second truncated)");
        assertApproxEqAbs(shortOwed, -int256(10e18), 1e9, "shorts receive 1000 * 1%");
        assertApproxEqAbs(pool.floatingPnl(), -int256(20e18), 1e9, "pool value gains the net 20");

        uint256 supply = z.totalSupply();
        (, int256 owedA) = lens.positionPnl(pool, idA, 10_000e18);
        uint256 payA = _close(pool, alice, idA, 300e18, 10_000e18);
        assertEq(payA, 300e18 - uint256(owedA), "alice pays exactly what she owes (rounded up)");
        uint256 payB = _close(pool, bob, idB, 100e18, 10_000e18);
        assertApproxEqAbs(payA, 270e18, 1e9, "alice paid ~30");
        assertApproxEqAbs(payB, 110e18, 1e9, "bob received ~10");
        assertApproxEqAbs(z.totalSupply(), supply - 20e18, 1e9, "net 20 burned: the pool keeps it");
    }

    function test_funding_whenDisabledByDefault_isZero() public {
        _deposit(pool, alice, 1_000e18);
        uint256 id = _open(pool, alice, BTC, true, 300e18, 10, 10_000e18);
        vm.warp(block.timestamp + 100 hours);
        (, int256 funding) = lens.positionPnl(pool, id, 10_000e18);
        assertEq(funding, 0, "no funding");
    }

    // ------------------------------------------------------------------ factory, events, tokens

    function test_createPool_whenPermissionless_emitsEveryParameter() public {
        IPvpPool.PoolParams memory p = _feeParams();
        p.liquidityLock = 3 days;
        p.keeperRewardBps = 100;
        vm.recordLogs();
        vm.prank(alice);
        (address created, address zt) = factory.createPool(_createParams(address(usdc), "zUSDC2", p));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        Vm.Log memory last = logs[logs.length - 1];
        assertEq(last.topics[0], IPvpPoolFactory.PoolCreated.selector, "PoolCreated last");
        assertEq(address(uint160(uint256(last.topics[1]))), created, "pool");
        assertEq(address(uint160(uint256(last.topics[3]))), alice, "creator");
        (
            address zToken,
            address priceFeed,
            uint8 decimals,
            string memory name,,
            uint256 rate,
            IPvpPool.PoolParams memory emitted,
            IPvpPool.MarketParams[] memory markets
        ) = abi.decode(
            last.data, (address, address, uint8, string, string, uint256, IPvpPool.PoolParams, IPvpPool.MarketParams[])
        );
        assertEq(zToken, zt, "zToken");
        assertEq(priceFeed, address(feed), "feed");
        assertEq(decimals, 6, "decimals");
        assertEq(keccak256(bytes(name)), keccak256("zUSDC2"), "name");
        assertEq(rate, 1e18, "rate");
        assertEq(keccak256(abi.encode(emitted)), keccak256(abi.encode(p)), "all parameters");
        assertEq(markets.length, 3, "markets");
        assertEq(markets[2].maxLeverage, 50, "BNB 50x");
        assertEq(keccak256(abi.encode(lens.params(PvpPool(created)))), keccak256(abi.encode(p)), "stored = emitted");
        assertEq(factory.poolCount(), 3, "count");
        assertTrue(factory.isPool(created), "registered");
        assertEq(ZToken(zt).pool(), created, "zToken minter is the pool");
    }

    function test_setParams_whenGovernor_emitsAll() public {
        IPvpPool.PoolParams memory p = _feeParams();
        vm.expectEmit(false, false, false, true, address(pool));
        emit IPvpPool.ParamsUpdated(p);
        vm.prank(gov);
        pool.setParams(p);
    }

    function test_deposit_whenFeeOnTransferToken_countsWhatArrives() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        (address a,) = factory.createPool(_createParams(address(fot), "zFEE", defaultParams()));
        PvpPool p = PvpPool(a);
        fot.mint(alice, 100e18);
        vm.startPrank(alice);
        fot.approve(a, 100e18);
        uint256 minted = p.deposit(100e18, 0);
        vm.stopPrank();
        assertEq(minted, 99e18, "1% lost in transfer is not minted");
        assertEq(fot.balanceOf(a), 99e18, "pool got 99");
    }

    function test_initialSwapRate_whenNotOne() public {
        IPvpPoolFactory.CreatePoolParams memory c = _createParams(address(usdc), "zHALF", defaultParams());
        c.initialSwapRate = 0.5e18; // 0.5 USDC per zToken
        (address a,) = factory.createPool(c);
        usdc.mint(alice, 100e6);
        vm.startPrank(alice);
        usdc.approve(a, 100e6);
        assertEq(PvpPool(a).deposit(100e6, 0), 200e18, "100 USDC buys 200 zTokens");
        vm.stopPrank();
        assertEq(PvpPool(a).swapRate(), 0.5e18, "rate kept");
    }

    function test_feed_storesTheMedian() public {
        uint256[] memory sources = new uint256[](4);
        sources[0] = 105e18;
        sources[1] = 100e18;
        sources[2] = 300e18;
        sources[3] = 101e18;
        vm.prank(keeper);
        assertEq(feed.postPrice(ETH, sources), 103e18, "mean of the middle two");
        uint256[] memory three = new uint256[](3);
        three[0] = 7e18;
        three[1] = 1e18;
        three[2] = 5e18;
        vm.prank(keeper);
        feed.postPrice(ETH, three);
        (uint256 price,) = feed.latestPrice(ETH);
        assertEq(price, 5e18, "middle of three");
    }

    // ------------------------------------------------------------------ lens and storage layout

    function test_lens_decodesThePoolsStorage() public {
        IPvpPool.PoolParams memory p = _feeParams();
        p.liquidityLock = 1 hours;
        p.fundingEnabled = true;
        p.fundingFactorPerHour = 7;
        p.maxFundingRatePerHour = 11;
        vm.prank(gov);
        pool.setParams(p);
        assertEq(keccak256(abi.encode(lens.params(pool))), keccak256(abi.encode(p)), "params");
        _deposit(pool, alice, 1_000e18);
        uint256 id = _open(pool, alice, BNB, false, 12e18, 7, 600e18);
        IPvpPool.PositionView memory v = lens.position(pool, id);
        assertEq(v.trader, alice, "trader");
        assertEq(v.marketId, BNB, "market");
        assertFalse(v.isLong, "side");
        assertEq(v.leverage, 7, "leverage");
        assertEq(v.margin, 12e18, "margin");
        assertEq(v.notional, 84e18, "notional");
        assertEq(v.size, 0.14e18, "size");
        (uint16 maxLev, bool enabled, uint8 index) = lens.marketConfig(pool, BNB);
        assertEq(maxLev, 50, "max leverage");
        assertTrue(enabled, "enabled");
        assertEq(index, 2, "index");
        (uint256 x1, uint256 x2, uint256 y1, uint256 y2) = pool.openAmounts(BNB);
        assertEq(x1 + x2, 0, "no longs");
        assertEq(y1, 84e18, "y1");
        assertEq(y2, 0.14e18, "y2");
        bytes32 digest = keccak256(
            abi.encodePacked(
                hex"1901",
                pool.DOMAIN_SEPARATOR(),
                keccak256(
                    abi.encode(
                        keccak256(
                            "OpenOrder(address trader,address pool,bytes32 marketId,bool isLong,uint256 margin,uint256 leverage,uint256 price,uint256 deadline,uint256 nonce)"
                        ),
                        _openOrder(pool, alice, BTC, true, 1, 2, 3)
                    )
                )
            )
        );
        assertEq(lens.hashOpenOrder(pool, _openOrder(pool, alice, BTC, true, 1, 2, 3)), digest, "EIP-712 digest");
    }

    function test_previews_matchTheActions() public {
        _deposit(pool, alice, 1_000e18);
        _open(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        _setPrice(BTC, 10_300e18);
        (uint256 minted,) = lens.previewDeposit(pool, 77e18);
        assertEq(_deposit(pool, bob, 77e18), minted, "previewDeposit");
        (uint256 out,) = lens.previewRedeem(pool, 50e18);
        assertEq(_redeem(pool, bob, 50e18), out, "previewRedeem");
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = BTC;
        uint256[] memory prices = new uint256[](1);
        prices[0] = 10_300e18;
        (uint256 rate,) = lens.swapRateAt(pool, ids, prices);
        assertEq(rate, pool.swapRate(), "what-if at the current price = the rate");
    }
}
