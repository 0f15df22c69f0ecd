// Standalone API process: `npm start -w api` (config from the environment).
import { configFromEnv } from './config.ts';
import { startApi, jsonLogger } from './server.ts';

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
