// Entity writes that send graph-node only what changed.
//
// graph-node's cost of `store.set` grows with the size of the entity it is
// given (reading every field out of wasm memory, validating and hashing it):
// saving a loaded 40-field Market again to change one field costs as much as
// writing it new. graph-node merges a partial entity into the stored one (a
// `store.set` with some fields is an update of those fields; a null field
// removes the value), so `track` remembers the values of a loaded entity and
// `saveChanges` sends only the fields assigned since, plus the id. The stored
// entity after the block is the same as with a full `save()`.
import { Bytes, Entity, store, Value } from '@graphprotocol/graph-ts';

// One instance per trigger: these live for one handler call.
let trackedEntities = new Array<Entity>(0);
let trackedValues = new Array<Array<Value>>(0);

function snapshot(e: Entity): Array<Value> {
  const n = e.entries.length;
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) out[i] = e.entries[i].value;
  return out;
}

function indexOf(e: Entity): i32 {
  const p = changetype<usize>(e);
  for (let i = 0; i < trackedEntities.length; i++) if (changetype<usize>(trackedEntities[i]) == p) return i;
  return -1;
}

/** Remembers the current field values of `e` (a loaded or just-saved entity); returns `e`. */
export function track<T extends Entity>(e: T): T {
  const i = indexOf(e);
  if (i < 0) {
    trackedEntities.push(e);
    trackedValues.push(snapshot(e));
  } else {
    trackedValues[i] = snapshot(e);
  }
  return e;
}

/**
 * Saves `e` as entity type `type`: the whole entity if it was never tracked (a
 * new entity), else only the fields assigned since `track` (nothing if none).
 * Field setters replace the Value object, so a changed field is one whose
 * Value is no longer the remembered one. Tracks `e` again afterwards.
 */
export function saveChanges(type: string, e: Entity): void {
  const i = indexOf(e);
  const id = e.get('id')!;
  const key = id.toBytes().toHexString();
  if (i < 0) {
    store.set(type, key, e);
    track(e);
    return;
  }
  const before = trackedValues[i];
  const patch = new Entity();
  let changed = false;
  for (let j = 0; j < e.entries.length; j++) {
    const entry = e.entries[j];
    if (j < before.length && changetype<usize>(before[j]) == changetype<usize>(entry.value)) continue;
    patch.entries.push(entry);
    changed = true;
  }
  if (!changed) return;
  patch.set('id', id);
  store.set(type, key, patch);
  trackedValues[i] = snapshot(e);
}

/** Writes one field of a stored entity without loading it (graph-node merges it into the stored one). */
export function patchField(type: string, id: Bytes, field: string, value: Value): void {
  const patch = new Entity();
  patch.set('id', Value.fromBytes(id));
  patch.set(field, value);
  store.set(type, id.toHexString(), patch);
}
