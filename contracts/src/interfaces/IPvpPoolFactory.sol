// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPvpPool} from "./IPvpPool.sol";

/// @title IPvpPoolFactory
/// @notice Permissionless creation of zToken pools for any ERC-20 settlement token (SPEC.md §1, §5).
interface IPvpPoolFactory {
    /// @notice Everything a pool is created with.
    struct CreatePoolParams {
        /// the ERC-20 the pool holds (at most 18 decimals)
        address settlementToken;
        string zTokenName;
        string zTokenSymbol;
        /// settlement tokens per zToken of the empty pool (WAD, whole tokens; 1e18 = 1:1)
        uint256 initialSwapRate;
        /// the index price feed the pool reads
        address priceFeed;
        /// fees, roles, lock, liquidation and funding parameters
        IPvpPool.PoolParams params;
        /// markets (feed ids) and their maximum leverage
        IPvpPool.MarketParams[] markets;
    }

    /// @notice A pool's immutables, readable only while the factory creates it.
    struct PoolImmutables {
        address factory;
        address settlementToken;
        address zToken;
        address priceFeed;
        uint256 initialSwapRate;
    }

    /// @notice Emitted once per pool with every parameter it was created with; later changes are pool events.
    /// @param pool the new pool
    /// @param settlementToken its settlement token
    /// @param creator who created it
    /// @param zToken its zToken (18 decimals)
    /// @param priceFeed the index price feed it reads
    /// @param settlementDecimals decimals of the settlement token
    /// @param zTokenName zToken name
    /// @param zTokenSymbol zToken symbol
    /// @param initialSwapRate settlement tokens per zToken while the pool is empty (WAD)
    /// @param params fees (bps), roles, liquidity lock (s), liquidation and funding parameters
    /// @param markets markets and their maximum leverage, in listing order
    event PoolCreated(
        address indexed pool,
        address indexed settlementToken,
        address indexed creator,
        address zToken,
        address priceFeed,
        uint8 settlementDecimals,
        string zTokenName,
        string zTokenSymbol,
        uint256 initialSwapRate,
        IPvpPool.PoolParams params,
        IPvpPool.MarketParams[] markets
    );

    /// @notice Thrown for a settlement token with more than 18 decimals or no code.
    error InvalidSettlementToken();
    /// @notice Thrown for a zero initial swap rate.
    error InvalidSwapRate();
    /// @notice Thrown for a zero price feed or governor.
    error ZeroAddress();
    /// @notice Thrown when the pool (or the factory's code store) could not be deployed.
    error PoolCreationFailed();

    /// @notice Creates a pool, its zToken and its configuration. Anyone may call.
    function createPool(CreatePoolParams calldata p) external returns (address pool, address zToken);

    /// @notice The immutables of the pool being created (read by its constructor; zero otherwise).
    function poolImmutables() external view returns (PoolImmutables memory);

    /// @notice keccak256 of the pool's creation code (CREATE2 address prediction).
    function poolInitCodeHash() external view returns (bytes32);

    /// @notice Pools in creation order.
    function pools(uint256 index) external view returns (address);

    /// @notice Number of pools created.
    function poolCount() external view returns (uint256);

    /// @notice Whether `pool` was created here.
    function isPool(address pool) external view returns (bool);
}
