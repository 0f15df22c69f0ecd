// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "./Vm.sol";

/// @notice Minimal test base: the cheatcode handle, assertion shorthands, `bound`, and console logging.
abstract contract Test {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    address internal constant CONSOLE = 0x000000000000000000636F6e736F6c652e6c6f67;

    /// @dev forge reads this to recognise test contracts.
    bool public IS_TEST = true;

    function assertTrue(bool c, string memory m) internal pure {
        vm.assertTrue(c, m);
    }

    function assertFalse(bool c, string memory m) internal pure {
        vm.assertFalse(c, m);
    }

    function assertEq(uint256 a, uint256 b, string memory m) internal pure {
        vm.assertEq(a, b, m);
    }

    function assertEq(int256 a, int256 b, string memory m) internal pure {
        vm.assertEq(a, b, m);
    }

    function assertEq(address a, address b, string memory m) internal pure {
        vm.assertEq(a, b, m);
    }

    function assertEq(bool a, bool b, string memory m) internal pure {
        vm.assertEq(a, b, m);
    }

    function assertEq(bytes32 a, bytes32 b, string memory m) internal pure {
        vm.assertEq(a, b, m);
    }

    function assertLe(uint256 a, uint256 b, string memory m) internal pure {
        vm.assertLe(a, b, m);
    }

    function assertLe(int256 a, int256 b, string memory m) internal pure {
        vm.assertLe(a, b, m);
    }

    function assertGe(uint256 a, uint256 b, string memory m) internal pure {
        vm.assertGe(a, b, m);
    }

    function assertGe(int256 a, int256 b, string memory m) internal pure {
        vm.assertGe(a, b, m);
    }

    function assertApproxEqAbs(uint256 a, uint256 b, uint256 d, string memory m) internal pure {
        vm.assertApproxEqAbs(a, b, d, m);
    }

    function assertApproxEqAbs(int256 a, int256 b, uint256 d, string memory m) internal pure {
        vm.assertApproxEqAbs(a, b, d, m);
    }

    /// @dev Maps `x` into [min, max] (inclusive), uniformly enough for fuzzing.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min + 1;
        return min + (x % size);
    }

    function makeAddr(string memory name) internal returns (address a) {
        a = vm.addr(uint256(keccak256(bytes(name))));
        vm.label(a, name);
    }

    function log(string memory label, uint256 value) internal view {
        (bool ok,) = CONSOLE.staticcall(abi.encodeWithSignature("log(string,uint256)", label, value));
        ok;
    }
}
