import Router from '@koa/router';
import { dashboardQuerySchema, ErrorCode, Permission } from '@keeper/shared';
import { AppError } from '../../http/app-error';
import { actorOf, type KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import { requirePermission } from '../../http/auth.middleware';
import type { DashboardService } from './dashboard.service';

const MAX_DAYS = 366;

export function dashboardRoutes(dashboard: DashboardService): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api/dashboard' });
  router.get('/', requirePermission(Permission.CustomersRead), async (ctx) => {
    const query = parseInput(dashboardQuerySchema, ctx.query);
    const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 + 1;
    if (days < 1 || days > MAX_DAYS) {
      throw new AppError(ErrorCode.ValidationFailed, `Choose a range of 1 to ${MAX_DAYS} days`);
    }
    ctx.body = await dashboard.build(query, actorOf(ctx).user);
  });
  return router;
}
