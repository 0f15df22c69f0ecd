// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IPvpPool} from "./interfaces/IPvpPool.sol";
import {IPvpPoolFactory} from "./interfaces/IPvpPoolFactory.sol";
import {IZToken} from "./interfaces/IZToken.sol";
import {IIndexPriceFeed} from "./interfaces/IIndexPriceFeed.sol";
import {PnlMath} from "./libraries/PnlMath.sol";

/// @title PvpPool
/// @notice A zToken pool over one settlement token: liquidity at the swap rate, and PvP positions against the pool
/// at signed prices, with the running sums of SPEC.md §4 per market.
/// @dev Created by `PvpPoolFactory` with CREATE2 and no constructor arguments (the immutables come from the
/// factory's `poolImmutables()`), then configured once by the factory through `initialize`. Views that only
/// decode storage live in `PvpPoolLens`, which reads it through `extsload` (the layout is pinned by tests).
contract PvpPool is IPvpPool {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using SafeCast for int256;
    using PnlMath for uint256;

    /// @dev Everything read on every action, in one slot.
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
        /// set once funding was ever enabled: funding state may be non-zero
        bool fundingActive;
        bool paused;
        bool initialized;
        uint8 marketCount;
    }

    struct MarketInfo {
        uint8 index;
        uint16 maxLeverage;
        bool listed;
        bool enabled;
    }

    /// @dev Per market: its id, the opening sums Σa1/Σb1 (long) and Σc1/Σd1 (short), the open amounts
    /// x1/x2 and y1/y2 (so the closing sums are Σa2 = Σa1 - x1 etc., and the swap rate reads two slots per
    /// market), and the funding state.
    struct Market {
        bytes32 id;
        uint128 sumA1;
        uint128 sumB1;
        uint128 sumC1;
        uint128 sumD1;
        uint128 x1;
        uint128 x2;
        uint128 y1;
        uint128 y2;
        int128 fundingIndex;
        int64 fundingRate;
        uint40 fundingUpdatedAt;
        /// Σ notional·entryFundingIndex/1e18 over open longs (shorts below)
        int256 longFundingBase;
        int256 shortFundingBase;
    }

    /// @dev One slot. The trader is the id's top 160 bits; notional = margin * leverage always (partial closes
    /// keep the leverage); leverage 0 marks an empty slot.
    struct Position {
        uint8 marketIndex;
        bool isLong;
        uint8 leverage;
        uint96 margin;
        uint136 size;
    }

    /// @dev The closed part of a position.
    struct Settlement {
        uint256 notional;
        uint256 size;
        int256 pnl;
        int256 funding;
        uint256 payout;
        uint256 remainingMargin;
    }

    struct Account {
        address inviter;
        uint96 nonce;
    }

    /// @dev Fee of one open or close, split.
    struct Fee {
        uint256 fee;
        uint256 discount;
        uint256 protocolFee;
        uint256 rebate;
        address inviter;
    }

    uint256 internal constant WAD = 1e18;
    uint256 public constant MAX_MARKETS = 16;
    uint16 public constant MAX_LEVERAGE = 200;
    uint16 public constant MAX_MINT_REDEEM_FEE_BPS = 500;
    uint16 public constant MAX_TRADE_FEE_BPS = 100;
    uint32 public constant MAX_LIQUIDITY_LOCK = 30 days;
    uint16 public constant MIN_LIQUIDATION_THRESHOLD_BPS = 5000;
    uint16 public constant MAX_KEEPER_REWARD_BPS = 1000;
    uint64 public constant MAX_FUNDING_FACTOR_PER_HOUR = 1e18;
    uint64 public constant MAX_FUNDING_RATE_PER_HOUR = 1e16;

    bytes32 public constant OPEN_ORDER_TYPEHASH = keccak256(
        "OpenOrder(address trader,address pool,bytes32 marketId,bool isLong,uint256 margin,uint256 leverage,uint256 price,uint256 deadline,uint256 nonce)"
    );
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 public constant CLOSE_ORDER_TYPEHASH = keccak256(
        "CloseOrder(address trader,address pool,uint256 positionId,uint256 margin,uint256 price,uint256 deadline,uint256 nonce)"
    );

    /// @inheritdoc IPvpPool
    address public immutable factory;
    /// @inheritdoc IPvpPool
    address public immutable settlementToken;
    /// @inheritdoc IPvpPool
    address public immutable zToken;
    /// @inheritdoc IPvpPool
    address public immutable priceFeed;
    /// @inheritdoc IPvpPool
    uint256 public immutable initialSwapRate;
    /// @inheritdoc IPvpPool
    uint256 public immutable settlementScale;

    uint256 internal immutable _cachedChainId;
    bytes32 internal immutable _cachedDomainSeparator;

    Config internal _config;
    address public governor;
    address internal _protocolFeeRecipient;
    address internal _passNft;
    uint64 internal _fundingFactorPerHour;
    uint64 internal _maxFundingRatePerHour;

    /// @inheritdoc IPvpPool
    mapping(address => bool) public isPriceSigner;
    mapping(bytes32 => MarketInfo) internal _marketInfo;
    Market[MAX_MARKETS] internal _markets;
    mapping(uint256 => Position) internal _positions;
    mapping(uint256 => int256) internal _entryFundingIndex;
    mapping(address => Account) internal _accounts;

    constructor() {
        IPvpPoolFactory.PoolImmutables memory p = IPvpPoolFactory(msg.sender).poolImmutables();
        factory = p.factory;
        settlementToken = p.settlementToken;
        zToken = p.zToken;
        priceFeed = p.priceFeed;
        initialSwapRate = p.initialSwapRate;
        settlementScale = 10 ** (18 - IERC20Metadata(p.settlementToken).decimals());
        _cachedChainId = block.chainid;
        _cachedDomainSeparator = _buildDomainSeparator();
    }

    modifier onlyGovernor() {
        if (msg.sender != governor) revert NotGovernor();
        _;
    }

    // ================================================================== liquidity

    /// @inheritdoc IPvpPool
    function deposit(uint256 amount, uint256 minZTokenOut) external returns (uint256 minted) {
        Config memory c = _loadConfig();
        if (c.paused) revert PoolPaused();
        if (amount == 0) revert ZeroAmount();
        IERC20 token = IERC20(settlementToken);
        uint256 balanceBefore = token.balanceOf(address(this));
        uint256 supply = IZToken(zToken).totalSupply();
        int256 floating = supply == 0 ? int256(0) : _floatingPnl(c, true);

        token.safeTransferFrom(msg.sender, address(this), amount);
        // Measure what arrived: a fee-on-transfer token credits less than `amount`.
        uint256 received = token.balanceOf(address(this)) - balanceBefore;
        uint256 fee = received.bpsUp(c.mintFeeBps);
        minted = _zTokenFor(received - fee, balanceBefore, supply, floating);
        if (minted == 0) revert ZeroAmount();
        if (minted < minZTokenOut) revert SlippageExceeded(minted, minZTokenOut);

        uint256 unlock = c.liquidityLock == 0 ? 0 : block.timestamp + c.liquidityLock;
        IZToken(zToken).mint(msg.sender, minted, unlock);

        uint256 balance = balanceBefore + received;
        supply += minted;
        emit Deposit(
            msg.sender, received, fee, minted, _rate(balance, supply, floating), floating, balance, supply, unlock
        );
    }

    /// @inheritdoc IPvpPool
    function redeem(uint256 zTokenAmount, uint256 minAmountOut) external returns (uint256 amountOut) {
        if (zTokenAmount == 0) revert ZeroAmount();
        Config memory c = _loadConfig();
        uint256 balance = IERC20(settlementToken).balanceOf(address(this));
        uint256 supply = IZToken(zToken).totalSupply();
        int256 floating = _floatingPnl(c, true);

        uint256 fee;
        (amountOut, fee) = _settlementFor(zTokenAmount, balance, supply, floating, c.redeemFeeBps);
        if (amountOut < minAmountOut) revert SlippageExceeded(amountOut, minAmountOut);

        // Burning first: reverts with LiquidityLocked or InsufficientBalance before any payment.
        IZToken(zToken).burn(msg.sender, zTokenAmount);
        IERC20(settlementToken).safeTransfer(msg.sender, amountOut);

        balance -= amountOut;
        supply -= zTokenAmount;
        emit Redeem(
            msg.sender, zTokenAmount, fee, amountOut, _rate(balance, supply, floating), floating, balance, supply
        );
    }

    // ================================================================== trading

    /// @inheritdoc IPvpPool
    function openPosition(OpenOrder calldata order, bytes calldata signature) external returns (uint256 positionId) {
        Config memory c = _loadConfig();
        if (c.paused) revert PoolPaused();
        Account memory account = _verify(
            keccak256(abi.encode(OPEN_ORDER_TYPEHASH, order)),
            order.trader,
            order.pool,
            order.deadline,
            order.nonce,
            signature
        );
        return _open(c, order, account.inviter);
    }

    function _open(Config memory c, OpenOrder calldata order, address inviter) internal returns (uint256 positionId) {
        MarketInfo memory info = _marketInfo[order.marketId];
        if (!info.listed) revert UnknownMarket(order.marketId);
        if (!info.enabled) revert MarketDisabled(order.marketId);
        if (order.leverage == 0) revert InvalidLeverage();
        if (order.leverage > info.maxLeverage) revert LeverageTooHigh(order.leverage, info.maxLeverage);
        if (order.margin == 0) revert ZeroAmount();
        if (order.price == 0) revert InvalidPrice();

        Market storage market = _markets[info.index];
        uint256 notional = order.margin * order.leverage;
        uint256 size;
        int256 fundingIndex;
        (positionId, size, fundingIndex) = _recordOpen(c, market, info.index, order, notional);

        // Margin and open fee come from the trader's zTokens; the margin stays in supply, locked here.
        Fee memory fee = _fee(c, notional, c.openFeeBps, inviter);
        IZToken(zToken).poolTransfer(msg.sender, address(this), order.margin + fee.fee);
        _settle(fee.fee, 0, fee);
        _emitOpened(positionId, order, notional, size, fundingIndex);
        _emitFee(positionId, true, fee);
        if (c.fundingEnabled) _updateFundingRate(c, market);
    }

    /// @inheritdoc IPvpPool
    function closePosition(CloseOrder calldata order, bytes calldata signature) external returns (uint256 payout) {
        Account memory account = _verify(
            keccak256(abi.encode(CLOSE_ORDER_TYPEHASH, order)),
            order.trader,
            order.pool,
            order.deadline,
            order.nonce,
            signature
        );
        return _close(_loadConfig(), order, account.inviter);
    }

    /// @inheritdoc IPvpPool
    function liquidate(uint256 positionId) external returns (uint256 keeperReward) {
        Config memory c = _loadConfig();
        Position memory p = _positions[positionId];
        if (p.leverage == 0) revert PositionNotFound(positionId);
        Market storage market = _markets[p.marketIndex];
        uint256 price = IIndexPriceFeed(priceFeed).freshPrice(market.id);

        Settlement memory s = _reduce(c, market, positionId, p, p.margin, price);
        if (s.funding - s.pnl < int256(uint256(p.margin).bpsDown(c.liquidationThresholdBps))) {
            revert NotLiquidatable(positionId);
        }

        // The whole margin leaves the supply, except the keeper's reward.
        keeperReward = uint256(p.margin).bpsDown(c.keeperRewardBps);
        IZToken(zToken).burn(address(this), p.margin - keeperReward);
        if (keeperReward != 0) IZToken(zToken).poolTransfer(address(this), msg.sender, keeperReward);

        _emitLiquidated(positionId, p, market.id, price, s, keeperReward);
        if (c.fundingEnabled) _updateFundingRate(c, market);
    }

    /// @inheritdoc IPvpPool
    function bindInviter(address inviter) external {
        if (inviter == address(0) || inviter == msg.sender) revert InvalidInviter();
        Account storage account = _accounts[msg.sender];
        if (account.inviter != address(0)) revert InviterAlreadyBound();
        account.inviter = inviter;
        emit InviterBound(msg.sender, inviter);
    }

    // ================================================================== governance

    /// @inheritdoc IPvpPool
    function initialize(PoolParams calldata p, MarketParams[] calldata markets) external {
        if (msg.sender != factory) revert NotFactory();
        if (_config.initialized) revert AlreadyInitialized();
        _config.initialized = true;
        _setParams(p);
        for (uint256 i; i < markets.length; ++i) {
            _listMarket(markets[i].marketId, markets[i].maxLeverage);
        }
    }

    /// @inheritdoc IPvpPool
    function setParams(PoolParams calldata p) external onlyGovernor {
        _setParams(p);
        emit ParamsUpdated(p);
    }

    /// @inheritdoc IPvpPool
    function setPaused(bool paused_) external onlyGovernor {
        _config.paused = paused_;
        emit PausedUpdated(paused_);
    }

    /// @inheritdoc IPvpPool
    function setPriceSigner(address signer, bool authorised) external onlyGovernor {
        isPriceSigner[signer] = authorised;
        emit PriceSignerUpdated(signer, authorised);
    }

    /// @inheritdoc IPvpPool
    function listMarket(bytes32 marketId, uint16 maxLeverage) external onlyGovernor {
        _listMarket(marketId, maxLeverage);
        emit MarketUpdated(marketId, maxLeverage, true);
    }

    /// @inheritdoc IPvpPool
    function setMarket(bytes32 marketId, uint16 maxLeverage, bool enabled) external onlyGovernor {
        MarketInfo storage info = _marketInfo[marketId];
        if (!info.listed) revert UnknownMarket(marketId);
        if (maxLeverage == 0 || maxLeverage > MAX_LEVERAGE) revert LeverageOutOfRange();
        info.maxLeverage = maxLeverage;
        info.enabled = enabled;
        emit MarketUpdated(marketId, maxLeverage, enabled);
    }

    // ================================================================== views

    /// @inheritdoc IPvpPool
    function swapRate() external view returns (uint256) {
        (,,, uint256 rate) = poolState();
        return rate;
    }

    /// @inheritdoc IPvpPool
    function poolState() public view returns (uint256 balance, uint256 supply, int256 floating, uint256 rate) {
        balance = IERC20(settlementToken).balanceOf(address(this));
        supply = IZToken(zToken).totalSupply();
        floating = _floatingPnl(_loadConfig(), false);
        rate = _rate(balance, supply, floating);
    }

    /// @inheritdoc IPvpPool
    function floatingPnl() external view returns (int256) {
        return _floatingPnl(_loadConfig(), false);
    }

    /// @inheritdoc IPvpPool
    function settlementBalance() external view returns (uint256) {
        return IERC20(settlementToken).balanceOf(address(this));
    }

    /// @inheritdoc IPvpPool
    function zTokenSupply() external view returns (uint256) {
        return IZToken(zToken).totalSupply();
    }

    /// @inheritdoc IPvpPool
    function marketSums(bytes32 marketId)
        external
        view
        returns (
            uint256 sumA1,
            uint256 sumB1,
            uint256 sumC1,
            uint256 sumD1,
            uint256 sumA2,
            uint256 sumB2,
            uint256 sumC2,
            uint256 sumD2
        )
    {
        Market storage m = _market(marketId);
        (sumA1, sumB1, sumC1, sumD1) = (m.sumA1, m.sumB1, m.sumC1, m.sumD1);
        (sumA2, sumB2, sumC2, sumD2) = (sumA1 - m.x1, sumB1 - m.x2, sumC1 - m.y1, sumD1 - m.y2);
    }

    /// @inheritdoc IPvpPool
    function openAmounts(bytes32 marketId) external view returns (uint256 x1, uint256 x2, uint256 y1, uint256 y2) {
        return _openAmounts(_market(marketId));
    }

    /// @inheritdoc IPvpPool
    function unrealisedPnl(bytes32 marketId) external view returns (int256 longPnl, int256 shortPnl) {
        (uint256 price,) = IIndexPriceFeed(priceFeed).latestPrice(marketId);
        return _unrealised(_market(marketId), price);
    }

    /// @inheritdoc IPvpPool
    function marketIds() external view returns (bytes32[] memory ids) {
        uint256 count = _config.marketCount;
        ids = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            ids[i] = _markets[i].id;
        }
    }

    /// @inheritdoc IPvpPool
    function paused() external view returns (bool) {
        return _config.paused;
    }

    /// @inheritdoc IPvpPool
    function nonces(address trader) external view returns (uint256) {
        return _accounts[trader].nonce;
    }

    /// @inheritdoc IPvpPool
    function inviterOf(address trader) external view returns (address) {
        return _accounts[trader].inviter;
    }

    /// @inheritdoc IPvpPool
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return block.chainid == _cachedChainId ? _cachedDomainSeparator : _buildDomainSeparator();
    }

    /// @inheritdoc IPvpPool
    function extsload(bytes32 slot) external view returns (bytes32 value) {
        assembly ("memory-safe") {
            value := sload(slot)
        }
    }

    /// @inheritdoc IPvpPool
    function extsload(bytes32 startSlot, uint256 nSlots) external view returns (bytes32[] memory values) {
        values = new bytes32[](nSlots);
        for (uint256 i; i < nSlots; ++i) {
            bytes32 value;
            assembly ("memory-safe") {
                value := sload(add(startSlot, i))
            }
            values[i] = value;
        }
    }

    function _buildDomainSeparator() internal view returns (bytes32) {
        return
            keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256("PvpPool"), keccak256("1"), block.chainid, address(this)));
    }

    function _hashTypedDataV4(bytes32 structHash) internal view returns (bytes32) {
        return MessageHashUtils.toTypedDataHash(DOMAIN_SEPARATOR(), structHash);
    }

    function _loadConfig() internal view returns (Config memory) {
        return _config;
    }

    // ================================================================== internal: rate

    /// @dev SPEC.md §3: balance (18 decimals) / (supply + floating PnL), WAD; the initial rate for an empty pool.
    function _rate(uint256 balance, uint256 supply, int256 floating) internal view returns (uint256) {
        if (supply == 0) return initialSwapRate;
        int256 value = int256(supply) + floating;
        if (value <= 0) revert SwapRateUndefined();
        return Math.mulDiv(balance * settlementScale, WAD, uint256(value));
    }

    /// @dev zTokens for `net` settlement units: net·(supply + floating)/balance, rounded down (never through the
    /// rounded WAD rate, which would round in the depositor's favour).
    function _zTokenFor(uint256 net, uint256 balance, uint256 supply, int256 floating) internal view returns (uint256) {
        if (supply == 0) return Math.mulDiv(net * settlementScale, WAD, initialSwapRate);
        int256 value = int256(supply) + floating;
        if (value <= 0 || balance == 0) revert SwapRateUndefined();
        return Math.mulDiv(net, uint256(value), balance);
    }

    /// @dev Settlement units for `amount` zTokens: amount·balance/(supply + floating) rounded down, less the fee
    /// rounded up.
    function _settlementFor(uint256 amount, uint256 balance, uint256 supply, int256 floating, uint16 feeBps)
        internal
        pure
        returns (uint256 amountOut, uint256 fee)
    {
        int256 value = int256(supply) + floating;
        if (value <= 0) revert SwapRateUndefined();
        uint256 gross = Math.mulDiv(amount, balance, uint256(value));
        fee = gross.bpsUp(feeBps);
        amountOut = gross - fee;
    }

    /// @dev Aggregate floating PnL in O(markets): per market L·x2 - x1 + y1 - L·y2 less the funding owed.
    /// With `fresh`, a market with open positions needs a fresh index price.
    function _floatingPnl(Config memory c, bool fresh) internal view returns (int256 total) {
        IIndexPriceFeed feed = IIndexPriceFeed(priceFeed);
        for (uint256 i; i < c.marketCount; ++i) {
            Market storage m = _markets[i];
            (uint256 x1, uint256 x2, uint256 y1, uint256 y2) = _openAmounts(m);
            if ((x1 | x2 | y1 | y2) == 0) continue;
            uint256 price;
            if (fresh) price = feed.freshPrice(m.id);
            else (price,) = feed.latestPrice(m.id);
            total += PnlMath.pnl(x1, x2, price, true) + PnlMath.pnl(y1, y2, price, false);
            if (c.fundingActive) {
                (int256 longOwed, int256 shortOwed) = _fundingOwed(m, _currentFundingIndex(m));
                total -= longOwed + shortOwed;
            }
        }
    }

    function _openAmounts(Market storage m) internal view returns (uint256 x1, uint256 x2, uint256 y1, uint256 y2) {
        return (m.x1, m.x2, m.y1, m.y2);
    }

    function _unrealised(Market storage m, uint256 price) internal view returns (int256 longPnl, int256 shortPnl) {
        (uint256 x1, uint256 x2, uint256 y1, uint256 y2) = _openAmounts(m);
        longPnl = PnlMath.pnl(x1, x2, price, true);
        shortPnl = PnlMath.pnl(y1, y2, price, false);
    }

    function _market(bytes32 marketId) internal view returns (Market storage) {
        MarketInfo memory info = _marketInfo[marketId];
        if (!info.listed) revert UnknownMarket(marketId);
        return _markets[info.index];
    }

    // ================================================================== internal: trading

    /// @dev Checks an order's trader, pool, deadline, nonce (consumed) and price signer.
    function _verify(
        bytes32 structHash,
        address trader,
        address pool,
        uint256 deadline,
        uint256 nonce,
        bytes calldata signature
    ) internal returns (Account memory account) {
        if (trader != msg.sender) revert WrongTrader();
        if (pool != address(this)) revert WrongPool();
        if (block.timestamp > deadline) revert OrderExpired(deadline);
        Account storage stored = _accounts[msg.sender];
        account = stored;
        if (nonce != account.nonce) revert InvalidNonce(account.nonce, nonce);
        stored.nonce = account.nonce + 1;
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecover(_hashTypedDataV4(structHash), signature);
        if (err != ECDSA.RecoverError.NoError || !isPriceSigner[signer]) revert InvalidSignature();
    }

    /// @dev Adds an opening to the sums and stores the position.
    function _recordOpen(
        Config memory c,
        Market storage market,
        uint8 marketIndex,
        OpenOrder calldata order,
        uint256 notional
    ) internal returns (uint256 positionId, uint256 size, int256 fundingIndex) {
        size = notional.sizeOf(order.price, order.isLong);
        fundingIndex = c.fundingActive ? _accrueFunding(market) : int256(0);
        if (order.isLong) {
            market.sumA1 = (market.sumA1 + notional).toUint128();
            market.sumB1 = (market.sumB1 + size).toUint128();
            // Open amounts never exceed their opening sums.
            market.x1 += uint128(notional);
            market.x2 += uint128(size);
        } else {
            market.sumC1 = (market.sumC1 + notional).toUint128();
            market.sumD1 = (market.sumD1 + size).toUint128();
            market.y1 += uint128(notional);
            market.y2 += uint128(size);
        }

        // Unique without a counter: the trader's order nonce is consumed by this very order.
        positionId = (uint256(uint160(msg.sender)) << 96) | order.nonce;
        _positions[positionId] = Position({
            marketIndex: marketIndex,
            isLong: order.isLong,
            leverage: uint8(order.leverage),
            margin: order.margin.toUint96(),
            size: size.toUint136()
        });
        if (fundingIndex != 0) {
            _entryFundingIndex[positionId] = fundingIndex;
            _addFundingBase(market, order.isLong, PnlMath.fundingBase(notional, fundingIndex));
        }
    }

    function _close(Config memory c, CloseOrder calldata order, address inviter) internal returns (uint256 payout) {
        Position memory p = _positions[order.positionId];
        if (p.leverage == 0) revert PositionNotFound(order.positionId);
        if (_traderOf(order.positionId) != msg.sender) revert WrongTrader();
        if (order.margin == 0 || order.margin > p.margin) revert InvalidCloseAmount();

        Market storage market = _markets[p.marketIndex];
        Settlement memory s = _reduce(c, market, order.positionId, p, order.margin, order.price);

        // Value of the closed part; a loss beyond the margin is not collected (SPEC.md §2).
        int256 value = int256(order.margin) + s.pnl - s.funding;
        Fee memory fee;
        fee.inviter = inviter;
        if (value > 0) {
            fee = _fee(c, s.notional, c.closeFeeBps, inviter);
            if (fee.fee > uint256(value)) {
                fee.fee = uint256(value);
                _split(c, fee);
            }
            payout = uint256(value) - fee.fee;
        }
        _settle(order.margin, payout, fee);

        s.payout = payout;
        s.remainingMargin = p.margin - order.margin;
        _emitClosed(order, p.isLong, market.id, s);
        _emitFee(order.positionId, false, fee);
        if (c.fundingEnabled) _updateFundingRate(c, market);
    }

    /// @dev Removes `closedMargin` of position `p` from the sums (the whole position when it is all its margin),
    /// settles the funding bookkeeping, and returns the closed notional and size with their PnL and funding.
    function _reduce(
        Config memory c,
        Market storage market,
        uint256 positionId,
        Position memory p,
        uint256 closedMargin,
        uint256 price
    ) internal returns (Settlement memory s) {
        if (price == 0) revert InvalidPrice();
        bool full = closedMargin == p.margin;
        s.notional = closedMargin * p.leverage;
        // The value of the whole position at `price`, rounded against the trader.
        uint256 value = PnlMath.valueOf(p.size, price, p.isLong);
        if (full) {
            s.size = p.size;
        } else {
            // A partial close must not let either part beat its share of the whole (the loss cap applies per
            // part): the remaining size and the closed value both round against the trader.
            Math.Rounding r = p.isLong ? Math.Rounding.Floor : Math.Rounding.Ceil;
            s.size = p.size - Math.mulDiv(p.size, p.margin - closedMargin, p.margin, r);
            value = Math.mulDiv(value, closedMargin, p.margin, r);
        }
        s.pnl = p.isLong ? value.toInt256() - s.notional.toInt256() : s.notional.toInt256() - value.toInt256();

        // The closed part was added at opening: these cannot underflow.
        if (p.isLong) {
            market.x1 -= uint128(s.notional);
            market.x2 -= uint128(s.size);
        } else {
            market.y1 -= uint128(s.notional);
            market.y2 -= uint128(s.size);
        }

        if (c.fundingActive) {
            int256 index = _accrueFunding(market);
            int256 entry = _entryFundingIndex[positionId];
            s.funding = PnlMath.fundingOwed(s.notional, index - entry, p.isLong);
            if (entry != 0) {
                uint256 notional = uint256(p.margin) * p.leverage;
                int256 removed =
                    PnlMath.fundingBase(notional, entry) - PnlMath.fundingBase(notional - s.notional, entry);
                _addFundingBase(market, p.isLong, -removed);
                if (full) delete _entryFundingIndex[positionId];
            }
        }

        if (full) {
            delete _positions[positionId];
        } else {
            Position storage stored = _positions[positionId];
            stored.margin = p.margin - uint96(closedMargin);
            stored.size = p.size - uint136(s.size);
        }
    }

    /// @dev The fee on `notional` at `feeBps`, less the pass discount, split into protocol share and rebate.
    function _fee(Config memory c, uint256 notional, uint16 feeBps, address inviter)
        internal
        view
        returns (Fee memory f)
    {
        f.inviter = inviter;
        f.fee = notional.bpsUp(feeBps);
        if (f.fee == 0) return f;
        if (c.passDiscountBps != 0 && IERC721(_passNft).balanceOf(msg.sender) != 0) {
            f.discount = f.fee.bpsDown(c.passDiscountBps);
            f.fee -= f.discount;
        }
        _split(c, f);
    }

    function _split(Config memory c, Fee memory f) internal pure {
        f.protocolFee = f.fee.bpsDown(c.protocolShareBps);
        f.rebate = f.inviter == address(0) ? 0 : f.fee.bpsDown(c.referralRebateBps);
    }

    /// @dev Pays out of `held` zTokens the pool holds for a position: `payout` to the trader and the fee's
    /// protocol share and rebate. What `held` does not cover is minted (profit); what is left is burned (loss and
    /// the burned part of the fee).
    function _settle(uint256 held, uint256 payout, Fee memory f) internal {
        IZToken z = IZToken(zToken);
        uint256 paid = payout + f.protocolFee + f.rebate;
        if (paid > held) z.mint(address(this), paid - held, 0);
        else if (held > paid) z.burn(address(this), held - paid);
        if (payout != 0) z.poolTransfer(address(this), msg.sender, payout);
        if (f.protocolFee != 0) z.poolTransfer(address(this), _protocolFeeRecipient, f.protocolFee);
        if (f.rebate != 0) z.poolTransfer(address(this), f.inviter, f.rebate);
    }

    function _emitLiquidated(
        uint256 positionId,
        Position memory p,
        bytes32 marketId,
        uint256 price,
        Settlement memory s,
        uint256 keeperReward
    ) internal {
        emit PositionLiquidated(
            positionId,
            _traderOf(positionId),
            marketId,
            p.isLong,
            msg.sender,
            p.margin,
            s.notional,
            s.size,
            price,
            s.pnl,
            s.funding,
            keeperReward,
            IZToken(zToken).totalSupply()
        );
    }

    function _emitOpened(
        uint256 positionId,
        OpenOrder calldata order,
        uint256 notional,
        uint256 size,
        int256 fundingIndex
    ) internal {
        emit PositionOpened(
            positionId,
            msg.sender,
            order.marketId,
            order.isLong,
            order.margin,
            order.leverage,
            notional,
            size,
            order.price,
            fundingIndex
        );
    }

    function _emitClosed(CloseOrder calldata order, bool isLong, bytes32 marketId, Settlement memory s) internal {
        emit PositionClosed(
            order.positionId,
            msg.sender,
            marketId,
            isLong,
            order.margin,
            s.notional,
            s.size,
            order.price,
            s.pnl,
            s.funding,
            s.payout,
            s.remainingMargin,
            IZToken(zToken).totalSupply()
        );
    }

    function _traderOf(uint256 positionId) internal pure returns (address) {
        return address(uint160(positionId >> 96));
    }

    function _emitFee(uint256 positionId, bool isOpen, Fee memory f) internal {
        emit FeeCharged(positionId, msg.sender, f.inviter, isOpen, f.fee, f.discount, f.protocolFee, f.rebate);
    }

    // ================================================================== internal: funding

    function _currentFundingIndex(Market storage m) internal view returns (int256) {
        return int256(m.fundingIndex) + int256(m.fundingRate) * int256(block.timestamp - m.fundingUpdatedAt);
    }

    /// @dev Funding owed by all open longs and all open shorts at `index` (signed; negative = to receive).
    function _fundingOwed(Market storage m, int256 index) internal view returns (int256 longOwed, int256 shortOwed) {
        (uint256 x1,, uint256 y1,) = _openAmounts(m);
        longOwed = PnlMath.fundingBase(x1, index) - m.longFundingBase;
        shortOwed = m.shortFundingBase - PnlMath.fundingBase(y1, index);
    }

    function _accrueFunding(Market storage m) internal returns (int256 index) {
        index = m.fundingIndex;
        int256 rate = m.fundingRate;
        if (rate != 0 && m.fundingUpdatedAt != block.timestamp) {
            index += rate * int256(block.timestamp - m.fundingUpdatedAt);
            m.fundingIndex = index.toInt128();
            m.fundingUpdatedAt = uint40(block.timestamp);
        }
    }

    function _addFundingBase(Market storage m, bool isLong, int256 delta) internal {
        if (isLong) m.longFundingBase += delta;
        else m.shortFundingBase += delta;
    }

    /// @dev SPEC.md §5: BR = (long - short open notional) / pool value in zToken; the majority side pays
    /// f(BR) = clamp(factor·BR) per hour. Call after `_accrueFunding` of the market.
    function _updateFundingRate(Config memory c, Market storage m) internal {
        int256 rate;
        int256 balanceRate;
        if (c.fundingEnabled) {
            (uint256 x1,, uint256 y1,) = _openAmounts(m);
            int256 imbalance = int256(x1) - int256(y1);
            if (imbalance != 0) {
                int256 value = int256(IZToken(zToken).totalSupply()) + _floatingPnl(c, false);
                int256 maxRate = int256(uint256(_maxFundingRatePerHour));
                int256 perHour;
                if (value <= 0) {
                    perHour = imbalance > 0 ? maxRate : -maxRate;
                } else {
                    balanceRate = imbalance * int256(WAD) / value;
                    perHour = balanceRate * int256(uint256(_fundingFactorPerHour)) / int256(WAD);
                    if (perHour > maxRate) perHour = maxRate;
                    if (perHour < -maxRate) perHour = -maxRate;
                }
                rate = perHour / 1 hours;
            }
        }
        m.fundingRate = int64(rate);
        m.fundingUpdatedAt = uint40(block.timestamp);
        emit FundingUpdated(m.id, m.fundingIndex, rate, balanceRate);
    }

    // ================================================================== internal: parameters

    function _listMarket(bytes32 marketId, uint16 maxLeverage) internal {
        MarketInfo storage info = _marketInfo[marketId];
        if (info.listed) revert MarketAlreadyListed(marketId);
        if (maxLeverage == 0 || maxLeverage > MAX_LEVERAGE) revert LeverageOutOfRange();
        if (IIndexPriceFeed(priceFeed).maxPriceAge(marketId) == 0) revert UnknownMarket(marketId);
        uint8 index = _config.marketCount;
        if (index >= MAX_MARKETS) revert TooManyMarkets();
        _config.marketCount = index + 1;
        _markets[index].id = marketId;
        _marketInfo[marketId] = MarketInfo({index: index, maxLeverage: maxLeverage, listed: true, enabled: true});
    }

    /// @dev Validates and stores every parameter; funding accrues at the old rates first and is re-rated after.
    function _setParams(PoolParams calldata p) internal {
        if (p.governor == address(0)) revert InvalidRecipient();
        if (
            p.mintFeeBps > MAX_MINT_REDEEM_FEE_BPS || p.redeemFeeBps > MAX_MINT_REDEEM_FEE_BPS
                || p.openFeeBps > MAX_TRADE_FEE_BPS || p.closeFeeBps > MAX_TRADE_FEE_BPS
                || uint256(p.protocolShareBps) + p.referralRebateBps > PnlMath.BPS || p.passDiscountBps > PnlMath.BPS
                || (p.passNft == address(0) && p.passDiscountBps != 0)
        ) revert FeeTooHigh();
        if (p.protocolShareBps != 0 && p.protocolFeeRecipient == address(0)) revert InvalidRecipient();
        if (p.liquidityLock > MAX_LIQUIDITY_LOCK) revert LockTooLong();
        if (
            p.liquidationThresholdBps < MIN_LIQUIDATION_THRESHOLD_BPS || p.liquidationThresholdBps > PnlMath.BPS
                || p.keeperRewardBps > MAX_KEEPER_REWARD_BPS
        ) revert InvalidLiquidationParams();
        if (p.fundingFactorPerHour > MAX_FUNDING_FACTOR_PER_HOUR || p.maxFundingRatePerHour > MAX_FUNDING_RATE_PER_HOUR)
        {
            revert InvalidFundingParams();
        }

        Config memory c = _loadConfig();
        // Settle the old funding rates up to now before they change.
        if (c.fundingActive) {
            for (uint256 i; i < c.marketCount; ++i) {
                _accrueFunding(_markets[i]);
            }
        }

        governor = p.governor;
        _protocolFeeRecipient = p.protocolFeeRecipient;
        _passNft = p.passNft;
        _fundingFactorPerHour = p.fundingFactorPerHour;
        _maxFundingRatePerHour = p.maxFundingRatePerHour;
        c.mintFeeBps = p.mintFeeBps;
        c.redeemFeeBps = p.redeemFeeBps;
        c.openFeeBps = p.openFeeBps;
        c.closeFeeBps = p.closeFeeBps;
        c.protocolShareBps = p.protocolShareBps;
        c.referralRebateBps = p.referralRebateBps;
        c.passDiscountBps = p.passDiscountBps;
        c.liquidityLock = p.liquidityLock;
        c.liquidationThresholdBps = p.liquidationThresholdBps;
        c.keeperRewardBps = p.keeperRewardBps;
        c.fundingEnabled = p.fundingEnabled;
        if (p.fundingEnabled) c.fundingActive = true;
        _config = c;

        if (c.fundingActive) {
            for (uint256 i; i < c.marketCount; ++i) {
                _updateFundingRate(c, _markets[i]);
            }
        }
    }
}
