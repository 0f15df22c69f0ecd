// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {PvpPool} from "./PvpPool.sol";

/// @title PvpPoolFactory
/// @notice Creates zToken pools permissionlessly, one event per pool with its parameters.
contract PvpPoolFactory {
    event PoolCreated(
        address indexed pool,
        address indexed settlementToken,
        address indexed creator,
        address zToken,
        uint8 settlementDecimals,
        string zTokenName,
        string zTokenSymbol,
        uint256 initialSwapRate
    );

    address[] public pools;

    function poolCount() external view returns (uint256) {
        return pools.length;
    }

    function createPool(IERC20 settlementToken, string calldata zName, string calldata zSymbol, uint256 initialSwapRate)
        external
        returns (PvpPool pool)
    {
        pool = new PvpPool(settlementToken, zName, zSymbol, initialSwapRate);
        pools.push(address(pool));
        emit PoolCreated(
            address(pool),
            address(settlementToken),
            msg.sender,
            address(pool.zToken()),
            IERC20Metadata(address(settlementToken)).decimals(),
            zName,
            zSymbol,
            initialSwapRate
        );
    }
}
