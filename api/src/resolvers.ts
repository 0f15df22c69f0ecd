import { createPublicClient, http } from 'viem';
import type { ApiContext } from './context.ts';
import { requireDeployment } from './context.ts';
import { decodeCursor, encodeCursor, parseAddress, parseFirst } from './args.ts';
import { getPool, listPools } from './pool/pool.repository.ts';
import { toPool } from './pool/pool.service.ts';
import { headBlock } from './db/deployment.ts';

async function chainHead(rpcUrl: string | undefined): Promise<number | null> {
  if (!rpcUrl) return null;
  try {
    const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 2000 }) });
    return Number(await client.getBlockNumber());
  } catch {
    return null;
  }
}

export const resolvers = {
  Query: {
    async pools(_: unknown, args: { first: number; after?: string | null }, ctx: ApiContext) {
      const first = parseFirst(args.first, ctx.config.maxPageSize);
      const afterId = args.after ? decodeCursor(args.after) : undefined;
      const { schema } = await requireDeployment(ctx);
      const rows = await listPools(ctx.db, schema, { first, afterId });
      const page = rows.slice(0, first);
      return {
        nodes: page.map(toPool),
        pageInfo: { hasNextPage: rows.length > first, endCursor: rows.length > first ? encodeCursor(page[page.length - 1]!.id) : null },
      };
    },
    async pool(_: unknown, args: { id: string }, ctx: ApiContext) {
      const id = parseAddress(args.id, 'id');
      const { schema } = await requireDeployment(ctx);
      const row = await getPool(ctx.db, schema, id);
      return row ? toPool(row) : null;
    },
    async indexingStatus(_: unknown, __: unknown, ctx: ApiContext) {
      const ref = await ctx.deployments.get();
      const [indexedBlock, head] = await Promise.all([ref ? headBlock(ctx.db, ref.id) : null, chainHead(ctx.config.rpcUrl)]);
      return {
        subgraphName: ctx.config.subgraphName,
        deployment: ref?.deployment ?? null,
        indexedBlock,
        chainHeadBlock: head,
        lagBlocks: indexedBlock !== null && head !== null ? Math.max(0, head - indexedBlock) : null,
      };
    },
  },
};
