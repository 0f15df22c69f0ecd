// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IPvpPool} from "./interfaces/IPvpPool.sol";
import {IPvpPoolFactory} from "./interfaces/IPvpPoolFactory.sol";
import {PvpPool} from "./PvpPool.sol";
import {ZToken} from "./tokens/ZToken.sol";

/// @title PvpPoolFactory
/// @notice Creates zToken pools permissionlessly, one event per pool with all its parameters.
/// @dev The pool's creation code is larger than one contract may be, so the constructor stores it in two data
/// contracts (SSTORE2 style) and `createPool` copies it back before CREATE2. Pools take no constructor
/// arguments: they read `poolImmutables()` back from the factory, kept in transient storage for that call.
contract PvpPoolFactory is IPvpPoolFactory {
    /// @inheritdoc IPvpPoolFactory
    bytes32 public immutable poolInitCodeHash;
    address internal immutable _codeChunk0;
    address internal immutable _codeChunk1;

    /// @inheritdoc IPvpPoolFactory
    address[] public pools;
    /// @inheritdoc IPvpPoolFactory
    mapping(address => bool) public isPool;

    address private transient _tSettlementToken;
    address private transient _tZToken;
    address private transient _tPriceFeed;
    uint256 private transient _tInitialSwapRate;

    constructor() {
        bytes memory code = type(PvpPool).creationCode;
        poolInitCodeHash = keccak256(code);
        uint256 half = code.length / 2;
        bytes memory chunk0 = new bytes(half);
        bytes memory chunk1 = new bytes(code.length - half);
        for (uint256 i; i < half; ++i) {
            chunk0[i] = code[i];
        }
        for (uint256 i = half; i < code.length; ++i) {
            chunk1[i - half] = code[i];
        }
        _codeChunk0 = _store(chunk0);
        _codeChunk1 = _store(chunk1);
    }

    /// @inheritdoc IPvpPoolFactory
    function poolCount() external view returns (uint256) {
        return pools.length;
    }

    /// @inheritdoc IPvpPoolFactory
    function poolImmutables() external view returns (PoolImmutables memory) {
        return PoolImmutables(address(this), _tSettlementToken, _tZToken, _tPriceFeed, _tInitialSwapRate);
    }

    /// @inheritdoc IPvpPoolFactory
    function createPool(CreatePoolParams calldata p) external returns (address pool, address zToken) {
        if (p.settlementToken.code.length == 0) revert InvalidSettlementToken();
        uint8 decimals = IERC20Metadata(p.settlementToken).decimals();
        if (decimals > 18) revert InvalidSettlementToken();
        if (p.initialSwapRate == 0) revert InvalidSwapRate();
        if (p.priceFeed == address(0) || p.params.governor == address(0)) revert ZeroAddress();

        // The zToken needs its pool's address first: predict it (CREATE2, constant init code).
        bytes32 salt = bytes32(pools.length);
        address predicted =
            address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, poolInitCodeHash)))));
        zToken = address(new ZToken(p.zTokenName, p.zTokenSymbol, predicted));

        (_tSettlementToken, _tZToken, _tPriceFeed, _tInitialSwapRate) =
        (p.settlementToken, zToken, p.priceFeed, p.initialSwapRate);
        bytes memory code = abi.encodePacked(_load(_codeChunk0), _load(_codeChunk1));
        assembly ("memory-safe") {
            pool := create2(0, add(code, 0x20), mload(code), salt)
        }
        (_tSettlementToken, _tZToken, _tPriceFeed, _tInitialSwapRate) = (address(0), address(0), address(0), 0);
        if (pool != predicted) revert PoolCreationFailed();

        IPvpPool(pool).initialize(p.params, p.markets);
        pools.push(pool);
        isPool[pool] = true;
        _emitCreated(p, pool, zToken, decimals);
    }

    function _emitCreated(CreatePoolParams memory p, address pool, address zToken, uint8 decimals) internal {
        emit PoolCreated(
            pool,
            p.settlementToken,
            msg.sender,
            zToken,
            p.priceFeed,
            decimals,
            p.zTokenName,
            p.zTokenSymbol,
            p.initialSwapRate,
            p.params,
            p.markets
        );
    }

    /// @dev Deploys a contract whose code is a STOP byte followed by `data`.
    function _store(bytes memory data) internal returns (address pointer) {
        // 600B5981380380925939F3: copy all code after these 11 bytes to memory and return it.
        bytes memory init = abi.encodePacked(hex"600B5981380380925939F3", hex"00", data);
        assembly ("memory-safe") {
            pointer := create(0, add(init, 0x20), mload(init))
        }
        if (pointer == address(0)) revert PoolCreationFailed();
    }

    function _load(address pointer) internal view returns (bytes memory data) {
        uint256 size = pointer.code.length - 1;
        data = new bytes(size);
        assembly ("memory-safe") {
            extcodecopy(pointer, add(data, 0x20), 1, size)
        }
    }
}
