// The API's resolvers: one map per feature folder (<feature>/<feature>.resolvers.ts,
// beside its repository and service), merged. Each feature validates its
// arguments (args.ts), reads through its repository (batched per request with
// DataLoader, loaders.ts) and shapes rows with its service; nodes carry
// `_row`/`_block` so that nested fields read at the block the root field
// asked for. Types: generated/resolvers-types.ts (from schema.graphql).
import type { Resolvers } from './generated/resolvers-types.ts';
import { historyResolvers } from './history/history.resolvers.ts';
import { liveResolvers } from './live/live.resolvers.ts';
import { marketResolvers } from './market/market.resolvers.ts';
import { poolResolvers } from './pool/pool.resolvers.ts';
import { positionResolvers } from './position/position.resolvers.ts';
import { protocolResolvers } from './protocol/protocol.resolvers.ts';
import { statusResolvers } from './status/status.resolvers.ts';
import { tradeResolvers } from './trade/trade.resolvers.ts';
import { traderResolvers } from './trader/trader.resolvers.ts';

/** Every feature's map, for the merge and for the check that no two define the same field. */
export const features = {
  pool: poolResolvers,
  market: marketResolvers,
  position: positionResolvers,
  trade: tradeResolvers,
  history: historyResolvers,
  trader: traderResolvers,
  protocol: protocolResolvers,
  live: liveResolvers,
  status: statusResolvers,
};

export const resolvers: Resolvers = {
  Query: {
    ...poolResolvers.Query,
    ...marketResolvers.Query,
    ...positionResolvers.Query,
    ...tradeResolvers.Query,
    ...historyResolvers.Query,
    ...traderResolvers.Query,
    ...protocolResolvers.Query,
    ...liveResolvers.Query,
    ...statusResolvers.Query,
  },
  Pool: poolResolvers.Pool,
  Market: marketResolvers.Market,
  Position: positionResolvers.Position,
  Trader: traderResolvers.Trader,
  Protocol: protocolResolvers.Protocol,
};
