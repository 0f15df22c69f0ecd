// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @notice A pass card anyone can mint (fee-discount tests).
contract MockPassNft is ERC721 {
    uint256 internal _next;

    constructor() ERC721("Pass", "PASS") {}

    function mint(address to) external returns (uint256 id) {
        id = ++_next;
        _mint(to, id);
    }
}
