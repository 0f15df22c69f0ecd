// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PoolFixture} from "./utils/PoolFixture.sol";
import {IPvpPool} from "../src/interfaces/IPvpPool.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @notice Property tests: rounding and fees never favour the caller; aggregates equal per-position sums.
contract PvpPoolFuzzTest is PoolFixture {
    address internal alice;
    address internal lp;

    function setUp() public override {
        super.setUp();
        alice = makeAddr("alice");
        lp = makeAddr("lp");
        IPvpPool.PoolParams memory p = defaultParams();
        p.mintFeeBps = 7;
        p.redeemFeeBps = 9;
        p.openFeeBps = 3;
        p.closeFeeBps = 3;
        vm.prank(gov);
        pool.setParams(p);
        _deposit(pool, lp, 1_000_000e18);
    }

    function test_fuzz_openThenCloseAtTheSamePrice_neverGains(
        uint256 margin,
        uint256 lev,
        uint256 price,
        bool isLong,
        uint256 closePart
    ) public {
        margin = bound(margin, 1, 1_000e18);
        lev = bound(lev, 1, 200);
        price = bound(price, 1e9, 1e30);
        _deposit(pool, alice, 2_000e18);
        uint256 before = z.balanceOf(alice);
        uint256 id = _open(pool, alice, BTC, isLong, margin, lev, price);
        closePart = bound(closePart, 1, margin);
        uint256 payout = _close(pool, alice, id, closePart, price);
        if (closePart < margin) payout += _close(pool, alice, id, margin - closePart, price);
        assertLe(z.balanceOf(alice), before, "round trip never gains");
        assertLe(payout, margin, "payout at most the margin");
    }

    function test_fuzz_depositThenRedeem_neverGains(uint256 amount, uint256 move, bool isLong) public {
        amount = bound(amount, 1e6, 1_000_000e18);
        _deposit(pool, alice, 1_000e18);
        _open(pool, alice, BTC, isLong, 500e18, 20, 10_000e18);
        _setPrice(BTC, bound(move, 9_000e18, 11_000e18));
        address bob = makeAddr("bob");
        uint256 minted = _deposit(pool, bob, amount);
        uint256 out = _redeem(pool, bob, minted);
        assertLe(out, amount, "deposit + redeem never gains");
    }

    function test_fuzz_aggregatePnl_equalsTheSumOverPositions(uint256 seed, uint256 price) public {
        _deposit(pool, alice, 100_000e18);
        uint256[] memory ids = new uint256[](6);
        uint256 sizeLong;
        uint256 notionalLong;
        for (uint256 i; i < ids.length; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 margin = bound(r, 1e12, 5_000e18);
            uint256 lev = bound(r >> 64, 1, 200);
            uint256 entry = bound(r >> 128, 1_000e18, 100_000e18);
            ids[i] = _open(pool, alice, BTC, (r >> 200) % 2 == 0, margin, lev, entry);
            IPvpPool.PositionView memory v = lens.position(pool, ids[i]);
            if (v.isLong) {
                sizeLong += v.size;
                notionalLong += v.notional;
            }
        }
        price = bound(price, 100e18, 1_000_000e18);
        (int256 longPnl, int256 shortPnl) = lens.unrealisedPnlAt(pool, BTC, price);
        assertEq(longPnl, int256(Math.mulDiv(sizeLong, price, 1e18)) - int256(notionalLong), "long = L*x2 - x1 exactly");
        int256 sum;
        for (uint256 i; i < ids.length; ++i) {
            (int256 pnl,) = lens.positionPnl(pool, ids[i], price);
            sum += pnl;
        }
        assertLe(sum, longPnl + shortPnl, "per-position rounding never beats the aggregate");
        assertApproxEqAbs(sum, longPnl + shortPnl, ids.length, "equal up to one wei per position");
    }

    function test_fuzz_sizeRoundsAgainstTheTrader(uint256 notional, uint256 price) public {
        uint256 margin = bound(notional, 1, 900e18);
        price = bound(price, 1e9, 1e30);
        _deposit(pool, alice, 2_000e18);
        uint256 idL = _open(pool, alice, BTC, true, margin, 1, price);
        uint256 idS = _open(pool, alice, BTC, false, margin, 1, price);
        assertEq(lens.position(pool, idL).size, Math.mulDiv(margin, 1e18, price), "long size rounds down");
        assertEq(
            lens.position(pool, idS).size, Math.mulDiv(margin, 1e18, price, Math.Rounding.Ceil), "short size rounds up"
        );
    }

    function test_fuzz_feedMedian(uint256 a, uint256 b, uint256 c) public {
        uint256[] memory s = new uint256[](3);
        s[0] = bound(a, 1, 1e30);
        s[1] = bound(b, 1, 1e30);
        s[2] = bound(c, 1, 1e30);
        vm.prank(keeper);
        uint256 m = feed.postPrice(ETH, s);
        uint256 below;
        uint256 above;
        for (uint256 i; i < 3; ++i) {
            if (s[i] <= m) ++below;
            if (s[i] >= m) ++above;
        }
        assertTrue(below >= 2 && above >= 2, "median");
    }
}

/// @notice Splitting a close never beats closing at once, whatever the dust and the loss cap.
contract PvpPoolSplitCloseFuzzTest is PoolFixture {
    function test_fuzz_partialCloses_neverBeatOneClose(
        uint256 margin,
        uint256 lev,
        uint256 entry,
        uint256 exit,
        uint256 part,
        bool isLong
    ) public {
        margin = bound(margin, 1, 100e18);
        lev = bound(lev, 1, 200);
        entry = bound(entry, 1e9, 1e24);
        exit = bound(exit, entry / 2, entry * 2);
        part = bound(part, 1, margin);
        address a = makeAddr("split");
        address b = makeAddr("whole");
        _deposit(pool, a, 100e18);
        _deposit(pool, b, 100e18);
        uint256 idA = _open(pool, a, BTC, isLong, margin, lev, entry);
        uint256 idB = _open(pool, b, BTC, isLong, margin, lev, entry);
        uint256 split = _close(pool, a, idA, part, exit);
        if (part < margin) split += _close(pool, a, idA, margin - part, exit);
        uint256 whole = _close(pool, b, idB, margin, exit);
        assertLe(split, whole, "two closes pay no more than one");
    }
}
