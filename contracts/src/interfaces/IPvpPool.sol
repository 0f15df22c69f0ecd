// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPvpPool
/// @notice One settlement token, one zToken, several index markets (SPEC.md §1). Liquidity enters and leaves at
/// the swap rate (§3); traders open positions against the pool with zToken margin at prices signed by an
/// authorised price signer; the pool mints profits and burns losses (§2); per market it keeps the eight running
/// sums of §4 so that the aggregate floating PnL, and with it the swap rate, costs O(markets).
/// @dev Units: zToken amounts, notionals and PnL are zToken wei (18 decimals); sizes are index units (WAD);
/// prices and the swap rate are WAD; fee parameters are basis points (1e4 = 100%); settlement amounts are the
/// settlement token's raw units.
interface IPvpPool {
    // ------------------------------------------------------------------ types

    /// @notice The parameters a pool is created with (SPEC.md §5), all changeable later by the governor.
    struct PoolParams {
        /// the account allowed to change parameters and pause
        address governor;
        /// receiver of the protocol share of open/close fees (zToken); zero only if the share is zero
        address protocolFeeRecipient;
        /// ERC-721 whose holders get `passDiscountBps` off open/close fees; zero = no discount
        address passNft;
        /// fee on deposits, kept by the pool (bps of the settlement amount)
        uint16 mintFeeBps;
        /// fee on redemptions, kept by the pool (bps of the settlement amount)
        uint16 redeemFeeBps;
        /// fee on opening, paid in zToken on top of the margin (bps of notional)
        uint16 openFeeBps;
        /// fee on closing, taken from the payout (bps of the closed notional)
        uint16 closeFeeBps;
        /// part of each open/close fee sent to `protocolFeeRecipient` (bps of the fee)
        uint16 protocolShareBps;
        /// part of each open/close fee sent to the trader's inviter, if bound (bps of the fee)
        uint16 referralRebateBps;
        /// discount for pass-NFT holders (bps of the fee)
        uint16 passDiscountBps;
        /// seconds after a deposit before the depositor's zTokens can be redeemed or transferred
        uint32 liquidityLock;
        /// a position is liquidatable when its loss reaches this share of its margin (bps, 5000..10000)
        uint16 liquidationThresholdBps;
        /// share of the liquidated margin paid to the liquidator (bps of margin)
        uint16 keeperRewardBps;
        /// imbalance funding on/off (SPEC.md §5; off by default)
        bool fundingEnabled;
        /// funding rate per hour per unit of balance rate: rate = factor * BR (WAD)
        uint64 fundingFactorPerHour;
        /// cap on the absolute funding rate per hour (WAD of notional)
        uint64 maxFundingRatePerHour;
    }

    /// @notice A market a pool trades: an index of the price feed and its maximum leverage.
    struct MarketParams {
        bytes32 marketId;
        uint16 maxLeverage;
    }

    /// @notice An order to open a position, signed (EIP-712) by an authorised price signer.
    struct OpenOrder {
        address trader;
        address pool;
        bytes32 marketId;
        bool isLong;
        /// zToken margin
        uint256 margin;
        /// whole-number leverage, 1..maxLeverage of the market
        uint256 leverage;
        /// index price of the fill (WAD)
        uint256 price;
        /// last valid timestamp
        uint256 deadline;
        /// must equal `nonces(trader)`
        uint256 nonce;
    }

    /// @notice An order to close all or part of a position, signed (EIP-712) by an authorised price signer.
    struct CloseOrder {
        address trader;
        address pool;
        uint256 positionId;
        /// margin to close; the position's whole margin closes it fully
        uint256 margin;
        /// index price of the fill (WAD)
        uint256 price;
        uint256 deadline;
        uint256 nonce;
    }

    /// @notice An open position as seen through `position`.
    struct PositionView {
        address trader;
        bytes32 marketId;
        bool isLong;
        uint256 leverage;
        /// zToken margin still locked
        uint256 margin;
        /// margin * leverage (zToken)
        uint256 notional;
        /// notional / entry price (index units, WAD); the entry price is notional * 1e18 / size
        uint256 size;
        /// the market's cumulative funding index at opening (WAD per unit notional)
        int256 entryFundingIndex;
    }

