import { bodyParser } from '@koa/bodyparser';
import type { Redis } from 'ioredis';
import Koa from 'koa';
import helmet from 'koa-helmet';
import type { DataSource } from 'typeorm';
import type { Config } from './config/config';
import { errorHandler } from './http/error-handler';
import type { KeeperState } from './http/context';
import { createMetrics } from './http/metrics';
import { requestId } from './http/request-id';
import { staticConsole } from './http/static-console';
import type { Logger } from './logger';
import { AccessAuditRepository } from './modules/access-audit/access-audit.repository';
import { accessAuditRoutes } from './modules/access-audit/access-audit.routes';
import { AccessAuditService } from './modules/access-audit/access-audit.service';
import { authenticate } from './modules/auth/auth.middleware';
import { authRoutes } from './modules/auth/auth.routes';
import { AuthService } from './modules/auth/auth.service';
import { createLoginLimiter } from './modules/auth/login-limiter';
import { SessionService } from './modules/auth/session.service';
import { systemRoutes } from './modules/system/system.routes';
import { SystemService, type SystemInfo } from './modules/system/system.service';
import { UsersRepository } from './modules/users/users.repository';
import { usersRoutes } from './modules/users/users.routes';
import { UsersService } from './modules/users/users.service';

export interface AppDependencies {
  config: Config;
  dataSource: DataSource;
  logger: Logger;
  systemInfo: SystemInfo;
  redis?: Redis;
  /** The built console to serve on the same port; omitted in API-only tests. */
  consoleDist?: string;
}

export type Services = ReturnType<typeof createServices>;

export function createServices({ config, dataSource, systemInfo, redis }: AppDependencies) {
  const sessions = new SessionService(dataSource, config.auth.sessionTtlMs);
  const usersRepository = new UsersRepository(dataSource);
  const users = new UsersService(usersRepository, sessions);
  const auth = new AuthService(usersRepository, users, sessions, createLoginLimiter(config.auth, redis));
  const accessAudit = new AccessAuditService(new AccessAuditRepository(dataSource));
  const system = new SystemService(dataSource, sessions, systemInfo);
  return { sessions, users, auth, accessAudit, system };
}

/** Builds the Koa app without listening: tests drive it in-process, main.ts serves it. */
export function createApp(deps: AppDependencies): { app: Koa<KeeperState>; services: Services } {
  const { config, logger } = deps;
  const services = createServices(deps);
  const metrics = createMetrics();
  const app = new Koa<KeeperState>({ proxy: config.http.trustProxy });

  app.use(requestId());
  app.use(errorHandler(logger));
  app.use(metrics.middleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Element Plus positions popovers with inline styles.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:', 'https://wework.qpic.cn', 'https://rescdn.qqmail.com'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
        },
      },
    }),
  );
  if (deps.consoleDist) app.use(staticConsole(deps.consoleDist));
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' }));
  app.use(authenticate(services.sessions, services.users));

  for (const router of [
    systemRoutes(services.system, metrics.registry),
    authRoutes(services.auth, services.sessions, config),
    usersRoutes(services.users, services.accessAudit),
    accessAuditRoutes(services.accessAudit),
  ]) {
    app.use(router.routes()).use(router.allowedMethods());
  }

  app.on('error', (error: unknown) => logger.warn({ err: error }, 'unhandled koa error'));
  return { app, services };
}
