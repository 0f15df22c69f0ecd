// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PoolFixture} from "./utils/PoolFixture.sol";
import {FeeOnTransferToken} from "./mocks/FeeOnTransferToken.sol";
import {PvpPool} from "../src/PvpPool.sol";
import {ZToken} from "../src/tokens/ZToken.sol";
import {TestToken} from "../src/tokens/TestToken.sol";
import {IPvpPool} from "../src/interfaces/IPvpPool.sol";

/// @notice Attacks an adversary would try (issue 8): replaying close orders across nonces, chains and pools;
/// settlement tokens with 0 decimals or a transfer fee; rounding games on mint/redeem; the first-depositor
/// ("inflation") attack. Findings and what protects against each are written down in bench/contracts-security.md.
contract PvpPoolSecurityTest is PoolFixture {
    address internal alice;
    address internal bob;
    address internal lp;

    function setUp() public override {
        super.setUp();
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        lp = makeAddr("lp");
        _deposit(pool, lp, 100_000e18);
        _deposit(pool, alice, 1_000e18);
    }

    function _tryClose(PvpPool p, IPvpPool.CloseOrder memory o, bytes memory sig, bytes memory err) internal {
        vm.prank(o.trader);
        vm.expectRevert(err);
        p.closePosition(o, sig);
    }

    // ------------------------------------------------------------------ replay of signed close orders

    function test_RevertWhen_close_replayed() public {
        uint256 id = _open(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        IPvpPool.CloseOrder memory o = _closeOrder(pool, alice, id, 40e18, 10_500e18);
        bytes memory sig = _signClose(pool, o);
        vm.prank(alice);
        pool.closePosition(o, sig);
        // The same profitable partial close a second time: the nonce is spent.
        _tryClose(pool, o, sig, abi.encodeWithSelector(IPvpPool.InvalidNonce.selector, o.nonce + 1, o.nonce));
        assertEq(lens.position(pool, id).margin, 60e18, "only one close went through");
    }

    function test_RevertWhen_close_signatureFromAnotherChain() public {
        uint256 id = _open(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        IPvpPool.CloseOrder memory o = _closeOrder(pool, alice, id, 100e18, 10_500e18);
        bytes memory sig = _signClose(pool, o);
        vm.chainId(block.chainid + 1); // a fork of the chain: the domain separator moves with the chain id
        _tryClose(pool, o, sig, abi.encodeWithSelector(IPvpPool.InvalidSignature.selector));
    }

    function test_RevertWhen_close_orderReplayedOnAnotherPool() public {
        _deposit(usdcPool, alice, 1_000e6);
        uint256 id = _open(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        IPvpPool.CloseOrder memory o = _closeOrder(pool, alice, id, 100e18, 10_500e18);
        bytes memory sig = _signClose(pool, o);
        vm.prank(alice);
        vm.expectRevert(IPvpPool.WrongPool.selector);
        usdcPool.closePosition(o, sig);
    }

    function test_RevertWhen_close_signatureFromAnotherPoolsDomain() public {
        uint256 id = _open(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        IPvpPool.CloseOrder memory o = _closeOrder(pool, alice, id, 100e18, 10_500e18);
        _tryClose(pool, o, _signClose(usdcPool, o), abi.encodeWithSelector(IPvpPool.InvalidSignature.selector));
    }

    // ------------------------------------------------------------------ odd settlement tokens

    function test_zeroDecimalToken_roundTripsExactlyAndStaysSolvent() public {
        TestToken whole = new TestToken("Whole Units", "WHOLE", 0);
        PvpPool p = _createPool(address(whole), "zWHOLE", defaultParams());
        ZToken zw = ZToken(p.zToken());
        assertEq(p.settlementScale(), 1e18, "0 decimals scale by 10^18");
        assertEq(_deposit(p, lp, 1_000), 1_000e18, "1,000 whole units buy 1,000 zTokens at rate 1");
        assertEq(_deposit(p, alice, 10), 10e18, "10 units buy 10 zTokens");

        // A long that gains 5%: 10x on 10 zTokens at 10,000 → 10,500 gains 5 zTokens of PnL.
        uint256 id = _open(p, alice, BTC, true, 10e18, 10, 10_000e18);
        _setPrice(BTC, 10_500e18);
        assertEq(_closeAll(p, alice, id, 10_500e18), 15e18, "margin 10 + PnL 5");

        // Every holder redeems; payouts round down to whole units, the pool never pays more than it holds.
        uint256 aliceOut = _redeem(p, alice, zw.balanceOf(alice));
        uint256 lpOut = _redeem(p, lp, zw.balanceOf(lp));
        assertEq(aliceOut + lpOut + whole.balanceOf(address(p)), 1_010, "no unit created or lost");
        assertLe(aliceOut, 15, "alice gets at most her 15 zTokens' worth");
        assertGe(aliceOut, 14, "and loses at most one unit to rounding");
        assertEq(zw.totalSupply(), 0, "all zTokens burnt");
    }

    function test_zeroDecimalToken_dustRedeemsPayNothing() public {
        TestToken whole = new TestToken("Whole Units", "WHOLE", 0);
        PvpPool p = _createPool(address(whole), "zWHOLE", defaultParams());
        _deposit(p, lp, 1_000);
        _deposit(p, alice, 1);
        // Less than one whole unit's worth of zTokens, redeemed 50 times: rounds down to 0 each time.
        uint256 out;
        for (uint256 i; i < 50; ++i) {
            out += _redeem(p, alice, 0.9e18 / 50);
        }
        assertEq(out, 0, "dust redemptions pay nothing");
        assertEq(whole.balanceOf(address(p)), 1_001, "the pool keeps every unit");
    }

    function test_feeOnTransferToken_redeemPaysFromWhatThePoolHolds() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        PvpPool p = _createPool(address(fot), "zFEE", defaultParams());
        ZToken zf = ZToken(p.zToken());
        fot.mint(alice, 100e18);
        fot.mint(bob, 100e18);
        vm.startPrank(alice);
        fot.approve(address(p), 100e18);
        p.deposit(100e18, 0);
        vm.stopPrank();
        vm.startPrank(bob);
        fot.approve(address(p), 100e18);
        p.deposit(100e18, 0);
        vm.stopPrank();
        assertEq(zf.balanceOf(bob), 99e18, "bob is credited what arrived");
        // alice leaves: the pool sends 99, the token burns 1% on the way, bob's share is untouched.
        assertEq(_redeem(p, alice, zf.balanceOf(alice)), 99e18, "the pool pays alice's full share");
        assertEq(fot.balanceOf(alice), 98.01e18, "alice receives it less the token's fee");
        assertEq(p.swapRate(), 1e18, "the rate of those who stay is unchanged");
        assertEq(_redeem(p, bob, zf.balanceOf(bob)), 99e18, "bob redeems in full");
        assertEq(fot.balanceOf(address(p)), 0, "nothing left, nothing owed");
    }

    // ------------------------------------------------------------------ rounding games on mint/redeem

    /// Splitting a deposit into many small ones never mints more than one deposit of the sum.
    function test_fuzz_manySmallDeposits_neverBeatOne(uint256 piece, uint8 count, uint256 move) public {
        _feesOn(pool);
        _open(pool, alice, BTC, true, 500e18, 20, 10_000e18); // floating PnL makes the rate non-trivial
        _setPrice(BTC, bound(move, 9_600e18, 10_400e18));
        piece = bound(piece, 1, 1e20);
        uint256 n = bound(count, 2, 40);
        (uint256 single,) = lens.previewDeposit(pool, piece * n);
        uint256 minted;
        for (uint256 i; i < n; ++i) {
            minted += _depositIfNonZero(pool, bob, piece);
        }
        assertLe(minted, single, "n small deposits mint at most one deposit's amount");
    }

    /// Redeeming in pieces can only win back the redeemer's own share of the fees of the earlier pieces: the redeem
    /// fee stays in the pool (SPEC.md §5) and raises the rate for every remaining holder, the redeemer included.
    /// Finding (documented in bench/contracts-security.md): splitting avoids at most fee × the redeemer's share of
    /// the supply; nobody else's zTokens lose value by it.
    function test_fuzz_manySmallRedeems_gainAtMostTheirOwnFeeShare(uint256 amount, uint8 count, uint256 move) public {
        _feesOn(pool);
        _open(pool, alice, BTC, false, 500e18, 20, 10_000e18);
        _setPrice(BTC, bound(move, 9_600e18, 10_400e18));
        amount = bound(amount, 1e6, 1_000e18);
        uint256 minted = _deposit(pool, bob, amount);
        uint256 n = bound(count, 2, 40);
        (uint256 atOnce, uint256 feeAtOnce) = lens.previewRedeem(pool, minted);
        uint256 ownShareOfFee = feeAtOnce * minted / z.totalSupply() + 1;
        uint256 othersBefore = _valueOf(lp);
        uint256 out;
        for (uint256 i; i + 1 < n; ++i) {
            out += _redeem(pool, bob, minted / n);
        }
        out += _redeem(pool, bob, minted - (minted / n) * (n - 1));
        assertLe(out, atOnce + ownShareOfFee, "pieces win back at most the redeemer's share of the fee");
        assertLe(out, amount, "and never more than was deposited at an unchanged price");
        assertGe(_valueOf(lp), othersBefore, "the other holders never lose by it");
    }

    function _valueOf(address holder) internal view returns (uint256 value) {
        (value,) = lens.previewRedeem(pool, z.balanceOf(holder));
    }

    function _feesOn(PvpPool p) internal {
        IPvpPool.PoolParams memory params = defaultParams();
        params.mintFeeBps = 7;
        params.redeemFeeBps = 9;
        vm.prank(gov);
        p.setParams(params);
    }

    function _depositIfNonZero(PvpPool p, address user, uint256 amount) internal returns (uint256) {
        (uint256 preview,) = lens.previewDeposit(p, amount);
        if (preview == 0) return 0; // the pool refuses a deposit that would mint nothing (ZeroAmount)
        return _deposit(p, user, amount);
    }

    // ------------------------------------------------------------------ the first-depositor (inflation) attack

    /// An empty pool whose first depositor mints 1 wei of zToken and then donates settlement tokens straight to
    /// the pool inflates the rate, so a victim's deposit rounds down to (almost) nothing. The slippage bound
    /// every deposit takes (`minZTokenOut`, from `previewDeposit` before signing) turns that into a revert.
    function test_inflationAttack_onAnEmptyPool_theSlippageBoundProtectsTheVictim() public {
        PvpPool fresh = _createPool(address(wbnb), "zFRESH", defaultParams());
        uint256 victimAmount = 1_500e18;
        (uint256 expected,) = lens.previewDeposit(fresh, victimAmount); // what the victim's wallet shows

        address attacker = makeAddr("attacker");
        _deposit(fresh, attacker, 1); // 1 wei of zToken
        wbnb.mint(attacker, 1_000e18);
        vm.prank(attacker);
        wbnb.transfer(address(fresh), 1_000e18); // the donation

        wbnb.mint(bob, victimAmount);
        vm.startPrank(bob);
        wbnb.approve(address(fresh), victimAmount);
        (uint256 unguarded,) = lens.previewDeposit(fresh, victimAmount);
        assertEq(unguarded, 1, "without a bound the victim would get 1 wei of zToken for 1,500 tokens");
        vm.expectRevert(abi.encodeWithSelector(IPvpPool.SlippageExceeded.selector, 1, expected * 99 / 100));
        fresh.deposit(victimAmount, expected * 99 / 100);
        vm.stopPrank();
    }

    /// Once a pool holds real liquidity the same donation only gives the attacker's tokens away: the victim's
    /// rounding loss is below one zToken wei's worth and the attacker loses most of the donation.
    function test_inflationAttack_onASeededPool_costsTheAttacker(uint256 donation, uint256 victimAmount) public {
        donation = bound(donation, 1e18, 1_000_000e18);
        victimAmount = bound(victimAmount, 1e12, 1_000_000e18);
        address attacker = makeAddr("attacker");
        uint256 attackerShares = _deposit(pool, attacker, 1e18);
        wbnb.mint(attacker, donation);
        vm.prank(attacker);
        wbnb.transfer(address(pool), donation);

        uint256 victimShares = _deposit(pool, bob, victimAmount);
        (uint256 victimValue,) = lens.previewRedeem(pool, victimShares);
        // The victim loses at most the value of one zToken wei (the rate, rounded up) plus one unit.
        uint256 oneShare = pool.settlementBalance() / z.totalSupply() + 1;
        assertGe(victimValue + oneShare + 1, victimAmount, "the victim keeps the deposit up to rounding");
        (uint256 attackerValue,) = lens.previewRedeem(pool, attackerShares);
        assertLe(attackerValue + 1, 1e18 + donation, "the attacker cannot recover the donation");
    }
}
