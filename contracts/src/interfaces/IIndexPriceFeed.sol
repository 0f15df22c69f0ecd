// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IIndexPriceFeed
/// @notice Composite index prices per market (SPEC.md §1): authorised keepers submit the prices of several
/// sources; the feed stores their median. Prices are WAD (1e18 = 1 USD per index unit).
interface IIndexPriceFeed {
    /// @notice Emitted for every stored index price.
    /// @param marketId the market, e.g. bytes32("BTC")
    /// @param price the stored index price: median of `sources` (WAD, USD)
    /// @param sources the submitted source prices in submission order (WAD, USD)
    /// @param timestamp block timestamp of the update (seconds)
    /// @param keeper the keeper that posted it
    event IndexPriceUpdated(
        bytes32 indexed marketId, uint256 price, uint256[] sources, uint256 timestamp, address indexed keeper
    );

    /// @notice Emitted when a market is configured.
    /// @param marketId the market
    /// @param maxPriceAge seconds after which its price is stale (0 = unlisted)
    event MarketConfigured(bytes32 indexed marketId, uint32 maxPriceAge);

    /// @notice Emitted when a keeper is authorised or revoked.
    event KeeperUpdated(address indexed keeper, bool authorised);

    /// @notice Emitted when the owner changes.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    /// @notice Thrown when the caller is not the owner.
    error NotOwner();
    /// @notice Thrown when the caller is not an authorised keeper.
    error NotKeeper();
    /// @notice Thrown for a market the feed does not list.
    error UnknownMarket(bytes32 marketId);
    /// @notice Thrown when no source, too many sources or a zero source price is submitted.
    error InvalidSources();
    /// @notice Thrown when batch arrays differ in length.
    error LengthMismatch();
    /// @notice Thrown when a market has no price yet.
    error NoPrice(bytes32 marketId);
    /// @notice Thrown when a market's latest price is older than its maximum age.
    error StalePrice(bytes32 marketId, uint256 updatedAt);

    /// @notice Posts the source prices of one market; the feed stores their median. Keepers only.
    /// @return price the stored median (WAD)
    function postPrice(bytes32 marketId, uint256[] calldata sources) external returns (uint256 price);

    /// @notice Posts several markets at once. Keepers only.
    function postPrices(bytes32[] calldata marketIds, uint256[][] calldata sources) external;

    /// @notice The latest index price, stale or not.
    /// @return price WAD USD (0 if never posted)
    /// @return updatedAt timestamp of the update (0 if never posted)
    function latestPrice(bytes32 marketId) external view returns (uint256 price, uint256 updatedAt);

    /// @notice The latest index price; reverts with `NoPrice` or `StalePrice` unless it is fresh.
    function freshPrice(bytes32 marketId) external view returns (uint256 price);

    /// @notice Seconds after which a market's price is stale; 0 for an unlisted market.
    function maxPriceAge(bytes32 marketId) external view returns (uint32);

    /// @notice The account that lists markets and authorises keepers.
    function owner() external view returns (address);

    /// @notice Whether `keeper` may post prices.
    function isKeeper(address keeper) external view returns (bool);

    /// @notice Lists a market or changes its staleness limit (0 unlists it). Owner only.
    function setMarket(bytes32 marketId, uint32 maxPriceAge) external;

    /// @notice Authorises or revokes a keeper. Owner only.
    function setKeeper(address keeper, bool authorised) external;

    /// @notice Hands the feed to a new owner. Owner only.
    function transferOwnership(address newOwner) external;
}
