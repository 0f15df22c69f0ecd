// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PoolFixture} from "../utils/PoolFixture.sol";
import {PoolHandler} from "./PoolHandler.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {PvpPool} from "../../src/PvpPool.sol";
import {IPvpPool} from "../../src/interfaces/IPvpPool.sol";

/// @notice Invariants of a pool with every fee on (mint/redeem/open/close, protocol share, referral rebates),
/// liquidation at 90% with a 5% keeper reward, driven by `PoolHandler`.
contract PvpPoolInvariantTest is PoolFixture {
    PoolHandler internal handler;
    PvpPool internal ipool;

    function setUp() public override {
        super.setUp();
        // 4 actors by default; the deep profile (bench/contracts-security.md) runs with INVARIANT_ACTORS=12.
        address[] memory actors = new address[](vm.envOr("INVARIANT_ACTORS", uint256(4)));
        for (uint256 i; i < actors.length; ++i) {
            actors[i] = makeAddr(string(abi.encodePacked("actor", vm.toString(i))));
        }
        address treasury = makeAddr("treasury");
        IPvpPool.PoolParams memory p = defaultParams();
        p.protocolFeeRecipient = treasury;
        p.mintFeeBps = 30;
        p.redeemFeeBps = 50;
        p.openFeeBps = 10;
        p.closeFeeBps = 10;
        p.protocolShareBps = 2_000;
        p.referralRebateBps = 1_000;
        p.liquidationThresholdBps = 9_000;
        p.keeperRewardBps = 500;
        ipool = _createPool(address(wbnb), "zINV", p);
        // actors 0..2 were invited by the next one; actor 3 has no inviter.
        for (uint256 i; i + 1 < actors.length; ++i) {
            vm.prank(actors[i]);
            ipool.bindInviter(actors[i + 1]);
        }
        for (uint256 i; i < actors.length; ++i) {
            _deposit(ipool, actors[i], 10_000e18);
        }
        address[] memory extra = new address[](2);
        extra[0] = treasury;
        extra[1] = keeper;
        bytes32[] memory markets = new bytes32[](3);
        (markets[0], markets[1], markets[2]) = (BTC, ETH, BNB);
        handler = new PoolHandler(ipool, lens, feed, signerKey, keeper, actors, extra, markets);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev Shows the run exercised every path (`-vv`).
    function afterInvariant() public view {
        log("opens", handler.opens());
        log("closes", handler.closes());
        log("liquidations", handler.liquidations());
    }

    /// Σa1..Σd1 equal what was opened; open amounts (so Σa2..Σd2 = Σ1 - open) equal the sums over open positions.
    function invariant_runningSumsEqualTheOpenPositions() public view {
        for (uint256 k; k < handler.marketCount(); ++k) {
            bytes32 m = handler.markets(k);
            uint256[4] memory open;
            for (uint256 i; i < handler.openCount(); ++i) {
                IPvpPool.PositionView memory v = lens.position(ipool, handler.openIds(i));
                if (v.marketId != m) continue;
                open[v.isLong ? 0 : 2] += v.notional;
                open[v.isLong ? 1 : 3] += v.size;
            }
            (uint256 x1, uint256 x2, uint256 y1, uint256 y2) = ipool.openAmounts(m);
            assertEq(x1, open[0], "x1 = sum of open long notionals");
            assertEq(x2, open[1], "x2 = sum of open long sizes");
            assertEq(y1, open[2], "y1");
            assertEq(y2, open[3], "y2");
            _checkSums(m);
        }
    }

    function _checkSums(bytes32 m) internal view {
        _checkLongSums(m);
        _checkShortSums(m);
    }

    function _checkLongSums(bytes32 m) internal view {
        (uint256 x1, uint256 x2,,) = ipool.openAmounts(m);
        (uint256 a1, uint256 b1,,, uint256 a2, uint256 b2,,) = ipool.marketSums(m);
        assertEq(a1, handler.ghostOpened(m, 0), "sum a1 = all long notional opened");
        assertEq(b1, handler.ghostOpened(m, 1), "sum b1");
        assertEq(a1 - a2, x1, "a1 - a2 = x1");
        assertEq(b1 - b2, x2, "b1 - b2 = x2");
    }

    function _checkShortSums(bytes32 m) internal view {
        (,, uint256 y1, uint256 y2) = ipool.openAmounts(m);
        (,, uint256 c1, uint256 d1,,, uint256 c2, uint256 d2) = ipool.marketSums(m);
        assertEq(c1, handler.ghostOpened(m, 2), "sum c1");
        assertEq(d1, handler.ghostOpened(m, 3), "sum d1");
        assertEq(c1 - c2, y1, "c1 - c2 = y1");
        assertEq(d1 - d2, y2, "d1 - d2 = y2");
    }

    /// The aggregate unrealised PnL from the sums equals the per-position sum (to one wei per position, rounding
    /// for the pool), and the pool's floating PnL is their total over markets.
    function invariant_aggregatePnlEqualsTheSumOfPositions() public view {
        int256 total;
        for (uint256 k; k < handler.marketCount(); ++k) {
            bytes32 m = handler.markets(k);
            uint256 price = handler.price(m);
            (int256 longPnl, int256 shortPnl) = ipool.unrealisedPnl(m);
            int256 sum;
            uint256 n;
            for (uint256 i; i < handler.openCount(); ++i) {
                uint256 id = handler.openIds(i);
                if (lens.position(ipool, id).marketId != m) continue;
                (int256 pnl,) = lens.positionPnl(ipool, id, price);
                sum += pnl;
                ++n;
            }
            assertLe(sum, longPnl + shortPnl, "per-position rounding never beats the aggregate");
            assertApproxEqAbs(sum, longPnl + shortPnl, n, "aggregate = sum of positions");
            total += longPnl + shortPnl;
        }
        assertEq(ipool.floatingPnl(), total, "floating = sum over markets");
    }

    /// Every holder redeeming everything, and every trader closing then redeeming, gets no more than the pool holds.
    function invariant_redeemingEverythingIsCovered() public view {
        uint256 claims;
        for (uint256 i; i < handler.holderCount(); ++i) {
            uint256 balance = ipool.zToken() == address(0) ? 0 : _z().balanceOf(handler.holders(i));
            if (balance == 0) continue;
            (uint256 out,) = lens.previewRedeem(ipool, balance);
            claims += out;
        }
        for (uint256 k; k < handler.marketCount(); ++k) {
            bytes32 m = handler.markets(k);
            for (uint256 i; i < handler.openCount(); ++i) {
                uint256 id = handler.openIds(i);
                IPvpPool.PositionView memory v = lens.position(ipool, id);
                if (v.marketId != m) continue;
                (int256 pnl, int256 funding) = lens.positionPnl(ipool, id, handler.price(m));
                int256 value = int256(v.margin) + pnl - funding;
                if (value <= 0) continue;
                (uint256 out,) = lens.previewRedeem(ipool, uint256(value));
                claims += out;
            }
        }
        assertLe(claims, wbnb.balanceOf(address(ipool)), "claims covered by the pool's balance");
    }

    /// zToken supply moves only by deposits, redemptions, realised PnL and burned fees/margins as modelled.
    function invariant_supplyOnlyFromCollateralOrPnl() public view {
        assertEq(_z().totalSupply(), handler.ghostSupply(), "supply = ghost supply");
    }

    /// The pool holds exactly the margins of the open positions.
    function invariant_poolHoldsExactlyTheOpenMargins() public view {
        uint256 margins;
        for (uint256 i; i < handler.openCount(); ++i) {
            margins += lens.position(ipool, handler.openIds(i)).margin;
        }
        assertEq(_z().balanceOf(address(ipool)), margins, "locked margin");
    }

    function _z() internal view returns (ZTokenLike) {
        return ZTokenLike(ipool.zToken());
    }
}

interface ZTokenLike {
    function balanceOf(address) external view returns (uint256);
    function totalSupply() external view returns (uint256);
}