    // ------------------------------------------------------------------ events: liquidity

    /// @notice Emitted on every deposit.
    /// @param provider who deposited and received the zTokens
    /// @param amountIn settlement tokens received by the pool (raw units), fee included
    /// @param fee settlement tokens of `amountIn` kept by the pool as mint fee (raw units)
    /// @param zTokenMinted zTokens minted to the provider
    /// @param swapRate settlement tokens per zToken after the deposit (WAD, whole tokens on both sides)
    /// @param floatingPnl aggregate floating PnL of all open positions, funding included (zToken, signed)
    /// @param settlementBalance the pool's settlement balance after the deposit (raw units)
    /// @param zTokenSupply zToken total supply after the deposit
    /// @param unlockTime when the provider's zTokens become redeemable/transferable (seconds)
    event Deposit(
        address indexed provider,
        uint256 amountIn,
        uint256 fee,
        uint256 zTokenMinted,
        uint256 swapRate,
        int256 floatingPnl,
        uint256 settlementBalance,
        uint256 zTokenSupply,
        uint256 unlockTime
    );

    /// @notice Emitted on every redemption.
    /// @param provider who burned zTokens and received settlement tokens
    /// @param zTokenBurned zTokens burned
    /// @param fee settlement tokens kept by the pool as redeem fee (raw units)
    /// @param amountOut settlement tokens paid out (raw units), after the fee
    /// @param swapRate settlement tokens per zToken after the redemption (WAD)
    /// @param floatingPnl aggregate floating PnL (zToken, signed)
    /// @param settlementBalance the pool's settlement balance after (raw units)
    /// @param zTokenSupply zToken total supply after
    event Redeem(
        address indexed provider,
        uint256 zTokenBurned,
        uint256 fee,
        uint256 amountOut,
        uint256 swapRate,
        int256 floatingPnl,
        uint256 settlementBalance,
        uint256 zTokenSupply
    );

    // ------------------------------------------------------------------ events: trading

    /// @notice Emitted when a position opens. Σa1/Σb1 (long) or Σc1/Σd1 (short) grow by `notional`/`size`.
    /// @param positionId id of the new position: (uint160(trader) << 96) | order nonce, unique per pool
    /// @param trader its owner
    /// @param marketId its market
    /// @param isLong side
    /// @param margin zToken margin locked in the pool
    /// @param leverage whole-number leverage
    /// @param notional margin * leverage (zToken)
    /// @param size notional / price in index units (WAD); rounded down for longs, up for shorts
    /// @param price signed fill price (WAD)
    /// @param fundingIndex the market's cumulative funding index at opening (WAD)
    /// @dev zToken supply changes on opening only by the burned part of the fee (see `FeeCharged`).
    event PositionOpened(
        uint256 indexed positionId,
        address indexed trader,
        bytes32 indexed marketId,
        bool isLong,
        uint256 margin,
        uint256 leverage,
        uint256 notional,
        uint256 size,
        uint256 price,
        int256 fundingIndex
    );

    /// @notice Emitted when a position closes fully or in part. Σa2/Σb2 (long) or Σc2/Σd2 (short) grow by
    /// `closedNotional`/`closedSize`.
    /// @param positionId the position
    /// @param trader its owner
    /// @param marketId its market
    /// @param isLong side
    /// @param closedMargin margin closed (zToken)
    /// @param closedNotional notional closed (closedMargin * leverage)
    /// @param closedSize size closed (index units, WAD): the position's size less its remaining size, which rounds
    /// against the trader (down for longs, up for shorts)
    /// @param price signed fill price (WAD)
    /// @param pnl realised price PnL of the closed part (zToken, signed, before the loss cap): the closed share
    /// (closedMargin / margin) of the whole position's PnL, rounded against the trader; for a full close exactly
    /// L·size - notional (long) or notional - L·size (short)
    /// @param funding funding paid by the closed part (zToken; negative = received)
    /// @param payout zTokens paid to the trader: max(0, closedMargin + pnl - funding - fee)
    /// @param remainingMargin margin left open (0 = fully closed)
    /// @param zTokenSupply zToken total supply after
    event PositionClosed(
        uint256 indexed positionId,
        address indexed trader,
        bytes32 indexed marketId,
        bool isLong,
        uint256 closedMargin,
        uint256 closedNotional,
        uint256 closedSize,
        uint256 price,
        int256 pnl,
        int256 funding,
        uint256 payout,
        uint256 remainingMargin,
        uint256 zTokenSupply
    );

