import Router from '@koa/router';
import {
  broadcastSettingsSchema,
  campaignInputSchema,
  campaignListQuerySchema,
  Permission,
  recipientListQuerySchema,
  rejectCampaignSchema,
  remindCampaignSchema,
} from '@keeper/shared';
import { z } from 'zod';
import { requireAnyPermission, requirePermission } from '../../http/auth.middleware';
import { actorOf, type KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import { streamCampaignReport } from './campaign-report';
import type { CampaignsService } from './campaigns.service';

const idParam = z.object({ id: z.string().regex(/^\d{1,12}$/) });
const customerParam = z.object({ externalUserId: z.string().min(1).max(64) });

/** 群发任务: campaigns, their funnels, reminders and reports. Scope and approval rights are checked in the service. */
export function broadcastsRoutes(campaigns: CampaignsService): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api/broadcasts' });
  const readers = requireAnyPermission([Permission.BroadcastsSend, Permission.BroadcastsApprove]);
  const senders = requirePermission(Permission.BroadcastsSend);
  const approvers = requirePermission(Permission.BroadcastsApprove);

  router.get('/reached/:externalUserId', requirePermission(Permission.CustomersRead), async (ctx) => {
    const { externalUserId } = parseInput(customerParam, ctx.params);
    ctx.body = await campaigns.reached(externalUserId, actorOf(ctx).user);
  });

  router.get('/settings', readers, async (ctx) => {
    ctx.body = await campaigns.settings(actorOf(ctx).user);
  });

  router.put('/settings', approvers, async (ctx) => {
    ctx.body = await campaigns.updateSettings(
      parseInput(broadcastSettingsSchema, ctx.request.body),
      actorOf(ctx).user,
    );
  });

  router.get('/', readers, async (ctx) => {
    ctx.body = await campaigns.list(parseInput(campaignListQuerySchema, ctx.query), actorOf(ctx).user);
  });

  router.post('/', senders, async (ctx) => {
    ctx.status = 201;
    ctx.body = await campaigns.create(parseInput(campaignInputSchema, ctx.request.body), actorOf(ctx));
  });

  router.get('/:id', readers, async (ctx) => {
    ctx.body = await campaigns.get(parseInput(idParam, ctx.params).id, actorOf(ctx).user);
  });

  router.put('/:id', senders, async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    ctx.body = await campaigns.update(id, parseInput(campaignInputSchema, ctx.request.body), actorOf(ctx));
  });

  router.delete('/:id', senders, async (ctx) => {
    await campaigns.remove(parseInput(idParam, ctx.params).id, actorOf(ctx));
    ctx.status = 204;
  });

  router.post('/:id/preview', senders, async (ctx) => {
    ctx.body = await campaigns.preview(parseInput(idParam, ctx.params).id, actorOf(ctx));
  });

  router.post('/:id/submit', senders, async (ctx) => {
    ctx.body = await campaigns.submit(parseInput(idParam, ctx.params).id, actorOf(ctx));
  });

  router.post('/:id/approve', approvers, async (ctx) => {
    ctx.body = await campaigns.approve(parseInput(idParam, ctx.params).id, actorOf(ctx));
  });

  router.post('/:id/reject', approvers, async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    const { reason } = parseInput(rejectCampaignSchema, ctx.request.body);
    ctx.body = await campaigns.reject(id, reason, actorOf(ctx));
  });

  router.post('/:id/cancel', senders, async (ctx) => {
    ctx.body = await campaigns.cancel(parseInput(idParam, ctx.params).id, actorOf(ctx));
  });

  router.post('/:id/remind', senders, async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    const { via } = parseInput(remindCampaignSchema, ctx.request.body ?? {});
    ctx.body = await campaigns.remind(id, via, actorOf(ctx));
  });

  router.post('/:id/refresh', readers, async (ctx) => {
    ctx.body = await campaigns.refresh(parseInput(idParam, ctx.params).id, actorOf(ctx).user);
  });

  router.get('/:id/funnel', readers, async (ctx) => {
    ctx.body = await campaigns.funnel(parseInput(idParam, ctx.params).id, actorOf(ctx).user);
  });

  router.get('/:id/recipients', readers, async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    ctx.body = await campaigns.recipients(
      id,
      parseInput(recipientListQuerySchema, ctx.query),
      actorOf(ctx).user,
    );
  });

  router.get('/:id/export', readers, async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    const { funnel, rows } = await campaigns.report(id, actorOf(ctx));
    ctx.set('Content-Disposition', `attachment; filename="campaign-${id}.xlsx"`);
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.body = streamCampaignReport(funnel.total, rows);
  });

  return router;
}
