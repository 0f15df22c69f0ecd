// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";

/// @title IZToken
/// @notice The synthetic token of one pool (18 decimals). Only its pool mints, burns and moves margin. A deposit
/// locks the depositor's whole balance until `unlockTime` (the pool's liquidity lock): until then the account can
/// neither transfer nor redeem, though it can still trade (margin moves through the pool).
interface IZToken is IERC20Metadata {
    /// @notice Thrown when anyone but the pool calls a pool-only function.
    error OnlyPool();
    /// @notice Thrown when a locked account transfers or redeems.
    /// @param account the locked account
    /// @param unlockTime when its lock ends (seconds)
    error LiquidityLocked(address account, uint256 unlockTime);
    /// @notice Thrown when a balance or allowance is too small.
    error InsufficientBalance();
    /// @notice Thrown when an allowance is too small.
    error InsufficientAllowance();
    /// @notice Thrown when a mint would lift the supply above 2^192.
    error SupplyOverflow();
    /// @notice Thrown for transfers to or from the zero address.
    error ZeroAddress();

    /// @notice The pool allowed to mint and burn.
    function pool() external view returns (address);

    /// @notice When `account` can next transfer or redeem (0 = never locked).
    function unlockTime(address account) external view returns (uint256);

    /// @notice Mints `amount` to `to` and extends its lock to at least `lockUntil` (0 = no lock). Pool only.
    function mint(address to, uint256 amount, uint256 lockUntil) external;

    /// @notice Burns `amount` from `from`; reverts with `LiquidityLocked` while `from` is locked. Pool only.
    function burn(address from, uint256 amount) external;

    /// @notice Moves `amount` from `from` to `to` without allowance or lock checks: margin in and payouts out.
    /// Pool only; the pool calls it solely with `from` = the trader acting or `from` = the pool itself.
    function poolTransfer(address from, address to, uint256 amount) external;
}
