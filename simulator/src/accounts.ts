// The simulator's actors are anvil's well-known development accounts (from
// its public test mnemonic). They hold value only on a local chain.
import { mnemonicToAccount } from 'viem/accounts';
import type { HDAccount } from 'viem';

/** anvil's default mnemonic: public knowledge, for local chains only. */
export const ANVIL_TEST_MNEMONIC = 'test test test test test test test test test test test junk';

export function devAccount(index: number): HDAccount {
  return mnemonicToAccount(ANVIL_TEST_MNEMONIC, { addressIndex: index });
}

/** Account roles: 0 deployer / price signer / price keeper, 1 liquidator, 2-3 LPs, 4-9 traders. */
export const ROLES = {
  operator: 0,
  liquidator: 1,
  providers: [2, 3],
  traders: [4, 5, 6, 7, 8, 9],
} as const;