    /// @notice Emitted when a position is liquidated; its whole margin leaves the supply except the keeper reward.
    /// @param positionId the position
    /// @param trader its owner
    /// @param marketId its market
    /// @param isLong side
    /// @param keeper the liquidator (receives `keeperReward`)
    /// @param margin the position's margin (zToken)
    /// @param notional its notional (zToken)
    /// @param size its size (index units, WAD)
    /// @param price the index price used (WAD)
    /// @param pnl its price PnL at `price` (zToken, signed, uncapped)
    /// @param funding funding owed at liquidation (zToken; negative = was to receive)
    /// @param keeperReward zTokens paid to the keeper out of the margin
    /// @param zTokenSupply zToken total supply after
    event PositionLiquidated(
        uint256 indexed positionId,
        address indexed trader,
        bytes32 indexed marketId,
        bool isLong,
        address keeper,
        uint256 margin,
        uint256 notional,
        uint256 size,
        uint256 price,
        int256 pnl,
        int256 funding,
        uint256 keeperReward,
        uint256 zTokenSupply
    );

    /// @notice Emitted with every open and close, after `PositionOpened`/`PositionClosed` (also when zero).
    /// @param positionId the position
    /// @param trader who paid
    /// @param inviter the trader's inviter (zero if none)
    /// @param isOpen true for the open fee, false for the close fee
    /// @param fee fee charged after the discount (zToken)
    /// @param discount pass-NFT discount granted (zToken)
    /// @param protocolFee part of `fee` sent to the protocol fee recipient
    /// @param referralRebate part of `fee` sent to the inviter
    /// @dev the rest, fee - protocolFee - referralRebate, is burned: income of all zToken holders.
    event FeeCharged(
        uint256 indexed positionId,
        address indexed trader,
        address indexed inviter,
        bool isOpen,
        uint256 fee,
        uint256 discount,
        uint256 protocolFee,
        uint256 referralRebate
    );

    /// @notice Emitted when a trader binds an inviter (once per trader and pool).
    event InviterBound(address indexed trader, address indexed inviter);

    /// @notice Emitted when imbalance funding accrues or its rate changes for a market.
    /// @param marketId the market
    /// @param fundingIndex cumulative funding per unit notional paid by longs (WAD; shorts pay its negative)
    /// @param ratePerSecond the new rate (WAD per second; positive: longs pay shorts)
    /// @param balanceRate (long open notional - short open notional) / pool value in zToken (WAD, signed)
    event FundingUpdated(bytes32 indexed marketId, int256 fundingIndex, int256 ratePerSecond, int256 balanceRate);

    // ------------------------------------------------------------------ events: governance

    /// @notice Emitted on every parameter change with all parameters after it (creation: see the factory's
    /// `PoolCreated`).
    event ParamsUpdated(PoolParams params);
    /// @notice Emitted when the governor pauses or unpauses deposits and opens.
    event PausedUpdated(bool paused);
    /// @notice Emitted when a price signer is authorised or revoked.
    event PriceSignerUpdated(address indexed signer, bool authorised);
    /// @notice Emitted when a market is listed (enabled) or changed.
    /// @param maxLeverage maximum whole-number leverage (1..200)
    /// @param enabled whether new positions may open
    event MarketUpdated(bytes32 indexed marketId, uint16 maxLeverage, bool enabled);

    // ------------------------------------------------------------------ errors

