import Router from '@koa/router';
import {
  customerListQuerySchema,
  markTagsSchema,
  Permission,
  remarkSchema,
  SyncTrigger,
} from '@keeper/shared';
import { z } from 'zod';
import { actorOf, type KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import { requirePermission } from '../../http/auth.middleware';
import type { SyncRuns } from '../../jobs/sync-runs';
import { mapSyncRun } from '../org/org.service';
import { streamCustomerWorkbook } from './customer-export';
import { CUSTOMER_SYNC_KIND, type CustomerSyncService } from './customer-sync.service';
import type { CustomersService } from './customers.service';

const idParam = z.object({ id: z.string().min(1).max(64) });

export function customersRoutes(deps: {
  customers: CustomersService;
  sync: CustomerSyncService;
  runs: SyncRuns;
}): Router<KeeperState> {
  const { customers } = deps;
  const router = new Router<KeeperState>({ prefix: '/api/customers' });

  router.get('/', requirePermission(Permission.CustomersRead), async (ctx) => {
    ctx.body = await customers.list(parseInput(customerListQuerySchema, ctx.query), actorOf(ctx));
  });

  router.get('/export', requirePermission(Permission.CustomersExport), async (ctx) => {
    const batches = await customers.export(parseInput(customerListQuerySchema, ctx.query), actorOf(ctx));
    ctx.set(
      'Content-Disposition',
      `attachment; filename="customers-${new Date().toISOString().slice(0, 10)}.xlsx"`,
    );
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.body = streamCustomerWorkbook(batches);
  });

  router.post('/sync', requirePermission(Permission.OrgSync), async (ctx) => {
    ctx.status = 202;
    ctx.body = { runId: await deps.sync.start(SyncTrigger.Manual, actorOf(ctx).user) };
  });

  router.get('/sync/latest', requirePermission(Permission.CustomersRead), async (ctx) => {
    const run = await deps.runs.latestSyncRun(CUSTOMER_SYNC_KIND);
    // Koa answers a null body with 204; the contract is JSON `null` when no sync ever ran.
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(run ? mapSyncRun(run) : null);
  });

  router.get('/:id', requirePermission(Permission.CustomersRead), async (ctx) => {
    ctx.body = await customers.detail(parseInput(idParam, ctx.params).id, actorOf(ctx));
  });

  router.post('/:id/tags', requirePermission(Permission.CustomersWrite), async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    ctx.body = await customers.markTags(id, parseInput(markTagsSchema, ctx.request.body), actorOf(ctx));
  });

  router.post('/:id/remark', requirePermission(Permission.CustomersWrite), async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    ctx.body = await customers.remark(id, parseInput(remarkSchema, ctx.request.body), actorOf(ctx));
  });

  return router;
}
