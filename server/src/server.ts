import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { RunMode } from '@keeper/shared';
import type { Registry } from 'prom-client';
import packageJson from '../package.json' with { type: 'json' };
import { createApp } from './app';
import type { Config } from './config/config';
import { openDataSource } from './db/data-source';
import { attachSocketGateway } from './realtime/socket-gateway';
import { migrateDatabase } from './db/migrate';
import { createMetricsServer } from './http/metrics';
import { createLogger, type Logger } from './logger';
import { keepDataPrivate } from './private-data';
import { seedSandboxMaterials } from './modules/materials/sandbox-materials';

const SHUTDOWN_GRACE_MS = 10_000;

/** Starts Keeper: database and migrations, the HTTP server, background jobs, and graceful shutdown. */
export async function startServer(config: Config): Promise<void> {
  const logger = createLogger(config);
  const startedAt = new Date();

  const privacy = keepDataPrivate(config);
  if (privacy.corrected.length > 0)
    logger.warn({ paths: privacy.corrected }, 'data was readable by others: made private to this user');
  if (privacy.failed.length > 0)
    logger.error({ paths: privacy.failed }, 'data is readable by others and its mode could not be changed');
  const ran = await migrateDatabase(config.database);
  if (ran.length > 0) logger.info({ migrations: ran }, 'database migrated');
  const dataSource = await openDataSource(config.database);

  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 })
    : undefined;
  const { app, services, metrics } = createApp({
    config,
    dataSource,
    logger,
    redis,
    consoleDist: config.consoleDist ?? defaultConsoleDist(),
    systemInfo: {
      version: packageJson.version,
      mode: config.sandbox ? RunMode.Sandbox : RunMode.Production,
      dialect: config.database.dialect,
      startedAt,
      wecom: { corpId: config.wecom.corpId ?? null, callbackConfigured: Boolean(config.wecom.callback) },
    },
  });

  const admin = await services.auth.ensureInitialAdmin(config.auth.initialAdmin);
  await services.auditRules.seedBuiltins();
  if (config.sandbox && config.sandboxMediaDir)
    await seedSandboxMaterials(services.materials, config.sandboxMediaDir, logger);
  const metricsServer = await listenForMetrics(config, metrics, logger);
  const server = http.createServer(app.callback());
  const io = attachSocketGateway({ server, services, logger, redis });
  await new Promise<void>((resolve) => server.listen(config.http.port, config.http.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = config.http.publicUrl.replace(`:${config.http.port}`, `:${port}`);
  logger.info({ port, dialect: config.database.dialect }, 'keeper listening');
  printBanner(url, config, admin);

  if (config.runJobs) {
    services.dispatcher.start();
    services.orgSync.schedule(config.orgSyncIntervalMs);
    services.customerSync.schedule(config.customerSyncIntervalMs);
    services.puller.schedule(config.wecom.archive.pullIntervalMs);
    services.rescans.schedule();
    services.archiveRetention.schedule();
    services.handoverJobs.schedule();
    services.broadcastJobs.schedule();
    services.channelDuty.schedule();
  }
  if (!config.wecom.corpId)
    logger.warn('WeCom is not configured: set the WECOM_* variables (see .env.example)');

  const purgeTimer = setInterval(
    () => void services.sessions.purgeExpired().catch(() => undefined),
    3_600_000,
  );
  purgeTimer.unref();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    clearInterval(purgeTimer);
    services.orgSync.stop();
    services.customerSync.stop();
    services.archiveRetention.stop();
    await services.puller.stop();
    await services.rescans.stop();
    await services.handoverJobs.stop();
    await services.broadcastJobs.stop();
    await services.channelDuty.stop();
    await services.archiveSource?.sdk.close();
    await io.close();
    await services.dispatcher.stop();
    const forced = setTimeout(() => {
      logger.warn('requests still open after the grace period; closing anyway');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    forced.unref();
    // Stop accepting, let in-flight requests finish, then release the database and Redis.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    metricsServer?.closeAllConnections();
    await new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve()));
    await dataSource.destroy();
    await redis?.quit();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** The metrics listener of its own, when METRICS_PORT asks for one. */
async function listenForMetrics(
  config: Config,
  registry: Registry,
  logger: Logger,
): Promise<http.Server | undefined> {
  const listener = config.metrics.listener;
  if (!listener) return undefined;
  const server = createMetricsServer(registry);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listener.port, listener.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : listener.port;
  logger.info({ host: listener.host, port }, 'metrics listening');
  return server;
}

/** server/dist/main.js → console/dist */
function defaultConsoleDist(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../console/dist');
}

function printBanner(
  url: string,
  config: Config,
  admin: { username: string; password: string; generated: boolean } | null,
): void {
  const lines = [
    `客守 Keeper SCRM is running: ${url}`,
    `Database: ${config.database.dialect}`,
    config.sandbox
      ? `Sandbox: the WeCom simulator's demo corp ${config.wecom.corpId ?? ''} (not a real WeCom)`
      : `WeCom corp: ${config.wecom.corpId ?? 'not configured'}`,
  ];
  if (admin?.generated) {
    lines.push(
      'First sign-in (shown once, change it after signing in):',
      `  username: ${admin.username}`,
      `  password: ${admin.password}`,
    );
  } else if (admin) {
    lines.push(`Admin account "${admin.username}" created from KEEPER_ADMIN_USER.`);
  }
  const width = Math.max(...lines.map((line) => line.length)) + 4;
  console.log(['', '='.repeat(width), ...lines.map((line) => `  ${line}`), '='.repeat(width), ''].join('\n'));
}
