// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./Test.sol";
import {IndexPriceFeed} from "../../src/IndexPriceFeed.sol";
import {PvpPoolFactory} from "../../src/PvpPoolFactory.sol";
import {PvpPoolLens} from "../../src/PvpPoolLens.sol";
import {PvpPool} from "../../src/PvpPool.sol";
import {ZToken} from "../../src/tokens/ZToken.sol";
import {TestToken} from "../../src/tokens/TestToken.sol";
import {IPvpPool} from "../../src/interfaces/IPvpPool.sol";
import {IPvpPoolFactory} from "../../src/interfaces/IPvpPoolFactory.sol";

/// @notice Shared deployment: a feed with BTC/ETH/BNB, a factory, a lens, an 18-decimal pool (`pool`, over tWBNB)
/// and a 6-decimal pool (`usdcPool`, over tUSDC), both 1:1, fee-free, threshold 100% (the worked examples'
/// setting), with one authorised price signer.
abstract contract PoolFixture is Test {
    bytes32 internal constant BTC = "BTC";
    bytes32 internal constant ETH = "ETH";
    bytes32 internal constant BNB = "BNB";
    uint256 internal constant WAD = 1e18;
    uint32 internal constant MAX_PRICE_AGE = 1 hours;

    uint256 internal signerKey = 0x5161e5;
    address internal signer;
    address internal gov;
    address internal keeper;

    IndexPriceFeed internal feed;
    PvpPoolFactory internal factory;
    PvpPoolLens internal lens;
    TestToken internal wbnb;
    TestToken internal usdc;
    PvpPool internal pool;
    ZToken internal z;
    PvpPool internal usdcPool;
    ZToken internal zUsdc;

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        signer = vm.addr(signerKey);
        gov = makeAddr("governor");
        keeper = makeAddr("keeper");

        feed = new IndexPriceFeed(address(this));
        feed.setMarket(BTC, MAX_PRICE_AGE);
        feed.setMarket(ETH, MAX_PRICE_AGE);
        feed.setMarket(BNB, MAX_PRICE_AGE);
        feed.setKeeper(keeper, true);
        factory = new PvpPoolFactory();
        lens = new PvpPoolLens();
        wbnb = new TestToken("Test Wrapped BNB", "tWBNB", 18);
        usdc = new TestToken("Test USD Coin", "tUSDC", 6);

        pool = _createPool(address(wbnb), "zWBNB", defaultParams());
        z = ZToken(pool.zToken());
        usdcPool = _createPool(address(usdc), "zUSDC", defaultParams());
        zUsdc = ZToken(usdcPool.zToken());

        _setPrice(BTC, 10_000e18);
        _setPrice(ETH, 1_000e18);
        _setPrice(BNB, 600e18);
    }

    function defaultParams() internal view returns (IPvpPool.PoolParams memory p) {
        p.governor = gov;
        p.liquidationThresholdBps = 10_000;
    }

    function defaultMarkets() internal pure returns (IPvpPool.MarketParams[] memory m) {
        m = new IPvpPool.MarketParams[](3);
        m[0] = IPvpPool.MarketParams(BTC, 200);
        m[1] = IPvpPool.MarketParams(ETH, 100);
        m[2] = IPvpPool.MarketParams(BNB, 50);
    }

    function _createParams(address token, string memory symbol, IPvpPool.PoolParams memory p)
        internal
        view
        returns (IPvpPoolFactory.CreatePoolParams memory c)
    {
        c.settlementToken = token;
        c.zTokenName = symbol;
        c.zTokenSymbol = symbol;
        c.initialSwapRate = WAD;
        c.priceFeed = address(feed);
        c.params = p;
        c.markets = defaultMarkets();
    }

    function _createPool(address token, string memory symbol, IPvpPool.PoolParams memory p)
        internal
        returns (PvpPool created)
    {
        (address a,) = factory.createPool(_createParams(token, symbol, p));
        created = PvpPool(a);
        vm.prank(p.governor);
        created.setPriceSigner(signer, true);
    }

    function _setPrice(bytes32 market, uint256 price) internal {
        uint256[] memory sources = new uint256[](1);
        sources[0] = price;
        vm.prank(keeper);
        feed.postPrice(market, sources);
    }

    function _tokenOf(PvpPool p) internal view returns (TestToken) {
        return TestToken(p.settlementToken());
    }

    /// @dev Mints `amount` settlement tokens to `user` and deposits them.
    function _deposit(PvpPool p, address user, uint256 amount) internal returns (uint256 minted) {
        TestToken token = _tokenOf(p);
        token.mint(user, amount);
        vm.startPrank(user);
        token.approve(address(p), amount);
        minted = p.deposit(amount, 0);
        vm.stopPrank();
    }

    function _redeem(PvpPool p, address user, uint256 amount) internal returns (uint256 out) {
        vm.prank(user);
        out = p.redeem(amount, 0);
    }

    function _openOrder(
        PvpPool p,
        address trader,
        bytes32 market,
        bool isLong,
        uint256 margin,
        uint256 lev,
        uint256 price
    ) internal view returns (IPvpPool.OpenOrder memory o) {
        o = IPvpPool.OpenOrder({
            trader: trader,
            pool: address(p),
            marketId: market,
            isLong: isLong,
            margin: margin,
            leverage: lev,
            price: price,
            deadline: block.timestamp + 60,
            nonce: p.nonces(trader)
        });
    }

    function _closeOrder(PvpPool p, address trader, uint256 id, uint256 margin, uint256 price)
        internal
        view
        returns (IPvpPool.CloseOrder memory o)
    {
        o = IPvpPool.CloseOrder({
            trader: trader,
            pool: address(p),
            positionId: id,
            margin: margin,
            price: price,
            deadline: block.timestamp + 60,
            nonce: p.nonces(trader)
        });
    }

    function _sig(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _signOpen(PvpPool p, IPvpPool.OpenOrder memory o) internal view returns (bytes memory) {
        return _sig(signerKey, lens.hashOpenOrder(p, o));
    }

    function _signClose(PvpPool p, IPvpPool.CloseOrder memory o) internal view returns (bytes memory) {
        return _sig(signerKey, lens.hashCloseOrder(p, o));
    }

    function _open(PvpPool p, address trader, bytes32 market, bool isLong, uint256 margin, uint256 lev, uint256 price)
        internal
        returns (uint256 id)
    {
        IPvpPool.OpenOrder memory o = _openOrder(p, trader, market, isLong, margin, lev, price);
        bytes memory sig = _signOpen(p, o);
        vm.prank(trader);
        id = p.openPosition(o, sig);
    }

    function _close(PvpPool p, address trader, uint256 id, uint256 margin, uint256 price)
        internal
        returns (uint256 payout)
    {
        IPvpPool.CloseOrder memory o = _closeOrder(p, trader, id, margin, price);
        bytes memory sig = _signClose(p, o);
        vm.prank(trader);
        payout = p.closePosition(o, sig);
    }

    function _closeAll(PvpPool p, address trader, uint256 id, uint256 price) internal returns (uint256) {
        return _close(p, trader, id, lens.position(p, id).margin, price);
    }

    function _liquidate(PvpPool p, uint256 id) internal returns (uint256 reward) {
        vm.prank(keeper);
        reward = p.liquidate(id);
    }
}
