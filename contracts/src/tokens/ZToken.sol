// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IZToken} from "../interfaces/IZToken.sol";

/// @title ZToken
/// @notice The synthetic token of one pool (18 decimals). Only its pool mints and burns it.
/// @dev A minimal ERC-20 (solmate-style) whose balance and liquidity-lock time share one storage slot, so the
/// lock costs no extra storage write on deposits.
contract ZToken is IZToken {
    struct Account {
        uint192 balance;
        uint64 unlockTime;
    }

    /// @inheritdoc IZToken
    address public immutable pool;

    string public name;
    string public symbol;
    uint8 public constant decimals = 18;
    uint256 public totalSupply;

    mapping(address => Account) internal _accounts;
    mapping(address => mapping(address => uint256)) public allowance;

    constructor(string memory name_, string memory symbol_, address pool_) {
        name = name_;
        symbol = symbol_;
        pool = pool_;
    }

    modifier onlyPool() {
        if (msg.sender != pool) revert OnlyPool();
        _;
    }

    function balanceOf(address account) external view returns (uint256) {
        return _accounts[account].balance;
    }

    /// @inheritdoc IZToken
    function unlockTime(address account) external view returns (uint256) {
        return _accounts[account].unlockTime;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _checkUnlocked(msg.sender);
        _move(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < amount) revert InsufficientAllowance();
            unchecked {
                allowance[from][msg.sender] = allowed - amount;
            }
        }
        _checkUnlocked(from);
        _move(from, to, amount);
        return true;
    }

    /// @inheritdoc IZToken
    function mint(address to, uint256 amount, uint256 lockUntil) external onlyPool {
        if (to == address(0)) revert ZeroAddress();
        uint256 supply = totalSupply + amount;
        if (supply > type(uint192).max) revert SupplyOverflow();
        totalSupply = supply;
        Account storage account = _accounts[to];
        // Cannot overflow: totalSupply bounds every balance.
        account.balance = uint192(account.balance + amount);
        if (lockUntil > account.unlockTime) account.unlockTime = uint64(lockUntil);
        emit Transfer(address(0), to, amount);
    }

    /// @inheritdoc IZToken
    function burn(address from, uint256 amount) external onlyPool {
        _checkUnlocked(from);
        Account storage account = _accounts[from];
        if (account.balance < amount) revert InsufficientBalance();
        unchecked {
            account.balance -= uint192(amount);
            totalSupply -= amount;
        }
        emit Transfer(from, address(0), amount);
    }

    /// @inheritdoc IZToken
    function poolTransfer(address from, address to, uint256 amount) external onlyPool {
        _move(from, to, amount);
    }

    function _checkUnlocked(address account) internal view {
        uint256 until = _accounts[account].unlockTime;
        if (until > block.timestamp) revert LiquidityLocked(account, until);
    }

    function _move(address from, address to, uint256 amount) internal {
        if (to == address(0)) revert ZeroAddress();
        Account storage src = _accounts[from];
        if (src.balance < amount) revert InsufficientBalance();
        unchecked {
            src.balance -= uint192(amount);
            // Cannot overflow: the sum of all balances is totalSupply.
            _accounts[to].balance += uint192(amount);
        }
        emit Transfer(from, to, amount);
    }
}
