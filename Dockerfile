# Images for the API and the dashboards (docker-compose.yml builds both):
#   docker build --target api -t pvp-amm-api .
#   docker build --target dashboards -t pvp-amm-dashboards .
# Only the api and dashboards workspaces' dependencies are installed: the
# contracts, subgraph and local-stack toolchains (forge, gnd, embedded
# Postgres) are not needed at run time.

# The lockfile names every workspace, so every workspace's package.json must
# be present for `npm ci`, even those not installed. Collect them (and only
# them) here, so that the install layer below stays cached until a manifest
# changes and a new workspace needs no edit to this file.
FROM node:20-bookworm-slim AS manifests
WORKDIR /src
COPY . .
RUN mkdir /out \
 && cp package.json package-lock.json /out/ \
 && find . -mindepth 2 -maxdepth 2 -name package.json -not -path './node_modules/*' \
      -exec cp --parents {} /out/ \;

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY --from=manifests /out/ ./
# Root devDependencies (tsx, typescript) come with --include-workspace-root.
# No install scripts: nothing here needs them (esbuild and rollup get their
# binaries from platform packages).
RUN npm ci --workspace api --workspace dashboards --include-workspace-root \
      --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# The API reads the price feed with the contracts' typed ABIs
# (contracts/generated/artifacts.ts), generated from forge's build output.
FROM node:20-bookworm-slim AS contracts-build
WORKDIR /app
COPY --from=manifests /out/ ./
RUN npm ci --workspace contracts --include-workspace-root --ignore-scripts --no-audit --no-fund
COPY contracts/ contracts/
RUN npm run build -w contracts

FROM deps AS dashboards-build
COPY tsconfig.base.json ./
COPY dashboards/ dashboards/
RUN npm run build -w dashboards

# GraphQL API: TypeScript run by tsx (what `npx tsx api/src/main.ts` does, in
# one process so that SIGTERM reaches the API's shutdown handler).
FROM node:20-bookworm-slim AS api
WORKDIR /app
ENV NODE_ENV=production API_HOST=0.0.0.0 API_PORT=4000
COPY --from=deps /app ./
COPY tsconfig.base.json ./
COPY api/ api/
COPY contracts/package.json contracts/
COPY --from=contracts-build /app/contracts/generated contracts/generated
# The workspace link npm makes for @pvp/contracts (only the api and dashboards were installed).
RUN mkdir -p node_modules/@pvp && ln -sfn ../../contracts node_modules/@pvp/contracts
USER node
EXPOSE 4000
CMD ["node", "--import", "tsx", "api/src/main.ts"]

# Dashboards: the vite build, served with /config.json naming the API.
FROM node:20-bookworm-slim AS dashboards
WORKDIR /app
ENV NODE_ENV=production DASHBOARDS_HOST=0.0.0.0 DASHBOARDS_PORT=5173
COPY --from=deps /app ./
COPY tsconfig.base.json ./
COPY stack/src/dashboards-server.ts stack/src/
COPY dashboards/serve.ts dashboards/
COPY --from=dashboards-build /app/dashboards/dist dashboards/dist
USER node
EXPOSE 5173
CMD ["node", "--import", "tsx", "dashboards/serve.ts"]
