// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title PnlMath
/// @notice PnL of one position (SPEC.md §2) and of a market's open positions from its running sums (§4).
/// @dev Every rounding goes against the trader: long sizes and values round down, short ones up, fees and funding
/// owed round up. Sizes are index units (WAD): size = notional * 1e18 / entry price.
library PnlMath {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 1e4;

    /// @notice Size in index units of `notional` opened at `price`: rounded down for longs, up for shorts.
    function sizeOf(uint256 notional, uint256 price, bool isLong) internal pure returns (uint256) {
        return Math.mulDiv(notional, WAD, price, isLong ? Math.Rounding.Floor : Math.Rounding.Ceil);
    }

    /// @notice Value at `price` of `size` index units: rounded down for longs, up for shorts.
    function valueOf(uint256 size, uint256 price, bool isLong) internal pure returns (uint256) {
        return Math.mulDiv(size, price, WAD, isLong ? Math.Rounding.Floor : Math.Rounding.Ceil);
    }

    /// @notice PnL of a position (or of all open longs/shorts, from x1/x2 or y1/y2) at `price`:
    /// long L·size - notional, short notional - L·size.
    function pnl(uint256 notional, uint256 size, uint256 price, bool isLong) internal pure returns (int256) {
        int256 value = SafeCast.toInt256(valueOf(size, price, isLong));
        int256 n = SafeCast.toInt256(notional);
        return isLong ? value - n : n - value;
    }

    /// @notice Funding owed by `notional` over an index move `delta` (longs pay +delta, shorts -delta), rounded up.
    function fundingOwed(uint256 notional, int256 delta, bool isLong) internal pure returns (int256) {
        if (delta == 0) return 0;
        int256 product = SafeCast.toInt256(notional) * (isLong ? delta : -delta);
        return _divWadUp(product);
    }

    /// @notice notional * index / 1e18, truncated toward zero: one position's share of a side's funding base.
    function fundingBase(uint256 notional, int256 index) internal pure returns (int256) {
        return SafeCast.toInt256(notional) * index / int256(WAD);
    }

    /// @notice `amount` * `bps` / 1e4 rounded up (fees the pool receives).
    function bpsUp(uint256 amount, uint256 bps) internal pure returns (uint256) {
        return Math.mulDiv(amount, bps, BPS, Math.Rounding.Ceil);
    }

    /// @notice `amount` * `bps` / 1e4 rounded down (shares, discounts, rewards paid out).
    function bpsDown(uint256 amount, uint256 bps) internal pure returns (uint256) {
        return amount * bps / BPS;
    }

    function _divWadUp(int256 x) private pure returns (int256) {
        int256 q = x / int256(WAD);
        // Solidity truncates toward zero: round a positive remainder up; a negative one is already rounded up.
        if (x > 0 && q * int256(WAD) != x) q += 1;
        return q;
    }
}
