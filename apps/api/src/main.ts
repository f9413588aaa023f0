import { Logger } from '@nestjs/common';
import pino from 'pino';
import { DRAIN_TIMEOUT_MS, drainHttpServer, STREAM_RETRY_MS } from './common/lifecycle/graceful-drain';
import { ShutdownState } from './common/lifecycle/shutdown-state';
import { portProblem, assertPortFree } from './common/startup/ports';
import { StartupError } from './common/startup/startup-error';
import { loadConfig } from './config/config';
import { createApp } from './create-app';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres';

let embedded: EmbeddedDatabase | undefined;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new Logger('PumpWatch');
  // before the app exists Nest's logger still prints text; the log is JSON from the first line
  const early = pino({ level: config.logLevel, base: undefined }).child({ context: 'PumpWatch' });
  // a busy HTTP port is reported before the database starts and migrates, not a minute later
  await assertPortFree('HTTP', config.port, config.host, 'PORT');
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    early.info(`No DATABASE_URL: starting embedded PostgreSQL in ${config.dataDir} (port ${config.embeddedPort})`);
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPort,
      database: 'pumpwatch',
      systemDir: config.embeddedSystemDir,
    });
    databaseUrl = embedded.url;
  }
  const app = await createApp({ config, databaseUrl });
  try {
    await app.listen(config.port, config.host);
  } catch (err) {
    await app.close().catch(() => undefined);
    const problem = portProblem(err, 'HTTP', config.port, config.host, 'PORT');
    throw problem ? new StartupError(problem) : err;
  }
  logger.log(`PumpWatch is running at http://${config.host}:${config.port} (API docs: /api/docs)`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // SIGTERM is how an orchestrator or a rolling restart stops an instance: what was received is answered first
    if (signal === 'SIGTERM') {
      logger.log(`${signal}: draining (readiness 503, finishing requests in flight), then shutting down`);
      const startedMs = Date.now();
      await drainHttpServer(app.getHttpServer(), app.get(ShutdownState), {
        delayMs: config.drainDelayMs,
        timeoutMs: DRAIN_TIMEOUT_MS,
        streamRetryMs: STREAM_RETRY_MS,
      }).catch(() => undefined);
      logger.log(`drained in ${Date.now() - startedMs} ms`);
    } else logger.log(`${signal}: shutting down`);
    await app.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(0);
  };
  // main owns the signals (createApp installs no Nest shutdown hook, which would close the app at once and defeat
  // the drain); `on`, not `once`: a second signal while stopping must not kill the process before the embedded
  // PostgreSQL has stopped (it would be left running, orphaned)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
}

main().catch(async (err: unknown) => {
  // what the operator can fix is one line naming the setting; anything else keeps its stack for a bug report
  if (err instanceof StartupError) console.error(`PumpWatch cannot start: ${err.message}`);
  else console.error(err);
  await embedded?.stop().catch(() => undefined);
  process.exit(1);
});
