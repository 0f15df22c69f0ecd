// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IIndexPriceFeed} from "./interfaces/IIndexPriceFeed.sol";

/// @title IndexPriceFeed
/// @notice Keepers post the source prices of each market; the feed keeps their median with its timestamp.
contract IndexPriceFeed is IIndexPriceFeed {
    struct PriceData {
        uint128 price;
        uint64 updatedAt;
        uint32 maxPriceAge;
    }

    /// @notice At most this many sources per update.
    uint256 public constant MAX_SOURCES = 16;

    address public owner;
    /// @inheritdoc IIndexPriceFeed
    mapping(address => bool) public isKeeper;
    mapping(bytes32 => PriceData) internal _prices;

    constructor(address owner_) {
        owner = owner_;
        emit OwnershipTransferred(address(0), owner_);
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    modifier onlyKeeper() {
        if (!isKeeper[msg.sender]) revert NotKeeper();
        _;
    }

    /// @inheritdoc IIndexPriceFeed
    function postPrice(bytes32 marketId, uint256[] calldata sources) external onlyKeeper returns (uint256 price) {
        return _post(marketId, sources);
    }

    /// @inheritdoc IIndexPriceFeed
    function postPrices(bytes32[] calldata marketIds, uint256[][] calldata sources) external onlyKeeper {
        if (marketIds.length != sources.length) revert LengthMismatch();
        for (uint256 i; i < marketIds.length; ++i) {
            _post(marketIds[i], sources[i]);
        }
    }

    /// @inheritdoc IIndexPriceFeed
    function latestPrice(bytes32 marketId) external view returns (uint256 price, uint256 updatedAt) {
        PriceData memory data = _prices[marketId];
        return (data.price, data.updatedAt);
    }

    /// @inheritdoc IIndexPriceFeed
    function freshPrice(bytes32 marketId) external view returns (uint256 price) {
        PriceData memory data = _prices[marketId];
        if (data.updatedAt == 0) revert NoPrice(marketId);
        if (block.timestamp > uint256(data.updatedAt) + data.maxPriceAge) revert StalePrice(marketId, data.updatedAt);
        return data.price;
    }

    /// @inheritdoc IIndexPriceFeed
    function maxPriceAge(bytes32 marketId) external view returns (uint32) {
        return _prices[marketId].maxPriceAge;
    }

    /// @inheritdoc IIndexPriceFeed
    function setMarket(bytes32 marketId, uint32 maxPriceAge_) external onlyOwner {
        _prices[marketId].maxPriceAge = maxPriceAge_;
        emit MarketConfigured(marketId, maxPriceAge_);
    }

    /// @inheritdoc IIndexPriceFeed
    function setKeeper(address keeper, bool authorised) external onlyOwner {
        isKeeper[keeper] = authorised;
        emit KeeperUpdated(keeper, authorised);
    }

    /// @inheritdoc IIndexPriceFeed
    function transferOwnership(address newOwner) external onlyOwner {
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    function _post(bytes32 marketId, uint256[] calldata sources) internal returns (uint256 price) {
        PriceData storage data = _prices[marketId];
        if (data.maxPriceAge == 0) revert UnknownMarket(marketId);
        price = _median(sources);
        data.price = uint128(price);
        data.updatedAt = uint64(block.timestamp);
        emit IndexPriceUpdated(marketId, price, sources, block.timestamp, msg.sender);
    }

    /// @dev Median of a short list (insertion sort); the mean of the middle two for an even count, rounded down.
    function _median(uint256[] calldata sources) internal pure returns (uint256) {
        uint256 n = sources.length;
        if (n == 0 || n > MAX_SOURCES) revert InvalidSources();
        uint256[] memory sorted = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 value = sources[i];
            if (value == 0 || value > type(uint128).max) revert InvalidSources();
            uint256 j = i;
            while (j > 0 && sorted[j - 1] > value) {
                sorted[j] = sorted[j - 1];
                --j;
            }
            sorted[j] = value;
        }
        uint256 mid = n / 2;
        return n % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
