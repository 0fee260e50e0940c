import fs from 'node:fs';
import Router from '@koa/router';
import {
  ErrorCode,
  MATERIAL_MAX_BYTES,
  materialInputSchema,
  materialListQuerySchema,
  Permission,
  type MaterialInput,
} from '@keeper/shared';
import { z } from 'zod';
import { AppError } from '../../http/app-error';
import { requireAnyPermission, requirePermission } from '../../http/auth.middleware';
import { actorOf, type KeeperContext, type KeeperState } from '../../http/context';
import { isMultipart, readMultipartForm, type UploadedFile } from '../../http/multipart';
import { parseInput } from '../../http/validate';
import type { MaterialsService } from './materials.service';

const idParam = z.object({ id: z.string().min(1).max(20) });

/**
 * The materials library (素材库), corp-wide for everyone who may send campaigns. A material with a file comes
 * as multipart/form-data (`meta`: the MaterialInput JSON, `file`: the file); a link without a cover as JSON.
 */
export function materialsRoutes(materials: MaterialsService): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api/materials' });
  // Approvers read the library too: the campaign they approve shows its attachments.
  const readers = requireAnyPermission([Permission.BroadcastsSend, Permission.BroadcastsApprove]);
  const senders = requirePermission(Permission.BroadcastsSend);

  router.get('/', readers, async (ctx) => {
    ctx.body = await materials.list(parseInput(materialListQuerySchema, ctx.query));
  });

  router.post('/', senders, async (ctx) => {
    const { input, file } = await readMaterial(ctx);
    ctx.status = 201;
    ctx.body = await materials.create(input, file, actorOf(ctx).user.displayName);
  });

  router.put('/:id', senders, async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    ctx.body = await materials.update(id, parseInput(materialInputSchema, ctx.request.body));
  });

  router.delete('/:id', senders, async (ctx) => {
    await materials.remove(parseInput(idParam, ctx.params).id);
    ctx.status = 204;
  });

  router.get('/:id/file', readers, async (ctx) => {
    const file = await materials.file(parseInput(idParam, ctx.params).id);
    ctx.type = file.contentType;
    ctx.length = file.size;
    ctx.set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    ctx.set('Cache-Control', 'private, max-age=3600');
    // Shown on its own, an uploaded file runs nothing. Chrome's PDF viewer refuses sandboxed documents, and a
    // PDF runs no script of this origin anyway.
    if (file.contentType !== 'application/pdf')
      ctx.set('Content-Security-Policy', "sandbox; default-src 'none'");
    ctx.body = fs.createReadStream(file.path);
  });

  return router;
}

/** The material's JSON and its file, from a multipart form or a JSON body (a link without a cover). */
async function readMaterial(
  ctx: KeeperContext,
): Promise<{ input: MaterialInput; file: UploadedFile | null }> {
  if (!isMultipart(ctx)) return { input: parseInput(materialInputSchema, ctx.request.body), file: null };
  const form = await readMultipartForm(ctx, { fileField: 'file', maxFileBytes: MATERIAL_MAX_BYTES });
  const meta = form.fields.get('meta');
  let json: unknown;
  try {
    json = JSON.parse(meta ?? '');
  } catch {
    throw new AppError(ErrorCode.ValidationFailed, 'The field meta must hold the material as JSON', {
      issues: [{ path: 'meta', message: 'must hold the material as JSON' }],
    });
  }
  // A form whose file input was left empty sends a part with no name and no bytes: no file.
  const file = form.file && (form.file.fileName || form.file.data.length) ? form.file : null;
  return { input: parseInput(materialInputSchema, json), file };
}
