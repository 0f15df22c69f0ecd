// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PoolFixture} from "./utils/PoolFixture.sol";
import {PvpPool} from "../src/PvpPool.sol";
import {ZToken} from "../src/tokens/ZToken.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @notice SPEC.md §6, every worked example on-chain. Amounts are whole tokens scaled to their decimals; every
/// expected value is written out (rates rounded down to 18 decimals, as the pool rounds).
contract WorkedExamplesTest is PoolFixture {
    address internal alice;
    address internal bob;
    uint256 internal idA;
    uint256 internal idB;

    function setUp() public override {
        super.setUp();
        alice = makeAddr("alice");
        bob = makeAddr("bob");
    }

    // ------------------------------------------------------------------ example A (LionDEX / Zeepr §2.1)

    /// @dev A: long 100 zToken at 10x, B: short 200 at 10x, index 10,000; pool 300, supply 300.
    function _exampleA() internal {
        _deposit(pool, alice, 100e18);
        _deposit(pool, bob, 200e18);
        idA = _open(pool, alice, BTC, true, 100e18, 10, 10_000e18);
        idB = _open(pool, bob, BTC, false, 200e18, 10, 10_000e18);
        assertEq(wbnb.balanceOf(address(pool)), 300e18, "pool holds 300");
        assertEq(z.totalSupply(), 300e18, "supply 300");
        assertEq(pool.swapRate(), 1e18, "rate 1 at entry");
    }

    function _assertFloating(uint256 price, int256 pnlA, int256 pnlB, uint256 rate) internal {
        _setPrice(BTC, price);
        (int256 longPnl, int256 shortPnl) = pool.unrealisedPnl(BTC);
        assertEq(longPnl, pnlA, "A pnl from the sums");
        assertEq(shortPnl, pnlB, "B pnl from the sums");
        (int256 a,) = lens.positionPnl(pool, idA, price);
        (int256 b,) = lens.positionPnl(pool, idB, price);
        assertEq(a, pnlA, "A pnl per position");
        assertEq(b, pnlB, "B pnl per position");
        assertEq(pool.floatingPnl(), pnlA + pnlB, "floating pnl");
        assertEq(pool.swapRate(), rate, "rate before settlement");
    }

    function _assertSettled(uint256 supply, uint256 rate, uint256 valueA, uint256 valueB) internal view {
        assertEq(z.totalSupply(), supply, "supply after settlement");
        assertEq(pool.floatingPnl(), 0, "nothing floating");
        assertEq(pool.swapRate(), rate, "rate after settlement");
        (uint256 outA,) = lens.previewRedeem(pool, z.balanceOf(alice));
        (uint256 outB,) = lens.previewRedeem(pool, z.balanceOf(bob));
        assertEq(outA, valueA, "A value");
        assertEq(outB, valueB, "B value");
    }

    function test_exampleA_at10500_beforeSettlement() public {
        _exampleA();
        _assertFloating(10_500e18, 50e18, -100e18, 1.2e18);
    }

    function test_exampleA_at10500_afterSettlement() public {
        _exampleA();
        _setPrice(BTC, 10_500e18);
        assertEq(_close(pool, alice, idA, 100e18, 10_500e18), 150e18, "A gets 150");
        assertEq(_close(pool, bob, idB, 200e18, 10_500e18), 100e18, "B gets 100");
        _assertSettled(250e18, 1.2e18, 180e18, 120e18);
        assertEq(_redeem(pool, alice, 150e18), 180e18, "A redeems 180");
        assertEq(_redeem(pool, bob, 100e18), 120e18, "B redeems 120");
        assertEq(wbnb.balanceOf(address(pool)), 0, "pool emptied exactly");
    }

    function test_exampleA_at11000_beforeSettlement() public {
        _exampleA();
        _assertFloating(11_000e18, 100e18, -200e18, 1.5e18);
        assertTrue(lens.isLiquidatable(pool, idB), "B is liquidatable");
        assertFalse(lens.isLiquidatable(pool, idA), "A is not");
    }

    function test_exampleA_at11000_afterSettlement() public {
        _exampleA();
        _setPrice(BTC, 11_000e18);
        _liquidate(pool, idB);
        assertEq(_close(pool, alice, idA, 100e18, 11_000e18), 200e18, "A gets 200");
        _assertSettled(200e18, 1.5e18, 300e18, 0);
        assertEq(_redeem(pool, alice, 200e18), 300e18, "A redeems 300");
    }

    function test_exampleA_at9500_beforeSettlement() public {
        _exampleA();
        _assertFloating(9_500e18, -50e18, 100e18, 857_142_857_142_857_142);
    }

    function test_exampleA_at9500_afterSettlement() public {
        _exampleA();
        _setPrice(BTC, 9_500e18);
        assertEq(_close(pool, alice, idA, 100e18, 9_500e18), 50e18, "A gets 50");
        assertEq(_close(pool, bob, idB, 200e18, 9_500e18), 300e18, "B gets 300");
        // 42.857142857142857142 and 257.142857142857142857: exact values rounded down, not LionDEX's 43 / 258.
        _assertSettled(350e18, 857_142_857_142_857_142, 42_857_142_857_142_857_142, 257_142_857_142_857_142_857);
    }

    function test_exampleA_at9000_beforeSettlement() public {
        _exampleA();
        _assertFloating(9_000e18, -100e18, 200e18, 0.75e18);
    }

    function test_exampleA_at9000_afterSettlement() public {
        _exampleA();
        _setPrice(BTC, 9_000e18);
        _liquidate(pool, idA);
        assertEq(_close(pool, bob, idB, 200e18, 9_000e18), 400e18, "B gets 400");
        _assertSettled(400e18, 0.75e18, 0, 300e18);
    }

    function test_exampleA_sumsAfterOpening() public {
        _exampleA();
        (uint256 a1, uint256 b1, uint256 c1, uint256 d1, uint256 a2, uint256 b2, uint256 c2, uint256 d2) =
            pool.marketSums(BTC);
        assertEq(a1, 1_000e18, "sum a1 = N_A");
        assertEq(b1, 0.1e18, "sum b1 = N_A / P0 (size, not N*P0)");
        assertEq(c1, 2_000e18, "sum c1 = N_B");
        assertEq(d1, 0.2e18, "sum d1 = N_B / P0");
        assertEq(a2 + b2 + c2 + d2, 0, "nothing closed");
    }

    // ------------------------------------------------------------------ example B (Zeepr case 1)

    function _exampleBC() internal {
        assertEq(_deposit(usdcPool, alice, 1_000e6), 1_000e18, "1000 USDC -> 1000 zUSDC");
        assertEq(_deposit(usdcPool, bob, 2_000e6), 2_000e18, "2000 USDC -> 2000 zUSDC");
        idA = _open(usdcPool, alice, BTC, true, 1_000e18, 10, 10_000e18);
    }

    function test_exampleB_bothTradeAndClose() public {
        _exampleBC();
        idB = _open(usdcPool, bob, BTC, false, 2_000e18, 10, 10_000e18);
        _setPrice(BTC, 10_500e18); // +5%
        assertEq(_close(usdcPool, alice, idA, 1_000e18, 10_500e18), 1_500e18, "Alice 1500");
        assertEq(_close(usdcPool, bob, idB, 2_000e18, 10_500e18), 1_000e18, "Bob 1000 (seed slip: not 2000)");
        assertEq(zUsdc.totalSupply(), 2_500e18, "supply 2500");
        assertEq(usdcPool.swapRate(), 1.2e18, "rate 1.2");
        assertEq(_redeem(usdcPool, alice, 1_500e18), 1_800e6, "Alice redeems 1800 USDC");
        assertEq(_redeem(usdcPool, bob, 1_000e18), 1_200e6, "Bob redeems 1200 USDC");
    }

    // ------------------------------------------------------------------ example C (Zeepr case 2)

    function test_exampleC_neutralStakerCarriesTheProfit() public {
        _exampleBC();
        _setPrice(BTC, 10_500e18);
        assertEq(_close(usdcPool, alice, idA, 1_000e18, 10_500e18), 1_500e18, "Alice 1500");
        assertEq(zUsdc.totalSupply(), 3_500e18, "supply 3500");
        assertEq(usdcPool.swapRate(), 857_142_857_142_857_142, "rate 3000/3500");
        // Seed slip: 1312.5 and 1750 would pay 3062.5 out of 3000.
        assertEq(_redeem(usdcPool, alice, 1_500e18), 1_285_714_285, "Alice 1285.714285 USDC");
        assertEq(_redeem(usdcPool, bob, 2_000e18), 1_714_285_715, "Bob 1714.285715 USDC (gets the rounding dust)");
        assertEq(usdc.balanceOf(address(usdcPool)), 0, "pool emptied exactly");
    }

    // ------------------------------------------------------------------ example D (Zeepr §2.3)

    function test_exampleD_neutralLiquidityDampensTheRate() public {
        _exampleA();
        _deposit(pool, makeAddr("neutral"), 50_000e18);
        _setPrice(BTC, 9_000e18);
        uint256 expected = Math.mulDiv(50_300e18, 1e18, 50_400e18);
        assertEq(expected, 998_015_873_015_873_015, "50300/50400");
        assertEq(pool.swapRate(), expected, "before settlement");
        _liquidate(pool, idA);
        _close(pool, bob, idB, 200e18, 9_000e18);
        assertEq(z.totalSupply(), 50_400e18, "supply 50400");
        assertEq(pool.swapRate(), expected, "after settlement");
    }

    function test_exampleD_tenTimesTheNetPnl() public {
        _deposit(pool, alice, 100e18);
        _deposit(pool, bob, 200e18);
        _deposit(pool, makeAddr("neutral"), 50_000e18);
        idA = _open(pool, alice, BTC, true, 100e18, 10, 10_000e18); // -100 at 9,000
        idB = _open(pool, bob, BTC, false, 200e18, 55, 10_000e18); // +1,100 at 9,000: net +1,000
        _setPrice(BTC, 9_000e18);
        uint256 expected = Math.mulDiv(50_300e18, 1e18, 51_300e18);
        assertEq(expected, 980_506_822_612_085_769, "50300/51300");
        assertEq(pool.floatingPnl(), 1_000e18, "net pnl 1000");
        assertEq(pool.swapRate(), expected, "before settlement");
        _liquidate(pool, idA);
        _close(pool, bob, idB, 200e18, 9_000e18);
        assertEq(pool.swapRate(), expected, "after settlement");
    }

    // ------------------------------------------------------------------ example E (Zeepr §2.5)

    function test_exampleE_floatingPnlLowersTheRate() public {
        assertEq(_deposit(usdcPool, alice, 100e6), 100e18, "100 USDC -> 100 zUSDC");
        idA = _open(usdcPool, alice, ETH, true, 100e18, 10, 1_000e18);
        _setPrice(ETH, 1_100e18);
        assertEq(usdcPool.floatingPnl(), 100e18, "floating profit 100");
        assertEq(usdcPool.swapRate(), 0.5e18, "rate 100 / 200");
        (uint256 x1, uint256 x2,,) = usdcPool.openAmounts(ETH);
        assertEq(x1, 1_000e18, "x1");
        assertEq(x2, 1e18, "x2: one ETH of size");
    }

    // ------------------------------------------------------------------ §4 check (two longs)

    function test_sums_twoLongsAggregateExactly() public {
        _deposit(pool, alice, 300e18);
        _open(pool, alice, BNB, true, 100e18, 10, 100e18);
        _open(pool, alice, BNB, true, 100e18, 10, 200e18);
        (int256 longPnl,) = lens.unrealisedPnlAt(pool, BNB, 150e18);
        assertEq(longPnl, 250e18, "+500 - 250 = +250, not 0");
        (uint256 x1, uint256 x2,,) = pool.openAmounts(BNB);
        assertEq(x1, 2_000e18, "x1 = 2000");
        assertEq(x2, 15e18, "x2 = 15 index units");
    }
}
