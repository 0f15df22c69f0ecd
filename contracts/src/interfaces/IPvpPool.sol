// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IPvpPool {
    event Deposit(
        address indexed provider,
        uint256 amountIn,
        uint256 fee,
        uint256 zTokenMinted,
        uint256 swapRate,
        uint256 settlementBalance,
        uint256 zTokenSupply
    );

    error ZeroAmount();

    function deposit(uint256 amount) external returns (uint256 minted);

    function swapRate() external view returns (uint256);
}
