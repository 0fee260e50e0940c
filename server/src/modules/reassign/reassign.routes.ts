import Router from '@koa/router';
import {
  caseListQuerySchema,
  itemListQuerySchema,
  openOnJobCaseSchema,
  Permission,
  planRequestSchema,
  replanRequestSchema,
} from '@keeper/shared';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.middleware';
import { actorOf, type KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import { streamHandoverReport } from './handover-report';
import type { ReassignService } from './reassign.service';

const idParam = z.object({ id: z.string().min(1).max(20) });

/** 离职继承 and 在职继承: cases, their items, plans and the report. Scope is checked in the service. */
export function reassignRoutes(reassign: ReassignService): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api/reassign' });
  router.use(requirePermission(Permission.ReassignRun));

  router.get('/cases', async (ctx) => {
    ctx.body = await reassign.list(parseInput(caseListQuerySchema, ctx.query), actorOf(ctx).user);
  });

  router.get('/inbox', async (ctx) => {
    ctx.body = { open: await reassign.countOpenDepartures(actorOf(ctx).user) };
  });

  router.post('/cases', async (ctx) => {
    const { handoverUserId } = parseInput(openOnJobCaseSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = await reassign.openOnJob(handoverUserId, actorOf(ctx));
  });

  router.get('/cases/:id', async (ctx) => {
    ctx.body = await reassign.get(parseInput(idParam, ctx.params).id, actorOf(ctx).user);
  });

  router.get('/cases/:id/items', async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    ctx.body = await reassign.items(id, parseInput(itemListQuerySchema, ctx.query), actorOf(ctx).user);
  });

  router.post('/cases/:id/preview', async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    ctx.body = await reassign.preview(id, parseInput(planRequestSchema, ctx.request.body), actorOf(ctx));
  });

  router.post('/cases/:id/plan', async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    ctx.body = await reassign.plan(id, parseInput(planRequestSchema, ctx.request.body), actorOf(ctx));
  });

  router.post('/cases/:id/replan', async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    const { receiver } = parseInput(replanRequestSchema, ctx.request.body);
    ctx.body = await reassign.replan(id, receiver, actorOf(ctx));
  });

  router.post('/cases/:id/refresh', async (ctx) => {
    ctx.body = await reassign.refresh(parseInput(idParam, ctx.params).id, actorOf(ctx).user);
  });

  router.get('/cases/:id/export', async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    const { handoverCase, items } = await reassign.report(id, actorOf(ctx));
    ctx.set('Content-Disposition', `attachment; filename="handover-${id}.xlsx"`);
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.body = streamHandoverReport(handoverCase, items);
  });

  return router;
}
