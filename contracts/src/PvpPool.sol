// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IPvpPool} from "./interfaces/IPvpPool.sol";
import {ZToken} from "./tokens/ZToken.sol";

contract PvpPool is IPvpPool {
    using SafeERC20 for IERC20;

    IERC20 public immutable settlementToken;
    ZToken public immutable zToken;
    uint256 public immutable initialSwapRate;
    uint256 public immutable settlementScale;

    constructor(IERC20 settlementToken_, string memory zName, string memory zSymbol, uint256 initialSwapRate_) {
        settlementToken = settlementToken_;
        zToken = new ZToken(zName, zSymbol);
        initialSwapRate = initialSwapRate_;
        settlementScale = 10 ** (18 - IERC20Metadata(address(settlementToken_)).decimals());
    }

    function swapRate() public view returns (uint256) {
        uint256 supply = zToken.totalSupply();
        if (supply == 0) return initialSwapRate;
        return Math.mulDiv(settlementToken.balanceOf(address(this)) * settlementScale, 1e18, supply);
    }

    function deposit(uint256 amount) external returns (uint256 minted) {
        if (amount == 0) revert ZeroAmount();
        uint256 rate = swapRate();
        settlementToken.safeTransferFrom(msg.sender, address(this), amount);
        minted = Math.mulDiv(amount * settlementScale, 1e18, rate);
        zToken.mint(msg.sender, minted);
        emit Deposit(
            msg.sender, amount, 0, minted, swapRate(), settlementToken.balanceOf(address(this)), zToken.totalSupply()
        );
    }
}
