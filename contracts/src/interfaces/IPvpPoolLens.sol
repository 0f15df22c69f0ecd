// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPvpPool} from "./IPvpPool.sol";

/// @title IPvpPoolLens
/// @notice Read-only helpers over any `PvpPool` (positions, parameters, previews, order digests, funding), kept out
/// of the pool to hold it under the contract size limit. Same units as `IPvpPool`.
interface IPvpPoolLens {
    /// @notice The pool's current parameters.
    function params(IPvpPool pool) external view returns (IPvpPool.PoolParams memory);

    /// @notice A market's configuration and its slot in the pool.
    function marketConfig(IPvpPool pool, bytes32 marketId)
        external
        view
        returns (uint16 maxLeverage, bool enabled, uint8 index);

    /// @notice An open position (zero trader if none or closed).
    function position(IPvpPool pool, uint256 positionId) external view returns (IPvpPool.PositionView memory);

    /// @notice A position's price PnL at `price` and the funding it owes now (zToken, signed).
    function positionPnl(IPvpPool pool, uint256 positionId, uint256 price)
        external
        view
        returns (int256 pnl, int256 funding);

    /// @notice Whether the position's loss (funding included) reached the threshold at the latest index price.
    function isLiquidatable(IPvpPool pool, uint256 positionId) external view returns (bool);

    /// @notice Funding state of a market accrued to now.
    /// @return fundingIndex cumulative index (WAD per unit notional; longs pay it, shorts its negative)
    /// @return ratePerSecond current rate (WAD per second)
    /// @return longFundingOwed funding owed by all open longs (zToken, signed)
    /// @return shortFundingOwed funding owed by all open shorts (zToken, signed)
    function fundingState(IPvpPool pool, bytes32 marketId)
        external
        view
        returns (int256 fundingIndex, int256 ratePerSecond, int256 longFundingOwed, int256 shortFundingOwed);

    /// @notice Unrealised price PnL of a market's longs and shorts at any index price (what-if).
    function unrealisedPnlAt(IPvpPool pool, bytes32 marketId, uint256 price)
        external
        view
        returns (int256 longPnl, int256 shortPnl);

    /// @notice The swap rate if the listed markets had the given prices (others at their latest price): what-if
    /// curves. Funding accrued so far is included.
    function swapRateAt(IPvpPool pool, bytes32[] calldata marketIds, uint256[] calldata prices)
        external
        view
        returns (uint256 rate, int256 floatingPnl);

    /// @notice zTokens a deposit of `amount` settlement units would mint now, and its fee.
    function previewDeposit(IPvpPool pool, uint256 amount) external view returns (uint256 minted, uint256 fee);

    /// @notice Settlement units a redemption of `zTokenAmount` would pay now, and its fee.
    function previewRedeem(IPvpPool pool, uint256 zTokenAmount) external view returns (uint256 amountOut, uint256 fee);

    /// @notice The EIP-712 digest a price signer signs for an open order.
    function hashOpenOrder(IPvpPool pool, IPvpPool.OpenOrder calldata order) external view returns (bytes32);

    /// @notice The EIP-712 digest a price signer signs for a close order.
    function hashCloseOrder(IPvpPool pool, IPvpPool.CloseOrder calldata order) external view returns (bytes32);
}
