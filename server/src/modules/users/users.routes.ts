import Router from '@koa/router';
import { createUserSchema, Permission, updateUserSchema, userListQuerySchema } from '@keeper/shared';
import { z } from 'zod';
import { actorOf, type KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import { requirePermission } from '../../http/auth.middleware';
import type { UsersService } from './users.service';

const idParam = z.object({ id: z.coerce.number().int().positive() });

export function usersRoutes(users: UsersService): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api/users' });
  router.use(requirePermission(Permission.UsersManage));

  router.get('/', async (ctx) => {
    ctx.body = await users.list(parseInput(userListQuerySchema, ctx.query), actorOf(ctx));
  });

  router.get('/:id', async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    ctx.body = await users.get(id);
  });

  router.post('/', async (ctx) => {
    const input = parseInput(createUserSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = await users.create(input);
  });

  router.patch('/:id', async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    const input = parseInput(updateUserSchema, ctx.request.body);
    ctx.body = await users.update(id, input, actorOf(ctx).user);
  });

  return router;
}
