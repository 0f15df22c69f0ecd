// indexingStatus: graph-node's head for the deployment, the chain head, the
// lag, and the RPC's health, as they are now.
import { headBlock } from '../db/deployment.ts';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { indexingStatusOf } from './status.service.ts';

export const statusResolvers = {
  Query: {
    async indexingStatus(_, __, ctx) {
      // Reports the heads and the RPC health as they are now, not as of the response cache's key.
      ctx.answer.noStore = true;
      const ref = await ctx.deployments.get();
      // probe() refreshes the process-wide chain-head poll when it is older than 0.5 s.
      const [indexedBlock, rpc] = await Promise.all([ref ? headBlock(ctx.db, ref.id) : null, ctx.prices.probe()]);
      return indexingStatusOf(ctx.config.subgraphName, ref?.deployment ?? null, indexedBlock, rpc);
    },
  },
} satisfies { Query: Pick<QueryResolvers, 'indexingStatus'> };
