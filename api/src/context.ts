import type { Kysely } from 'kysely';
import type { Database } from './db/database.ts';
import type { DeploymentCache, DeploymentRef } from './db/deployment.ts';
import type { ApiConfig } from './config.ts';
import { GraphQLError } from 'graphql';
import { ErrorCode } from './errors.ts';

export interface ApiContext {
  db: Kysely<Database>;
  config: ApiConfig;
  deployments: DeploymentCache;
}

/** The deployment to read, or a clear error while graph-node has not deployed the subgraph yet. */
export async function requireDeployment(ctx: ApiContext): Promise<DeploymentRef> {
  const ref = await ctx.deployments.get();
  if (!ref) {
    throw new GraphQLError(`subgraph "${ctx.config.subgraphName}" is not deployed in this graph-node store yet`, {
      extensions: { code: ErrorCode.NotIndexed },
    });
  }
  return ref;
}
