// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IPvpPool} from "./interfaces/IPvpPool.sol";
import {IPvpPoolLens} from "./interfaces/IPvpPoolLens.sol";
import {IIndexPriceFeed} from "./interfaces/IIndexPriceFeed.sol";
import {PnlMath} from "./libraries/PnlMath.sol";

/// @title PvpPoolLens
/// @notice Decodes a pool's storage through `extsload`. The slot constants mirror `PvpPool`'s layout
/// (`forge inspect PvpPool storageLayout`); test/PvpPoolLens.t.sol pins them against the pool's own behaviour.
contract PvpPoolLens is IPvpPoolLens {
    using PnlMath for uint256;

    uint256 internal constant SLOT_CONFIG = 0;
    uint256 internal constant SLOT_GOVERNOR = 1;
    uint256 internal constant SLOT_PROTOCOL_FEE_RECIPIENT = 2;
    uint256 internal constant SLOT_PASS_NFT = 3; // passNft | fundingFactorPerHour << 160
    uint256 internal constant SLOT_MAX_FUNDING_RATE = 4;
    uint256 internal constant SLOT_MARKET_INFO = 6;
    uint256 internal constant SLOT_MARKETS = 7;
    uint256 internal constant MARKET_SLOTS = 8;
    uint256 internal constant SLOT_POSITIONS = 135;
    uint256 internal constant SLOT_ENTRY_FUNDING = 136;

    struct Config {
        uint16 mintFeeBps;
        uint16 redeemFeeBps;
        uint16 openFeeBps;
        uint16 closeFeeBps;
        uint16 protocolShareBps;
        uint16 referralRebateBps;
        uint16 passDiscountBps;
        uint16 liquidationThresholdBps;
        uint16 keeperRewardBps;
        uint32 liquidityLock;
        bool fundingEnabled;
        bool fundingActive;
        uint8 marketCount;
    }

    struct Market {
        bytes32 id;
        uint256 x1;
        uint256 x2;
        uint256 y1;
        uint256 y2;
        int256 fundingIndex;
        int256 fundingRate;
        uint256 fundingUpdatedAt;
        int256 longFundingBase;
        int256 shortFundingBase;
    }

    /// @inheritdoc IPvpPoolLens
    function params(IPvpPool pool) external view returns (IPvpPool.PoolParams memory p) {
        Config memory c = _config(pool);
        uint256 passWord = uint256(pool.extsload(bytes32(SLOT_PASS_NFT)));
        p.governor = address(uint160(uint256(pool.extsload(bytes32(SLOT_GOVERNOR)))));
        p.protocolFeeRecipient = address(uint160(uint256(pool.extsload(bytes32(SLOT_PROTOCOL_FEE_RECIPIENT)))));
        p.passNft = address(uint160(passWord));
        p.mintFeeBps = c.mintFeeBps;
        p.redeemFeeBps = c.redeemFeeBps;
        p.openFeeBps = c.openFeeBps;
        p.closeFeeBps = c.closeFeeBps;
        p.protocolShareBps = c.protocolShareBps;
        p.referralRebateBps = c.referralRebateBps;
        p.passDiscountBps = c.passDiscountBps;
        p.liquidityLock = c.liquidityLock;
        p.liquidationThresholdBps = c.liquidationThresholdBps;
        p.keeperRewardBps = c.keeperRewardBps;
        p.fundingEnabled = c.fundingEnabled;
        p.fundingFactorPerHour = uint64(passWord >> 160);
        p.maxFundingRatePerHour = uint64(uint256(pool.extsload(bytes32(SLOT_MAX_FUNDING_RATE))));
    }

    /// @inheritdoc IPvpPoolLens
    function marketConfig(IPvpPool pool, bytes32 marketId)
        public
        view
        returns (uint16 maxLeverage, bool enabled, uint8 index)
    {
        uint256 word = uint256(pool.extsload(keccak256(abi.encode(marketId, SLOT_MARKET_INFO))));
        if ((word >> 24) & 0xff == 0) revert IPvpPool.UnknownMarket(marketId);
        return (uint16(word >> 8), (word >> 32) & 0xff != 0, uint8(word));
    }

    /// @inheritdoc IPvpPoolLens
    function position(IPvpPool pool, uint256 positionId) public view returns (IPvpPool.PositionView memory v) {
        uint256 w = uint256(pool.extsload(keccak256(abi.encode(positionId, SLOT_POSITIONS))));
        v.leverage = uint8(w >> 16);
        if (v.leverage == 0) return v;
        v.trader = address(uint160(positionId >> 96));
        uint8 marketIndex = uint8(w);
        v.marketId = pool.extsload(bytes32(SLOT_MARKETS + uint256(marketIndex) * MARKET_SLOTS));
        v.isLong = (w >> 8) & 0xff != 0;
        v.margin = uint96(w >> 24);
        v.size = w >> 120;
        v.notional = v.margin * v.leverage;
        v.entryFundingIndex = int256(uint256(pool.extsload(keccak256(abi.encode(positionId, SLOT_ENTRY_FUNDING)))));
    }

    /// @inheritdoc IPvpPoolLens
    function positionPnl(IPvpPool pool, uint256 positionId, uint256 price)
        public
        view
        returns (int256 pnl, int256 funding)
    {
        IPvpPool.PositionView memory v = position(pool, positionId);
        if (v.trader == address(0)) revert IPvpPool.PositionNotFound(positionId);
        pnl = PnlMath.pnl(v.notional, v.size, price, v.isLong);
        (,, uint8 index) = marketConfig(pool, v.marketId);
        Market memory m = _market(pool, index);
        funding = PnlMath.fundingOwed(v.notional, _currentIndex(m) - v.entryFundingIndex, v.isLong);
    }

    /// @inheritdoc IPvpPoolLens
    function isLiquidatable(IPvpPool pool, uint256 positionId) external view returns (bool) {
        IPvpPool.PositionView memory v = position(pool, positionId);
        if (v.trader == address(0)) return false;
        (uint256 price,) = IIndexPriceFeed(pool.priceFeed()).latestPrice(v.marketId);
        (int256 pnl, int256 funding) = positionPnl(pool, positionId, price);
        return funding - pnl >= int256(v.margin.bpsDown(_config(pool).liquidationThresholdBps));
    }

    /// @inheritdoc IPvpPoolLens
    function fundingState(IPvpPool pool, bytes32 marketId)
        external
        view
        returns (int256 fundingIndex, int256 ratePerSecond, int256 longFundingOwed, int256 shortFundingOwed)
    {
        (,, uint8 index) = marketConfig(pool, marketId);
        Market memory m = _market(pool, index);
        fundingIndex = _currentIndex(m);
        ratePerSecond = m.fundingRate;
        (longFundingOwed, shortFundingOwed) = _fundingOwed(m, fundingIndex);
    }

    /// @inheritdoc IPvpPoolLens
    function unrealisedPnlAt(IPvpPool pool, bytes32 marketId, uint256 price)
        external
        view
        returns (int256 longPnl, int256 shortPnl)
    {
        (uint256 x1, uint256 x2, uint256 y1, uint256 y2) = pool.openAmounts(marketId);
        longPnl = PnlMath.pnl(x1, x2, price, true);
        shortPnl = PnlMath.pnl(y1, y2, price, false);
    }

    /// @inheritdoc IPvpPoolLens
    function swapRateAt(IPvpPool pool, bytes32[] calldata marketIds, uint256[] calldata prices)
        external
        view
        returns (uint256 rate, int256 floatingPnl)
    {
        Config memory c = _config(pool);
        IIndexPriceFeed feed = IIndexPriceFeed(pool.priceFeed());
        for (uint256 i; i < c.marketCount; ++i) {
            Market memory m = _market(pool, uint8(i));
            if ((m.x1 | m.x2 | m.y1 | m.y2) == 0) continue;
            (uint256 price,) = feed.latestPrice(m.id);
            for (uint256 j; j < marketIds.length; ++j) {
                if (marketIds[j] == m.id) price = prices[j];
            }
            floatingPnl += PnlMath.pnl(m.x1, m.x2, price, true) + PnlMath.pnl(m.y1, m.y2, price, false);
            (int256 longOwed, int256 shortOwed) = _fundingOwed(m, _currentIndex(m));
            floatingPnl -= longOwed + shortOwed;
        }
        uint256 supply = pool.zTokenSupply();
        if (supply == 0) return (pool.initialSwapRate(), floatingPnl);
        int256 value = int256(supply) + floatingPnl;
        if (value <= 0) revert IPvpPool.SwapRateUndefined();
        rate = Math.mulDiv(pool.settlementBalance() * pool.settlementScale(), 1e18, uint256(value));
    }

    /// @inheritdoc IPvpPoolLens
    function previewDeposit(IPvpPool pool, uint256 amount) external view returns (uint256 minted, uint256 fee) {
        (uint256 balance, uint256 supply, int256 floating,) = pool.poolState();
        fee = amount.bpsUp(_config(pool).mintFeeBps);
        uint256 net = amount - fee;
        if (supply == 0) return (Math.mulDiv(net * pool.settlementScale(), 1e18, pool.initialSwapRate()), fee);
        int256 value = int256(supply) + floating;
        if (value <= 0 || balance == 0) revert IPvpPool.SwapRateUndefined();
        minted = Math.mulDiv(net, uint256(value), balance);
    }

    /// @inheritdoc IPvpPoolLens
    function previewRedeem(IPvpPool pool, uint256 zTokenAmount) external view returns (uint256 amountOut, uint256 fee) {
        (uint256 balance, uint256 supply, int256 floating,) = pool.poolState();
        int256 value = int256(supply) + floating;
        if (value <= 0) revert IPvpPool.SwapRateUndefined();
        uint256 gross = Math.mulDiv(zTokenAmount, balance, uint256(value));
        fee = gross.bpsUp(_config(pool).redeemFeeBps);
        amountOut = gross - fee;
    }

    /// @inheritdoc IPvpPoolLens
    function hashOpenOrder(IPvpPool pool, IPvpPool.OpenOrder calldata order) external view returns (bytes32) {
        bytes32 typeHash = keccak256(
            "OpenOrder(address trader,address pool,bytes32 marketId,bool isLong,uint256 margin,uint256 leverage,uint256 price,uint256 deadline,uint256 nonce)"
        );
        return MessageHashUtils.toTypedDataHash(pool.DOMAIN_SEPARATOR(), keccak256(abi.encode(typeHash, order)));
    }

    /// @inheritdoc IPvpPoolLens
    function hashCloseOrder(IPvpPool pool, IPvpPool.CloseOrder calldata order) external view returns (bytes32) {
        bytes32 typeHash = keccak256(
            "CloseOrder(address trader,address pool,uint256 positionId,uint256 margin,uint256 price,uint256 deadline,uint256 nonce)"
        );
        return MessageHashUtils.toTypedDataHash(pool.DOMAIN_SEPARATOR(), keccak256(abi.encode(typeHash, order)));
    }

    function _config(IPvpPool pool) internal view returns (Config memory c) {
        uint256 w = uint256(pool.extsload(bytes32(SLOT_CONFIG)));
        c.mintFeeBps = uint16(w);
        c.redeemFeeBps = uint16(w >> 16);
        c.openFeeBps = uint16(w >> 32);
        c.closeFeeBps = uint16(w >> 48);
        c.protocolShareBps = uint16(w >> 64);
        c.referralRebateBps = uint16(w >> 80);
        c.passDiscountBps = uint16(w >> 96);
        c.liquidationThresholdBps = uint16(w >> 112);
        c.keeperRewardBps = uint16(w >> 128);
        c.liquidityLock = uint32(w >> 144);
        c.fundingEnabled = (w >> 176) & 0xff != 0;
        c.fundingActive = (w >> 184) & 0xff != 0;
        c.marketCount = uint8(w >> 208);
    }

    function _market(IPvpPool pool, uint8 index) internal view returns (Market memory m) {
        bytes32[] memory w = pool.extsload(bytes32(SLOT_MARKETS + uint256(index) * MARKET_SLOTS), MARKET_SLOTS);
        m.id = w[0];
        m.x1 = uint128(uint256(w[3]));
        m.x2 = uint256(w[3]) >> 128;
        m.y1 = uint128(uint256(w[4]));
        m.y2 = uint256(w[4]) >> 128;
        uint256 f = uint256(w[5]);
        m.fundingIndex = int128(uint128(f));
        m.fundingRate = int64(uint64(f >> 128));
        m.fundingUpdatedAt = uint40(f >> 192);
        m.longFundingBase = int256(uint256(w[6]));
        m.shortFundingBase = int256(uint256(w[7]));
    }

    function _currentIndex(Market memory m) internal view returns (int256) {
        return m.fundingIndex + m.fundingRate * int256(block.timestamp - m.fundingUpdatedAt);
    }

    function _fundingOwed(Market memory m, int256 index) internal pure returns (int256 longOwed, int256 shortOwed) {
        longOwed = PnlMath.fundingBase(m.x1, index) - m.longFundingBase;
        shortOwed = m.shortFundingBase - PnlMath.fundingBase(m.y1, index);
    }
}