    /// @notice Thrown when the caller is not the governor.
    error NotGovernor();
    /// @notice Thrown when the caller is not the factory.
    error NotFactory();
    /// @notice Thrown when `initialize` runs twice.
    error AlreadyInitialized();
    /// @notice Thrown by deposits and opens while the pool is paused.
    error PoolPaused();
    /// @notice Thrown for a zero amount.
    error ZeroAmount();
    /// @notice Thrown when a deposit or redemption yields less than the caller's minimum.
    error SlippageExceeded(uint256 amountOut, uint256 minAmountOut);
    /// @notice Thrown when the swap rate has no meaning (zero balance or non-positive pool value with a supply).
    error SwapRateUndefined();
    /// @notice Thrown for a fee above its cap, or shares of a fee summing above 100%.
    error FeeTooHigh();
    /// @notice Thrown when a protocol share is set without a recipient, or for a zero governor.
    error InvalidRecipient();
    /// @notice Thrown for a liquidity lock above 30 days.
    error LockTooLong();
    /// @notice Thrown for a threshold outside 50%..100% or a keeper reward above 10%.
    error InvalidLiquidationParams();
    /// @notice Thrown for funding parameters above their caps.
    error InvalidFundingParams();
    /// @notice Thrown for a maximum leverage of 0 or above 200.
    error LeverageOutOfRange();
    /// @notice Thrown when listing beyond the market cap.
    error TooManyMarkets();
    /// @notice Thrown when listing a market twice.
    error MarketAlreadyListed(bytes32 marketId);
    /// @notice Thrown for a market the pool (or its price feed) does not list.
    error UnknownMarket(bytes32 marketId);
    /// @notice Thrown when opening in a disabled market.
    error MarketDisabled(bytes32 marketId);
    /// @notice Thrown when the order's trader is not the caller (or not the position's owner).
    error WrongTrader();
    /// @notice Thrown when the order names another pool.
    error WrongPool();
    /// @notice Thrown when the order's deadline has passed.
    error OrderExpired(uint256 deadline);
    /// @notice Thrown when the order's nonce is not the trader's next nonce (replays included).
    error InvalidNonce(uint256 expected, uint256 nonce);
    /// @notice Thrown when the signature is malformed or not from an authorised price signer.
    error InvalidSignature();
    /// @notice Thrown for leverage 0.
    error InvalidLeverage();
    /// @notice Thrown when the leverage exceeds the market's maximum.
    error LeverageTooHigh(uint256 leverage, uint256 maxLeverage);
    /// @notice Thrown for a zero price.
    error InvalidPrice();
    /// @notice Thrown for a position that does not exist (or is closed).
    error PositionNotFound(uint256 positionId);
    /// @notice Thrown when closing zero or more than the position's margin.
    error InvalidCloseAmount();
    /// @notice Thrown when liquidating a position below the threshold.
    error NotLiquidatable(uint256 positionId);
    /// @notice Thrown when a trader binds a second inviter.
    error InviterAlreadyBound();
    /// @notice Thrown when the inviter is zero or the trader.
    error InvalidInviter();

    // ------------------------------------------------------------------ liquidity

    /// @notice Deposits `amount` settlement tokens, keeps the mint fee, and mints zTokens at the swap rate.
    /// Restarts the caller's liquidity lock.
    /// @param amount settlement tokens (raw units)
    /// @param minZTokenOut reverts with `SlippageExceeded` below this
    /// @return minted zTokens minted to the caller
    function deposit(uint256 amount, uint256 minZTokenOut) external returns (uint256 minted);

    /// @notice Burns `zTokenAmount` of the caller's zTokens for settlement tokens at the swap rate, less the
    /// redeem fee. Reverts while the caller's liquidity is locked.
    /// @return amountOut settlement tokens paid (raw units)
    function redeem(uint256 zTokenAmount, uint256 minAmountOut) external returns (uint256 amountOut);

    // ------------------------------------------------------------------ trading

    /// @notice Opens a position at a signed price; takes `margin` plus the open fee from the caller's zTokens.
    function openPosition(OpenOrder calldata order, bytes calldata signature) external returns (uint256 positionId);

    /// @notice Closes all or part of the caller's position at a signed price.
    /// @return payout zTokens paid to the caller
    function closePosition(CloseOrder calldata order, bytes calldata signature) external returns (uint256 payout);

    /// @notice Liquidates a position whose loss (funding included) reached the threshold at the fresh index price.
    /// Anyone may call; the caller receives the keeper reward.
    function liquidate(uint256 positionId) external returns (uint256 keeperReward);

    /// @notice Binds the caller's inviter, once.
    function bindInviter(address inviter) external;

    // ------------------------------------------------------------------ governance

