import { Logger } from '@nestjs/common';
import { loadConfig } from './config/config';
import { createApp } from './create-app';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new Logger('PumpWatch');
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    logger.log(`No DATABASE_URL: starting embedded PostgreSQL in ${config.dataDir} (port ${config.embeddedPort})`);
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPort,
      database: 'pumpwatch',
    });
    databaseUrl = embedded.url;
  }
  const app = await createApp({ config, databaseUrl });
  await app.listen(config.port, config.host);
  logger.log(`PumpWatch is running at http://${config.host}:${config.port} (API docs: /api/docs)`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    await app.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(signal));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
