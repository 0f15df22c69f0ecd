// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PvpPoolFactory} from "../src/PvpPoolFactory.sol";
import {PvpPool} from "../src/PvpPool.sol";
import {TestToken} from "../src/tokens/TestToken.sol";
import {IPvpPool} from "../src/interfaces/IPvpPool.sol";

/// Walking-skeleton checks: a deposit mints zTokens at the swap rate, for 6 and 18 decimals.
contract PvpPoolTest {
    PvpPoolFactory factory = new PvpPoolFactory();

    function _pool(uint8 decimals) internal returns (PvpPool pool, TestToken token) {
        token = new TestToken("T", "T", decimals);
        pool = factory.createPool(token, "zT", "zT", 1e18);
    }

    function test_deposit_mintsAtOneToOne_6decimals() public {
        (PvpPool pool, TestToken token) = _pool(6);
        token.mint(address(this), 1000e6);
        token.approve(address(pool), 1000e6);
        uint256 minted = pool.deposit(1000e6);
        require(minted == 1000e18, "minted");
        require(pool.zToken().balanceOf(address(this)) == 1000e18, "balance");
        require(pool.swapRate() == 1e18, "rate");
    }

    function test_deposit_mintsAtOneToOne_18decimals() public {
        (PvpPool pool, TestToken token) = _pool(18);
        token.mint(address(this), 5e18);
        token.approve(address(pool), 5e18);
        require(pool.deposit(5e18) == 5e18, "minted");
        require(pool.swapRate() == 1e18, "rate");
    }

    function test_RevertWhen_depositZero() public {
        (PvpPool pool,) = _pool(6);
        try pool.deposit(0) {
            revert("expected ZeroAmount");
        } catch (bytes memory reason) {
            require(bytes4(reason) == IPvpPool.ZeroAmount.selector, "wrong error");
        }
    }
}
