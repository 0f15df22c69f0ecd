// Every entity id formula in one place; each is also written in the schema
// field's description.
import { Bytes, ethereum } from '@graphprotocol/graph-ts';

/** Event records: transaction hash ++ log index (unique per log, cheap to join). */
export function eventId(event: ethereum.Event): Bytes {
  return event.transaction.hash.concatI32(event.logIndex.toI32());
}