    /// @notice One-time configuration by the factory at creation.
    function initialize(PoolParams calldata params, MarketParams[] calldata markets) external;

    /// @notice Replaces every parameter (governor included), within the caps. Governor only.
    function setParams(PoolParams calldata params) external;
    /// @notice Pauses or unpauses deposits and opens (closes, redemptions, liquidations stay open). Governor only.
    function setPaused(bool paused) external;
    /// @notice Authorises or revokes a price signer. Governor only.
    function setPriceSigner(address signer, bool authorised) external;
    /// @notice Lists a new market (must be listed in the price feed). Governor only.
    function listMarket(bytes32 marketId, uint16 maxLeverage) external;
    /// @notice Changes a listed market's maximum leverage or disables new opens in it. Governor only.
    function setMarket(bytes32 marketId, uint16 maxLeverage, bool enabled) external;

    // ------------------------------------------------------------------ views

    /// @notice The factory that created the pool.
    function factory() external view returns (address);

    /// @notice The ERC-20 the pool holds and pays out.
    function settlementToken() external view returns (address);

    /// @notice The pool's zToken (18 decimals).
    function zToken() external view returns (address);

    /// @notice The index price feed the pool reads for the swap rate and liquidations.
    function priceFeed() external view returns (address);

    /// @notice Rate of an empty pool (WAD: 1e18 = one settlement token per zToken).
    function initialSwapRate() external view returns (uint256);

    /// @notice 10^(18 - settlement decimals): lifts raw settlement amounts to 18 decimals.
    function settlementScale() external view returns (uint256);

    /// @notice Settlement tokens per zToken (WAD, whole tokens on both sides) at the latest index prices (§3).
    function swapRate() external view returns (uint256);

    /// @notice Everything the rate is made of, at the latest index prices.
    /// @return settlementBalance raw units
    /// @return zTokenSupply total supply (margins included)
    /// @return floatingPnl aggregate floating PnL, funding included (zToken, signed)
    /// @return rate the swap rate (WAD)
    function poolState()
        external
        view
        returns (uint256 settlementBalance, uint256 zTokenSupply, int256 floatingPnl, uint256 rate);

    /// @notice Aggregate floating PnL of all open positions at the latest index prices, funding included.
    function floatingPnl() external view returns (int256);

    /// @notice The pool's settlement token balance (raw units).
    function settlementBalance() external view returns (uint256);

    /// @notice The zToken total supply.
    function zTokenSupply() external view returns (uint256);

    /// @notice The eight running sums of SPEC.md §4 (zToken for a/c, index units WAD for b/d).
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
        );

    /// @notice Open amounts: x1 = Σa1-Σa2, x2 = Σb1-Σb2 (long), y1 = Σc1-Σc2, y2 = Σd1-Σd2 (short).
    function openAmounts(bytes32 marketId) external view returns (uint256 x1, uint256 x2, uint256 y1, uint256 y2);

    /// @notice Unrealised price PnL of a market's longs (L·x2 - x1) and shorts (y1 - L·y2) at the latest index price.
    function unrealisedPnl(bytes32 marketId) external view returns (int256 longPnl, int256 shortPnl);

    /// @notice The pool's markets, in listing order.
    function marketIds() external view returns (bytes32[] memory);

    /// @notice Whether `signer` may sign order prices.
    function isPriceSigner(address signer) external view returns (bool);

    /// @notice Whether deposits and opens are paused.
    function paused() external view returns (bool);

    /// @notice The nonce the trader's next order must carry.
    function nonces(address trader) external view returns (uint256);

    /// @notice The trader's inviter (zero if none).
    function inviterOf(address trader) external view returns (address);

    /// @notice Raw storage word at `slot` (for `PvpPoolLens`).
    function extsload(bytes32 slot) external view returns (bytes32 value);

    /// @notice `nSlots` raw storage words from `startSlot` (for `PvpPoolLens`).
    function extsload(bytes32 startSlot, uint256 nSlots) external view returns (bytes32[] memory values);

    /// @notice The governor.
    function governor() external view returns (address);

    /// @notice The EIP-712 domain separator: name "PvpPool", version "1", this chain id, this pool.
    function DOMAIN_SEPARATOR() external view returns (bytes32);
}
