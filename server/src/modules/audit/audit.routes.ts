import Router from '@koa/router';
import {
  auditRuleInputSchema,
  Permission,
  updateViolationSchema,
  violationQuerySchema,
} from '@keeper/shared';
import { z } from 'zod';
import { actorOf, type KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import { requirePermission } from '../../http/auth.middleware';
import type { AuditRulesService } from './audit-rules.service';
import type { ViolationsService } from './violations.service';

const idParam = z.object({ id: z.string().regex(/^\d+$/) });

export function auditRoutes(rules: AuditRulesService, violations: ViolationsService): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api' });

  router.get('/audit-rules', requirePermission(Permission.ChatsRead), async (ctx) => {
    ctx.body = await rules.list();
  });
  router.post('/audit-rules', requirePermission(Permission.AuditRulesManage), async (ctx) => {
    ctx.status = 201;
    ctx.body = await rules.create(parseInput(auditRuleInputSchema, ctx.request.body), actorOf(ctx).user);
  });
  router.put('/audit-rules/:id', requirePermission(Permission.AuditRulesManage), async (ctx) => {
    ctx.body = await rules.update(
      Number(parseInput(idParam, ctx.params).id),
      parseInput(auditRuleInputSchema, ctx.request.body),
      actorOf(ctx).user,
    );
  });
  router.delete('/audit-rules/:id', requirePermission(Permission.AuditRulesManage), async (ctx) => {
    await rules.remove(Number(parseInput(idParam, ctx.params).id), actorOf(ctx).user);
    ctx.status = 204;
  });

  router.get('/violations', requirePermission(Permission.ChatsRead), async (ctx) => {
    ctx.body = await violations.list(parseInput(violationQuerySchema, ctx.query), actorOf(ctx));
  });
  router.get('/violations/counts', requirePermission(Permission.ChatsRead), async (ctx) => {
    ctx.body = { new: await violations.countNew(actorOf(ctx).user) };
  });
  router.patch('/violations/:id', requirePermission(Permission.ViolationsHandle), async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    ctx.body = await violations.update(
      id,
      parseInput(updateViolationSchema, ctx.request.body),
      actorOf(ctx).user,
    );
  });

  return router;
}
