// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {Vm} from "../utils/Vm.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {PvpPool} from "../../src/PvpPool.sol";
import {PvpPoolLens} from "../../src/PvpPoolLens.sol";
import {ZToken} from "../../src/tokens/ZToken.sol";
import {TestToken} from "../../src/tokens/TestToken.sol";
import {IndexPriceFeed} from "../../src/IndexPriceFeed.sol";
import {IPvpPool} from "../../src/interfaces/IPvpPool.sol";

/// @notice Drives one pool with random deposits, redemptions, opens, (partial) closes, price moves with immediate
/// liquidations, and time. Keeps its own book of open positions and a ghost zToken supply computed from the
/// amounts each action may mint or burn; checks every close against an independent PnL model.
contract PoolHandler is Test {
    uint256 internal constant WAD = 1e18;

    PvpPool public immutable pool;
    PvpPoolLens public immutable lens;
    IndexPriceFeed public immutable feed;
    TestToken public immutable token;
    ZToken public immutable z;
    uint256 internal immutable signerKey;
    address internal immutable keeper;

    address[] public actors;
    address[] public holders; // actors + fee recipients + keeper
    bytes32[] public markets;
    mapping(bytes32 => uint256) public price;

    struct Book {
        address trader;
        bytes32 market;
        bool isLong;
        uint256 entry;
        uint256 partials;
    }

    uint256[] public openIds;
    mapping(uint256 => Book) public book;

    uint256 public ghostSupply;
    mapping(bytes32 => uint256[4]) public ghostOpened; // Σa1, Σb1, Σc1, Σd1
    uint256 public calls;
    uint256 public opens;
    uint256 public closes;
    uint256 public liquidations;

    constructor(
        PvpPool pool_,
        PvpPoolLens lens_,
        IndexPriceFeed feed_,
        uint256 signerKey_,
        address keeper_,
        address[] memory actors_,
        address[] memory extraHolders,
        bytes32[] memory markets_
    ) {
        pool = pool_;
        lens = lens_;
        feed = feed_;
        token = TestToken(pool_.settlementToken());
        z = ZToken(pool_.zToken());
        signerKey = signerKey_;
        keeper = keeper_;
        actors = actors_;
        markets = markets_;
        for (uint256 i; i < actors_.length; ++i) {
            holders.push(actors_[i]);
        }
        for (uint256 i; i < extraHolders.length; ++i) {
            holders.push(extraHolders[i]);
        }
        for (uint256 i; i < markets_.length; ++i) {
            (price[markets_[i]],) = feed_.latestPrice(markets_[i]);
        }
        ghostSupply = z.totalSupply();
    }

    // ------------------------------------------------------------------ actions

    function deposit(uint256 actorSeed, uint256 amount) external {
        ++calls;
        address a = actors[actorSeed % actors.length];
        amount = bound(amount, 1e15, 100_000e18);
        token.mint(a, amount);
        vm.startPrank(a);
        token.approve(address(pool), amount);
        uint256 minted = pool.deposit(amount, 0);
        vm.stopPrank();
        ghostSupply += minted;
    }

    function redeem(uint256 actorSeed, uint256 fraction) external {
        ++calls;
        address a = actors[actorSeed % actors.length];
        uint256 amount = Math.mulDiv(z.balanceOf(a), bound(fraction, 0, 1e4), 1e4);
        if (amount == 0) return;
        (uint256 balance, uint256 supply, int256 floating,) = pool.poolState();
        vm.prank(a);
        uint256 out = pool.redeem(amount, 0);
        vm.assertLe(out, Math.mulDiv(amount, balance, uint256(int256(supply) + floating)), "redeem above the rate");
        ghostSupply -= amount;
    }

    function open(uint256 actorSeed, uint256 marketSeed, bool isLong, uint256 margin, uint256 lev) external {
        ++calls;
        address a = actors[actorSeed % actors.length];
        bytes32 m = markets[marketSeed % markets.length];
        (uint16 maxLev,,) = lens.marketConfig(pool, m);
        lev = bound(lev, 1, maxLev);
        uint256 available = z.balanceOf(a) * 8 / 10;
        if (available < 1e12) return;
        margin = bound(margin, 1e12, available);
        IPvpPool.OpenOrder memory o = IPvpPool.OpenOrder({
            trader: a,
            pool: address(pool),
            marketId: m,
            isLong: isLong,
            margin: margin,
            leverage: lev,
            price: price[m],
            deadline: block.timestamp,
            nonce: pool.nonces(a)
        });
        _submitOpen(o);
    }

    function _submitOpen(IPvpPool.OpenOrder memory o) internal {
        bytes memory sig = _sig(lens.hashOpenOrder(pool, o));
        vm.recordLogs();
        vm.prank(o.trader);
        uint256 id = pool.openPosition(o, sig);
        (uint256 fee, uint256 protocolFee, uint256 rebate) = _feeOf(vm.getRecordedLogs());
        uint256 notional = o.margin * o.leverage;
        vm.assertEq(fee, Math.mulDiv(notional, lens.params(pool).openFeeBps, 1e4, Math.Rounding.Ceil), "open fee");
        ghostSupply -= fee - protocolFee - rebate;
        ++opens;
        openIds.push(id);
        book[id] = Book(o.trader, o.marketId, o.isLong, o.price, 0);
        ghostOpened[o.marketId][o.isLong ? 0 : 2] += notional;
        ghostOpened[o.marketId][o.isLong ? 1 : 3] += lens.position(pool, id).size;
    }

    function close(uint256 idSeed, uint256 fraction) external {
        ++calls;
        if (openIds.length == 0) return;
        uint256 idx = idSeed % openIds.length;
        uint256 id = openIds[idx];
        Book memory b = book[id];
        IPvpPool.PositionView memory v = lens.position(pool, id);
        uint256 closing = Math.mulDiv(v.margin, bound(fraction, 1, 1e4), 1e4);
        if (closing == 0) closing = v.margin;
        uint256 L = price[b.market];

        IPvpPool.CloseOrder memory o = IPvpPool.CloseOrder({
            trader: b.trader,
            pool: address(pool),
            positionId: id,
            margin: closing,
            price: L,
            deadline: block.timestamp,
            nonce: pool.nonces(b.trader)
        });
        bytes memory sig = _sig(lens.hashCloseOrder(pool, o));
        uint256 supplyBefore = z.totalSupply();
        vm.recordLogs();
        vm.prank(b.trader);
        uint256 payout = pool.closePosition(o, sig);
        (uint256 fee, uint256 protocolFee, uint256 rebate) = _feeOf(vm.getRecordedLogs());

        _checkPayout(b, closing * v.leverage, closing, L, payout, fee);
        ghostSupply = ghostSupply + payout + protocolFee + rebate - closing;
        vm.assertEq(z.totalSupply(), supplyBefore + payout + protocolFee + rebate - closing, "close supply change");
        ++closes;
        if (closing == v.margin) _forget(idx);
        else ++book[id].partials;
    }

    function movePrice(uint256 marketSeed, uint256 moveBps) external {
        ++calls;
        bytes32 m = markets[marketSeed % markets.length];
        uint256 p = price[m];
        uint256 moved = Math.mulDiv(p, bound(moveBps, 9_500, 10_500), 1e4);
        (uint256 base,) = (_basePrice(m), 0);
        if (moved < base / 4 || moved > base * 4) moved = base;
        _post(m, moved);
        _liquidateAll();
    }

    function warp(uint256 secondsSeed) external {
        ++calls;
        vm.warp(block.timestamp + bound(secondsSeed, 1, 10 minutes));
        for (uint256 i; i < markets.length; ++i) {
            _post(markets[i], price[markets[i]]);
        }
        _liquidateAll();
    }

    // ------------------------------------------------------------------ views for the invariants

    function openCount() external view returns (uint256) {
        return openIds.length;
    }

    function holderCount() external view returns (uint256) {
        return holders.length;
    }

    function marketCount() external view returns (uint256) {
        return markets.length;
    }

    // ------------------------------------------------------------------ internals

    /// @dev Independent model: exact PnL of the closed notional from the entry price, rounded down.
    function _checkPayout(Book memory b, uint256 notional, uint256 closing, uint256 L, uint256 payout, uint256 fee)
        internal
        pure
    {
        uint256 modelValue = Math.mulDiv(notional, L, b.entry);
        int256 modelPnl = b.isLong ? int256(modelValue) - int256(notional) : int256(notional) - int256(modelValue);
        if (!b.isLong && Math.mulDiv(notional, L, b.entry, Math.Rounding.Ceil) != modelValue) modelPnl -= 1;
        int256 modelPayout = int256(closing) + modelPnl - int256(fee);
        if (modelPayout < 0) modelPayout = 0;
        vm.assertLe(payout, uint256(modelPayout), "payout never above the exact PnL");
        // Each earlier partial close rounded the remaining size against the trader by < 1 index-wei.
        uint256 dust = (L / WAD + b.entry / WAD + 3) * (b.partials + 1);
        vm.assertApproxEqAbs(payout, uint256(modelPayout), dust, "payout near the model");
    }

    function _liquidateAll() internal {
        uint256 i;
        while (i < openIds.length) {
            uint256 id = openIds[i];
            if (lens.isLiquidatable(pool, id)) {
                IPvpPool.PositionView memory v = lens.position(pool, id);
                vm.prank(keeper);
                uint256 reward = pool.liquidate(id);
                vm.assertEq(reward, v.margin * lens.params(pool).keeperRewardBps / 1e4, "keeper reward");
                ghostSupply -= v.margin - reward;
                ++liquidations;
                _forget(i);
            } else {
                ++i;
            }
        }
    }

    function _forget(uint256 idx) internal {
        delete book[openIds[idx]];
        openIds[idx] = openIds[openIds.length - 1];
        openIds.pop();
    }

    function _basePrice(bytes32 m) internal pure returns (uint256) {
        if (m == "BTC") return 10_000e18;
        if (m == "ETH") return 1_000e18;
        return 600e18;
    }

    function _post(bytes32 m, uint256 p) internal {
        uint256[] memory sources = new uint256[](1);
        sources[0] = p;
        vm.prank(keeper);
        feed.postPrice(m, sources);
        price[m] = p;
    }

    function _sig(bytes32 digest) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerKey, digest);
        return abi.encodePacked(r, s, v);
    }

    function _feeOf(Vm.Log[] memory logs) internal view returns (uint256 fee, uint256 protocolFee, uint256 rebate) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(pool) && logs[i].topics[0] == IPvpPool.FeeCharged.selector) {
                (, fee,, protocolFee, rebate) = abi.decode(logs[i].data, (bool, uint256, uint256, uint256, uint256));
            }
        }
    }
}
