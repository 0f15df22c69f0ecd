// Standalone API process: `npm start -w api` (config from the environment).
// graphql-js checks NODE_ENV once, when it is first loaded: outside
// production it runs a slower multi-realm `instanceof` check on every type
// test of every field it executes. The API process runs in production mode
// unless told otherwise, so it is set before the server (and graphql) load.
process.env.NODE_ENV ??= 'production';
const { configFromEnv } = await import('./config.ts');
const { startApi, jsonLogger } = await import('./server.ts');

// A connection error that reaches no handler (e.g. Postgres killed under an
// idle pooled connection) must not take the process down: the API is
// stateless, the next query reconnects, and /ready reports the store.
process.on('unhandledRejection', (reason) => {
  jsonLogger({ level: 'error', msg: 'unhandled rejection (the API keeps running)', error: reason instanceof Error ? reason.message : String(reason) });
});

try {
  const api = await startApi(configFromEnv());
  const shutdown = async (signal: string) => {
    jsonLogger({ level: 'info', msg: `received ${signal}, shutting down` });
    await api.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (err) {
  console.error(`api: ${(err as Error).message}`);
  process.exit(1);
}
