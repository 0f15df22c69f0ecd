// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PoolFixture} from "./utils/PoolFixture.sol";
import {IPvpPool} from "../src/interfaces/IPvpPool.sol";

/// @notice Gas of each action in a steady state (pool in use, all three markets with open positions, the actor has
/// acted before), measured around the external call, against the goals of issue 3. Run with `-vv` to print.
/// The first-ever action of an account or market pays extra zero-to-non-zero storage writes; the gas report in
/// bench/contracts-gas.md lists both.
contract GasBenchTest is PoolFixture {
    address internal lp;
    address internal trader;
    uint256 internal longId;

    uint256 internal constant OPEN_GOAL = 150_000;
    uint256 internal constant CLOSE_GOAL = 120_000;
    uint256 internal constant LIQUIDITY_GOAL = 100_000;

    function setUp() public override {
        super.setUp();
        lp = makeAddr("lp");
        trader = makeAddr("trader");
        _deposit(pool, lp, 100_000e18);
        // The LP keeps some settlement tokens (approved): its balance slot is not empty.
        wbnb.mint(lp, 1_001e18);
        vm.prank(lp);
        wbnb.approve(address(pool), type(uint256).max);
        _deposit(pool, trader, 10_000e18);
        _open(pool, trader, BTC, true, 100e18, 10, 10_000e18);
        _open(pool, trader, ETH, false, 100e18, 20, 1_000e18);
        _open(pool, trader, BNB, true, 100e18, 5, 600e18);
        longId = _open(pool, trader, BTC, true, 100e18, 10, 10_000e18);
        vm.warp(block.timestamp + 1);
        _setPrice(BTC, 10_100e18);
        _setPrice(ETH, 990e18);
        _setPrice(BNB, 601e18);
    }

    function test_gas_openPosition() public {
        IPvpPool.OpenOrder memory o = _openOrder(pool, trader, BTC, false, 100e18, 50, 10_100e18);
        bytes memory sig = _signOpen(pool, o);
        vm.prank(trader);
        uint256 g = gasleft();
        pool.openPosition(o, sig);
        uint256 used = g - gasleft();
        log("openPosition gas", used);
        assertLe(used, OPEN_GOAL, "open goal");
    }

    function test_gas_closePosition_full() public {
        IPvpPool.CloseOrder memory o = _closeOrder(pool, trader, longId, 100e18, 10_100e18);
        bytes memory sig = _signClose(pool, o);
        vm.prank(trader);
        uint256 g = gasleft();
        pool.closePosition(o, sig);
        uint256 used = g - gasleft();
        log("closePosition (full, profit) gas", used);
        assertLe(used, CLOSE_GOAL, "close goal");
    }

    function test_gas_closePosition_partial() public {
        IPvpPool.CloseOrder memory o = _closeOrder(pool, trader, longId, 40e18, 9_900e18);
        bytes memory sig = _signClose(pool, o);
        vm.prank(trader);
        uint256 g = gasleft();
        pool.closePosition(o, sig);
        uint256 used = g - gasleft();
        log("closePosition (partial, loss) gas", used);
        assertLe(used, CLOSE_GOAL, "close goal");
    }

    function test_gas_deposit() public {
        vm.prank(lp);
        uint256 g = gasleft();
        pool.deposit(1_000e18, 0);
        uint256 used = g - gasleft();
        log("deposit gas (3 markets with open positions)", used);
        assertLe(used, LIQUIDITY_GOAL, "deposit goal");
    }

    function test_gas_redeem() public {
        vm.prank(lp);
        uint256 g = gasleft();
        pool.redeem(1_000e18, 0);
        uint256 used = g - gasleft();
        log("redeem gas (3 markets with open positions)", used);
        assertLe(used, LIQUIDITY_GOAL, "redeem goal");
    }

    function test_gas_liquidate() public {
        _setPrice(BTC, 9_000e18);
        vm.prank(keeper);
        uint256 g = gasleft();
        pool.liquidate(longId);
        uint256 used = g - gasleft();
        log("liquidate gas", used);
        assertLe(used, CLOSE_GOAL, "liquidation within the close goal");
    }
}
