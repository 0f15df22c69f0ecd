// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PoolFixture} from "./utils/PoolFixture.sol";
import {PvpPool} from "../src/PvpPool.sol";
import {IPvpPool} from "../src/interfaces/IPvpPool.sol";
import {IPvpPoolFactory} from "../src/interfaces/IPvpPoolFactory.sol";
import {IZToken} from "../src/interfaces/IZToken.sol";
import {IIndexPriceFeed} from "../src/interfaces/IIndexPriceFeed.sol";

/// @notice Every revert path with its exact error.
contract PvpPoolRevertsTest is PoolFixture {
    address internal alice;
    address internal bob;

    function setUp() public override {
        super.setUp();
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        _deposit(pool, alice, 1_000e18);
        _deposit(pool, bob, 1_000e18);
    }

    function _tryOpen(IPvpPool.OpenOrder memory o, bytes memory sig, bytes memory err) internal {
        vm.prank(o.trader);
        vm.expectRevert(err);
        pool.openPosition(o, sig);
    }

    // ------------------------------------------------------------------ signatures and orders

    function test_RevertWhen_open_signedByUnauthorisedKey() public {
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        _tryOpen(
            o, _sig(0xBAD, lens.hashOpenOrder(pool, o)), abi.encodeWithSelector(IPvpPool.InvalidSignature.selector)
        );
    }

    function test_RevertWhen_open_signatureMalformed() public {
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        _tryOpen(o, hex"1234", abi.encodeWithSelector(IPvpPool.InvalidSignature.selector));
    }

    function test_RevertWhen_open_orderTamperedAfterSigning() public {
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        bytes memory sig = _signOpen(pool, o);
        o.price = 9_000e18; // a better price than signed
        _tryOpen(o, sig, abi.encodeWithSelector(IPvpPool.InvalidSignature.selector));
    }

    function test_RevertWhen_open_priceExpired() public {
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        bytes memory sig = _signOpen(pool, o);
        vm.warp(o.deadline + 1);
        _tryOpen(o, sig, abi.encodeWithSelector(IPvpPool.OrderExpired.selector, o.deadline));
    }

    function test_RevertWhen_open_replayed() public {
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        bytes memory sig = _signOpen(pool, o);
        vm.prank(alice);
        pool.openPosition(o, sig);
        _tryOpen(o, sig, abi.encodeWithSelector(IPvpPool.InvalidNonce.selector, 1, 0));
    }

    function test_RevertWhen_open_orderForAnotherPool() public {
        IPvpPool.OpenOrder memory o = _openOrder(usdcPool, alice, BTC, true, 100e18, 10, 10_000e18);
        bytes memory sig = _signOpen(usdcPool, o);
        _tryOpen(o, sig, abi.encodeWithSelector(IPvpPool.WrongPool.selector));
    }

    function test_RevertWhen_open_signatureFromAnotherPoolsDomain() public {
        // Same order fields, but signed under usdcPool's domain: the digest differs, the signer recovers wrong.
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        bytes memory sig = _signOpen(usdcPool, o);
        _tryOpen(o, sig, abi.encodeWithSelector(IPvpPool.InvalidSignature.selector));
    }

    function test_RevertWhen_open_signatureFromAnotherChain() public {
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        bytes memory sig = _signOpen(pool, o);
        vm.chainId(999);
        _tryOpen(o, sig, abi.encodeWithSelector(IPvpPool.InvalidSignature.selector));
    }

    function test_RevertWhen_open_submittedByAnotherAccount() public {
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        bytes memory sig = _signOpen(pool, o);
        vm.prank(bob);
        vm.expectRevert(IPvpPool.WrongTrader.selector);
        pool.openPosition(o, sig);
    }

    function test_RevertWhen_open_signerRevoked() public {
        vm.prank(gov);
        pool.setPriceSigner(signer, false);
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        _tryOpen(o, _signOpen(pool, o), abi.encodeWithSelector(IPvpPool.InvalidSignature.selector));
    }

    // ------------------------------------------------------------------ order contents

    function test_RevertWhen_open_leverageTooHigh() public {
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, BNB, true, 100e18, 51, 600e18);
        _tryOpen(o, _signOpen(pool, o), abi.encodeWithSelector(IPvpPool.LeverageTooHigh.selector, 51, 50));
    }

    function test_RevertWhen_open_leverageZero() public {
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, BTC, true, 100e18, 0, 10_000e18);
        _tryOpen(o, _signOpen(pool, o), abi.encodeWithSelector(IPvpPool.InvalidLeverage.selector));
    }

    function test_RevertWhen_open_marginZero() public {
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, BTC, true, 0, 10, 10_000e18);
        _tryOpen(o, _signOpen(pool, o), abi.encodeWithSelector(IPvpPool.ZeroAmount.selector));
    }

    function test_RevertWhen_open_priceZero() public {
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, BTC, true, 100e18, 10, 0);
        _tryOpen(o, _signOpen(pool, o), abi.encodeWithSelector(IPvpPool.InvalidPrice.selector));
    }

    function test_RevertWhen_open_unknownMarket() public {
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, "DOGE", true, 100e18, 10, 1e18);
        _tryOpen(o, _signOpen(pool, o), abi.encodeWithSelector(IPvpPool.UnknownMarket.selector, bytes32("DOGE")));
    }

    function test_RevertWhen_open_marketDisabled() public {
        vm.prank(gov);
        pool.setMarket(ETH, 100, false);
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, ETH, true, 100e18, 10, 1_000e18);
        _tryOpen(o, _signOpen(pool, o), abi.encodeWithSelector(IPvpPool.MarketDisabled.selector, ETH));
    }

    function test_RevertWhen_open_marginAboveBalance() public {
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, BTC, true, 1_001e18, 10, 10_000e18);
        _tryOpen(o, _signOpen(pool, o), abi.encodeWithSelector(IZToken.InsufficientBalance.selector));
    }

    function test_RevertWhen_open_paused() public {
        vm.prank(gov);
        pool.setPaused(true);
        IPvpPool.OpenOrder memory o = _openOrder(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        _tryOpen(o, _signOpen(pool, o), abi.encodeWithSelector(IPvpPool.PoolPaused.selector));
    }

    // ------------------------------------------------------------------ close and liquidation

    function test_RevertWhen_close_byAnotherTrader() public {
        uint256 id = _open(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        IPvpPool.CloseOrder memory o = _closeOrder(pool, bob, id, 100e18, 10_000e18);
        bytes memory sig = _signClose(pool, o);
        vm.prank(bob);
        vm.expectRevert(IPvpPool.WrongTrader.selector);
        pool.closePosition(o, sig);
    }

    function test_RevertWhen_close_moreThanTheMargin() public {
        uint256 id = _open(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        IPvpPool.CloseOrder memory o = _closeOrder(pool, alice, id, 100e18 + 1, 10_000e18);
        bytes memory sig = _signClose(pool, o);
        vm.prank(alice);
        vm.expectRevert(IPvpPool.InvalidCloseAmount.selector);
        pool.closePosition(o, sig);
    }

    function test_RevertWhen_close_alreadyClosed() public {
        uint256 id = _open(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        _close(pool, alice, id, 100e18, 10_000e18);
        IPvpPool.CloseOrder memory o = _closeOrder(pool, alice, id, 100e18, 10_000e18);
        bytes memory sig = _signClose(pool, o);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPvpPool.PositionNotFound.selector, id));
        pool.closePosition(o, sig);
    }

    function test_RevertWhen_close_priceExpired() public {
        uint256 id = _open(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        IPvpPool.CloseOrder memory o = _closeOrder(pool, alice, id, 100e18, 10_000e18);
        bytes memory sig = _signClose(pool, o);
        vm.warp(o.deadline + 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPvpPool.OrderExpired.selector, o.deadline));
        pool.closePosition(o, sig);
    }

    function test_RevertWhen_liquidate_notPastThreshold() public {
        uint256 id = _open(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        _setPrice(BTC, 9_001e18); // loss 99.9 < 100
        vm.expectRevert(abi.encodeWithSelector(IPvpPool.NotLiquidatable.selector, id));
        pool.liquidate(id);
    }

    function test_RevertWhen_liquidate_indexPriceStale() public {
        uint256 id = _open(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        (, uint256 updatedAt) = feed.latestPrice(BTC);
        vm.warp(updatedAt + MAX_PRICE_AGE + 1);
        vm.expectRevert(abi.encodeWithSelector(IIndexPriceFeed.StalePrice.selector, BTC, updatedAt));
        pool.liquidate(id);
    }

    function test_RevertWhen_liquidate_unknownPosition() public {
        vm.expectRevert(abi.encodeWithSelector(IPvpPool.PositionNotFound.selector, 42));
        pool.liquidate(42);
    }

    // ------------------------------------------------------------------ liquidity

    function test_RevertWhen_deposit_paused() public {
        vm.prank(gov);
        pool.setPaused(true);
        vm.prank(alice);
        vm.expectRevert(IPvpPool.PoolPaused.selector);
        pool.deposit(1e18, 0);
    }

    function test_RevertWhen_deposit_zero() public {
        vm.prank(alice);
        vm.expectRevert(IPvpPool.ZeroAmount.selector);
        pool.deposit(0, 0);
    }

    function test_RevertWhen_deposit_belowMinimumOut() public {
        wbnb.mint(alice, 1e18);
        vm.startPrank(alice);
        wbnb.approve(address(pool), 1e18);
        vm.expectRevert(abi.encodeWithSelector(IPvpPool.SlippageExceeded.selector, 1e18, 1e18 + 1));
        pool.deposit(1e18, 1e18 + 1);
        vm.stopPrank();
    }

    function test_RevertWhen_deposit_pricesStaleWithOpenPositions() public {
        _open(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        (, uint256 updatedAt) = feed.latestPrice(BTC);
        vm.warp(updatedAt + MAX_PRICE_AGE + 1);
        wbnb.mint(bob, 1e18);
        vm.startPrank(bob);
        wbnb.approve(address(pool), 1e18);
        vm.expectRevert(abi.encodeWithSelector(IIndexPriceFeed.StalePrice.selector, BTC, updatedAt));
        pool.deposit(1e18, 0);
        vm.stopPrank();
    }

    function test_RevertWhen_redeem_liquidityLocked() public {
        IPvpPool.PoolParams memory p = defaultParams();
        p.liquidityLock = 1 days;
        vm.prank(gov);
        pool.setParams(p);
        _deposit(pool, alice, 10e18);
        uint256 unlock = block.timestamp + 1 days;
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IZToken.LiquidityLocked.selector, alice, unlock));
        pool.redeem(1e18, 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IZToken.LiquidityLocked.selector, alice, unlock));
        z.transfer(bob, 1e18);
        vm.warp(unlock);
        assertEq(_redeem(pool, alice, 1e18), 1e18, "redeemable once unlocked");
    }

    function test_RevertWhen_redeem_moreThanBalance() public {
        vm.prank(alice);
        vm.expectRevert(IZToken.InsufficientBalance.selector);
        pool.redeem(1_000e18 + 1, 0);
    }

    function test_RevertWhen_redeem_belowMinimumOut() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPvpPool.SlippageExceeded.selector, 1e18, 2e18));
        pool.redeem(1e18, 2e18);
    }

    // ------------------------------------------------------------------ governance

    function test_RevertWhen_setParams_notGovernor() public {
        IPvpPool.PoolParams memory p = defaultParams();
        p.governor = alice;
        vm.prank(alice);
        vm.expectRevert(IPvpPool.NotGovernor.selector);
        pool.setParams(p);
    }

    function test_RevertWhen_setPaused_notGovernor() public {
        vm.prank(alice);
        vm.expectRevert(IPvpPool.NotGovernor.selector);
        pool.setPaused(true);
    }

    function test_RevertWhen_setPriceSigner_notGovernor() public {
        vm.prank(alice);
        vm.expectRevert(IPvpPool.NotGovernor.selector);
        pool.setPriceSigner(alice, true);
    }

    function test_RevertWhen_listMarket_notGovernor() public {
        vm.prank(alice);
        vm.expectRevert(IPvpPool.NotGovernor.selector);
        pool.listMarket("SOL", 10);
    }

    function test_RevertWhen_setMarket_notGovernor() public {
        vm.prank(alice);
        vm.expectRevert(IPvpPool.NotGovernor.selector);
        pool.setMarket(BTC, 10, true);
    }

    function test_RevertWhen_initialize_notFactory() public {
        vm.expectRevert(IPvpPool.NotFactory.selector);
        pool.initialize(defaultParams(), defaultMarkets());
    }

    function test_RevertWhen_initialize_twice() public {
        vm.prank(address(factory));
        vm.expectRevert(IPvpPool.AlreadyInitialized.selector);
        pool.initialize(defaultParams(), defaultMarkets());
    }

    function test_RevertWhen_setParams_feeAboveCap() public {
        IPvpPool.PoolParams memory p = defaultParams();
        p.openFeeBps = 101;
        vm.prank(gov);
        vm.expectRevert(IPvpPool.FeeTooHigh.selector);
        pool.setParams(p);
    }

    function test_RevertWhen_setParams_protocolShareWithoutRecipient() public {
        IPvpPool.PoolParams memory p = defaultParams();
        p.protocolShareBps = 1_000;
        vm.prank(gov);
        vm.expectRevert(IPvpPool.InvalidRecipient.selector);
        pool.setParams(p);
    }

    function test_RevertWhen_setParams_lockTooLong() public {
        IPvpPool.PoolParams memory p = defaultParams();
        p.liquidityLock = 30 days + 1;
        vm.prank(gov);
        vm.expectRevert(IPvpPool.LockTooLong.selector);
        pool.setParams(p);
    }

    function test_RevertWhen_setParams_thresholdOutOfRange() public {
        IPvpPool.PoolParams memory p = defaultParams();
        p.liquidationThresholdBps = 4_999;
        vm.prank(gov);
        vm.expectRevert(IPvpPool.InvalidLiquidationParams.selector);
        pool.setParams(p);
    }

    function test_RevertWhen_setParams_fundingAboveCap() public {
        IPvpPool.PoolParams memory p = defaultParams();
        p.maxFundingRatePerHour = 1e16 + 1;
        vm.prank(gov);
        vm.expectRevert(IPvpPool.InvalidFundingParams.selector);
        pool.setParams(p);
    }

    function test_RevertWhen_listMarket_leverageAbove200() public {
        feed.setMarket("SOL", 60);
        vm.prank(gov);
        vm.expectRevert(IPvpPool.LeverageOutOfRange.selector);
        pool.listMarket("SOL", 201);
    }

    function test_RevertWhen_listMarket_notInFeed() public {
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(IPvpPool.UnknownMarket.selector, bytes32("SOL")));
        pool.listMarket("SOL", 10);
    }

    function test_RevertWhen_listMarket_twice() public {
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(IPvpPool.MarketAlreadyListed.selector, BTC));
        pool.listMarket(BTC, 10);
    }

    function test_RevertWhen_bindInviter_twice() public {
        vm.prank(alice);
        pool.bindInviter(bob);
        vm.prank(alice);
        vm.expectRevert(IPvpPool.InviterAlreadyBound.selector);
        pool.bindInviter(makeAddr("carol"));
    }

    function test_RevertWhen_bindInviter_self() public {
        vm.prank(alice);
        vm.expectRevert(IPvpPool.InvalidInviter.selector);
        pool.bindInviter(alice);
    }

    // ------------------------------------------------------------------ zToken, feed, factory

    function test_RevertWhen_zToken_mintedByOthers() public {
        vm.prank(alice);
        vm.expectRevert(IZToken.OnlyPool.selector);
        z.mint(alice, 1e18, 0);
        vm.prank(alice);
        vm.expectRevert(IZToken.OnlyPool.selector);
        z.poolTransfer(bob, alice, 1e18);
    }

    function test_RevertWhen_feed_postedByNonKeeper() public {
        uint256[] memory sources = new uint256[](1);
        sources[0] = 1e18;
        vm.prank(alice);
        vm.expectRevert(IIndexPriceFeed.NotKeeper.selector);
        feed.postPrice(BTC, sources);
    }

    function test_RevertWhen_feed_unknownMarket() public {
        uint256[] memory sources = new uint256[](1);
        sources[0] = 1e18;
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IIndexPriceFeed.UnknownMarket.selector, bytes32("SOL")));
        feed.postPrice("SOL", sources);
    }

    function test_RevertWhen_feed_noOrZeroSources() public {
        vm.prank(keeper);
        vm.expectRevert(IIndexPriceFeed.InvalidSources.selector);
        feed.postPrice(BTC, new uint256[](0));
        vm.prank(keeper);
        vm.expectRevert(IIndexPriceFeed.InvalidSources.selector);
        feed.postPrice(BTC, new uint256[](2));
    }

    function test_RevertWhen_feed_configuredByNonOwner() public {
        vm.prank(alice);
        vm.expectRevert(IIndexPriceFeed.NotOwner.selector);
        feed.setKeeper(alice, true);
    }

    function test_RevertWhen_factory_tokenAbove18Decimals() public {
        IPvpPoolFactory.CreatePoolParams memory c = _createParams(address(wbnb), "z", defaultParams());
        c.initialSwapRate = 0;
        vm.expectRevert(IPvpPoolFactory.InvalidSwapRate.selector);
        factory.createPool(c);
        c = _createParams(address(0xdead), "z", defaultParams());
        vm.expectRevert(IPvpPoolFactory.InvalidSettlementToken.selector);
        factory.createPool(c);
    }
}
