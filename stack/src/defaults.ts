// The stack's default ports, in a module of their own so that the command line
// can print them before anything that needs a build is loaded.
import type { GraphNodePorts } from './graph-node.ts';

export interface StackPorts {
  postgres: number;
  anvil: number;
  graphNode: GraphNodePorts;
  ipfs: number;
  api: number;
  dashboards: number;
}

export const DEFAULT_PORTS: StackPorts = {
  postgres: 5433,
  anvil: 8545,
  graphNode: { http: 8000, admin: 8020, indexNode: 8030, metrics: 8040 },
  ipfs: 5001,
  api: 4000,
  dashboards: 5173,
};
