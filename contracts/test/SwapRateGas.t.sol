// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PoolFixture} from "./utils/PoolFixture.sol";

/// @notice The swap rate costs O(markets), not O(positions): the same gas with 1, 100 and 10,000 open positions.
/// Before measuring, the accounts are touched and their storage cooled, so each case pays the same cold storage
/// reads on warm accounts (a real call pays 2,600 more per account on top). Run with `-vv` to print.
contract SwapRateGasTest is PoolFixture {
    function _openMany(uint256 n) internal returns (uint256 gasUsed) {
        vm.pauseGasMetering();
        address trader = makeAddr("trader");
        _deposit(pool, trader, 1_000_000e18);
        bytes32[3] memory markets = [BTC, ETH, BNB];
        uint256[3] memory prices = [uint256(10_000e18), 1_000e18, 600e18];
        for (uint256 i; i < n; ++i) {
            uint256 k = i % 3;
            _open(pool, trader, markets[k], i % 2 == 0, 10e18 + i, 1 + (i % 50), prices[k]);
        }
        // Every market has positions on both sides, so every market is read.
        for (uint256 k; k < 3 && n < 6; ++k) {
            _open(pool, trader, markets[k], true, 1e18, 2, prices[k]);
            _open(pool, trader, markets[k], false, 1e18, 2, prices[k]);
        }
        // Same starting point for every measurement: accounts warm, storage cold.
        pool.paused();
        feed.owner();
        z.totalSupply();
        wbnb.totalSupply();
        vm.cool(address(pool));
        vm.cool(address(feed));
        vm.cool(address(wbnb));
        vm.cool(address(z));
        vm.resumeGasMetering();
        uint256 g = gasleft();
        pool.swapRate();
        gasUsed = g - gasleft();
    }

    function test_swapRateGas_with1Position() public {
        uint256 used = _openMany(1);
        log("swapRate gas, 1 position (+6 to fill every market and side)", used);
        assertLe(used, 50_000, "O(markets)");
    }

    function test_swapRateGas_with100Positions() public {
        uint256 used = _openMany(100);
        log("swapRate gas, 100 positions", used);
        assertLe(used, 50_000, "O(markets)");
    }

    function test_swapRateGas_with10000Positions() public {
        uint256 used = _openMany(10_000);
        log("swapRate gas, 10,000 positions", used);
        assertLe(used, 50_000, "O(markets)");
    }

    function test_swapRateGas_isTheSameFor1And10000Positions() public {
        uint256 snapshotOne = _measureFresh(1);
        uint256 snapshotMany = _measureFresh(10_000);
        assertEq(snapshotOne, snapshotMany, "independent of the number of positions");
    }

    function _measureFresh(uint256 n) internal returns (uint256) {
        return _openMany(n);
    }
}
