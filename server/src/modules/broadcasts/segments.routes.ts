import Router from '@koa/router';
import { audienceCountRequestSchema, Permission, segmentInputSchema } from '@keeper/shared';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.middleware';
import { actorOf, type KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import type { SegmentsService } from './segments.service';

const idParam = z.object({ id: z.coerce.number().int().positive() });

/**
 * 客户分群 and the audience builder's live count, for marketers. Register before the campaign routes:
 * `/api/broadcasts/:id` would otherwise take `GET /api/broadcasts/segments`. Scope is checked in the service.
 */
export function segmentsRoutes(segments: SegmentsService): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api/broadcasts' });
  router.use(requirePermission(Permission.BroadcastsSend));

  router.post('/audience/count', async (ctx) => {
    ctx.body = await segments.count(
      parseInput(audienceCountRequestSchema, ctx.request.body),
      actorOf(ctx).user,
    );
  });

  router.get('/segments', async (ctx) => {
    ctx.body = await segments.list(actorOf(ctx).user);
  });

  router.post('/segments', async (ctx) => {
    const input = parseInput(segmentInputSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = await segments.create(input, actorOf(ctx).user);
  });

  router.put('/segments/:id', async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    ctx.body = await segments.update(id, parseInput(segmentInputSchema, ctx.request.body), actorOf(ctx).user);
  });

  router.delete('/segments/:id', async (ctx) => {
    await segments.remove(parseInput(idParam, ctx.params).id, actorOf(ctx).user);
    ctx.status = 204;
  });

  return router;
}
