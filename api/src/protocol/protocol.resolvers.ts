// The protocol: the factory's counters and every pool, at one block.
import { nestedScope, scope } from '../context.ts';
import type { ProtocolResolvers, QueryResolvers } from '../generated/resolvers-types.ts';
import { loadOne } from '../loaders.ts';
import { toPool, type PoolRow } from '../pool/pool.service.ts';
import { allPoolIds, getProtocol } from './protocol.repository.ts';
import { toProtocol } from './protocol.service.ts';

export const protocolResolvers = {
  Query: {
    async protocol(_, args, ctx) {
      const s = await scope(ctx, args.block);
      const row = await getProtocol(ctx.db, s);
      return row ? toProtocol(row, s.block) : null;
    },
  },
  Protocol: {
    async pools(p, _, ctx) {
      const s = await nestedScope(ctx, p._block);
      const ids = await allPoolIds(ctx.db, s);
      const rows = await Promise.all(ids.map((id) => loadOne(ctx.loaders.pool, s, id)));
      return rows.filter((r): r is PoolRow => !!r).map((r) => toPool(r, s.block));
    },
  },
} satisfies { Query: Pick<QueryResolvers, 'protocol'>; Protocol: ProtocolResolvers };
