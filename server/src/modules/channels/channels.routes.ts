import Router from '@koa/router';
import { channelInputSchema, Permission } from '@keeper/shared';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.middleware';
import { actorOf, type KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import type { ChannelsService } from './channels.service';

const idParam = z.object({ id: z.coerce.number().int().positive() });
const enabledInput = z.object({ enabled: z.boolean() });

/** 渠道活码: channel QR codes and their QR image. Scope is checked in the service. */
export function channelsRoutes(channels: ChannelsService): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api/channels' });
  router.use(requirePermission(Permission.ChannelsManage));

  router.get('/', async (ctx) => {
    ctx.body = await channels.list(actorOf(ctx).user);
  });

  router.post('/', async (ctx) => {
    const input = parseInput(channelInputSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = await channels.create(input, actorOf(ctx).user);
  });

  router.put('/:id', async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    ctx.body = await channels.update(id, parseInput(channelInputSchema, ctx.request.body), actorOf(ctx).user);
  });

  router.patch('/:id', async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    const { enabled } = parseInput(enabledInput, ctx.request.body);
    ctx.body = await channels.setEnabled(id, enabled, actorOf(ctx).user);
  });

  router.delete('/:id', async (ctx) => {
    await channels.remove(parseInput(idParam, ctx.params).id, actorOf(ctx).user);
    ctx.status = 204;
  });

  router.get('/:id/qrcode.png', async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    const png = await channels.qrImage(id, actorOf(ctx).user);
    ctx.type = 'image/png';
    ctx.set('Content-Disposition', `attachment; filename="channel-${id}.png"`);
    ctx.body = png;
  });

  return router;
}
