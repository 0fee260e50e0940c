import Router from '@koa/router';
import { createTagsSchema, editTagSchema, Permission } from '@keeper/shared';
import { z } from 'zod';
import { actorOf, type KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import { requirePermission } from '../../http/auth.middleware';
import type { TagsService } from './tags.service';

const idParam = z.object({ id: z.string().min(1).max(64) });

export function tagsRoutes(tags: TagsService): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api' });

  router.get('/tags', requirePermission(Permission.CustomersRead), async (ctx) => {
    ctx.body = await tags.list(actorOf(ctx).user);
  });
  router.post('/tags', requirePermission(Permission.CustomersWrite), async (ctx) => {
    ctx.status = 201;
    ctx.body = await tags.create(parseInput(createTagsSchema, ctx.request.body), actorOf(ctx).user);
  });
  router.patch('/tags/:id', requirePermission(Permission.CustomersWrite), async (ctx) => {
    ctx.body = await tags.edit(
      parseInput(idParam, ctx.params).id,
      parseInput(editTagSchema, ctx.request.body),
      actorOf(ctx).user,
    );
  });
  router.delete('/tags/:id', requirePermission(Permission.CustomersWrite), async (ctx) => {
    ctx.body = await tags.remove({ tagIds: [parseInput(idParam, ctx.params).id] }, actorOf(ctx).user);
  });
  router.delete('/tag-groups/:id', requirePermission(Permission.CustomersWrite), async (ctx) => {
    ctx.body = await tags.remove({ groupIds: [parseInput(idParam, ctx.params).id] }, actorOf(ctx).user);
  });

  return router;
}
