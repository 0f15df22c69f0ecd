// Test-only mapping (AssemblyScript), built into the gnd test manifest only.
//
// gnd 0.45's JSON tests cannot ABI-encode event parameters of tuple type (it
// parses the event signature with alloy, whose parameter type for a tuple is
// the bare word "tuple", and fails with `invalid type string: tuple`).
// PoolCreated (PoolParams tuple, MarketParams[] array) and ParamsUpdated
// (PoolParams tuple) are the only such events. The tests therefore emit flat
// twins of them (PoolCreatedFlat, ParamsUpdatedFlat: the tuple's fields as
// separate parameters, the market array as two arrays); graph-node decodes
// those, and this shim reassembles exactly the values graph-node's decoder
// produces for the tuple forms (a TUPLE value and an ARRAY of TUPLEs) and
// calls the real handlers in src/mappings. Everything after the decoding is
// the production code path.
import { ethereum } from '@graphprotocol/graph-ts';
import { ParamsUpdatedFlat, PoolCreatedFlat } from '../../../generated/TupleShim/TupleShim';
import { PoolCreated } from '../../../generated/PvpPoolFactory/PvpPoolFactory';
import { ParamsUpdated } from '../../../generated/templates/PvpPool/PvpPool';
import { handlePoolCreated } from '../../../src/mappings/factory';
import { handleParamsUpdated } from '../../../src/mappings/governance';

const PARAMS_FIELDS = 16;

function paramsTuple(parameters: Array<ethereum.EventParam>, from: i32): ethereum.Value {
  const tuple = new ethereum.Tuple();
  for (let i = 0; i < PARAMS_FIELDS; i++) tuple.push(parameters[from + i].value);
  return ethereum.Value.fromTuple(tuple);
}

export function handlePoolCreatedFlat(event: PoolCreatedFlat): void {
  const flat = event.parameters;
  const params = new Array<ethereum.EventParam>();
  for (let i = 0; i < 9; i++) params.push(flat[i]);
  params.push(new ethereum.EventParam('params', paramsTuple(flat, 9)));
  const ids = flat[9 + PARAMS_FIELDS].value.toArray();
  const leverages = flat[10 + PARAMS_FIELDS].value.toArray();
  const markets = new Array<ethereum.Tuple>();
  for (let i = 0; i < ids.length; i++) {
    const m = new ethereum.Tuple();
    m.push(ids[i]);
    m.push(leverages[i]);
    markets.push(m);
  }
  params.push(new ethereum.EventParam('markets', ethereum.Value.fromTupleArray(markets)));
  handlePoolCreated(new PoolCreated(event.address, event.logIndex, event.transactionLogIndex, event.logType, event.block, event.transaction, params, event.receipt));
}

export function handleParamsUpdatedFlat(event: ParamsUpdatedFlat): void {
  const params = new Array<ethereum.EventParam>();
  params.push(new ethereum.EventParam('params', paramsTuple(event.parameters, 0)));
  handleParamsUpdated(new ParamsUpdated(event.address, event.logIndex, event.transactionLogIndex, event.logType, event.block, event.transaction, params, event.receipt));
}
