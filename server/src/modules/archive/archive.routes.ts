import fs from 'node:fs';
import Router from '@koa/router';
import {
  conversationListQuerySchema,
  messageSearchQuerySchema,
  messageWindowQuerySchema,
  Permission,
  rescanSchema,
  retentionSchema,
} from '@keeper/shared';
import { z } from 'zod';
import { actorOf, type KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import { requirePermission } from '../../http/auth.middleware';
import type { SettingsService } from '../settings/settings.service';
import type { ArchiveMediaService } from './archive-media.service';
import type { ArchivePuller } from './archive-puller';
import type { ArchiveRescans } from './archive-rescan';
import type { ArchiveRetention } from './archive-retention';
import type { ArchiveService } from './archive.service';
import { streamConversationWorkbook } from './conversation-export';

const idParam = z.object({ id: z.string().regex(/^\d+$/) });

export function archiveRoutes(deps: {
  archive: ArchiveService;
  puller: ArchivePuller;
  media: ArchiveMediaService;
  retention: ArchiveRetention;
  settings: SettingsService;
  rescans: ArchiveRescans;
}): Router<KeeperState> {
  const { archive } = deps;
  const router = new Router<KeeperState>({ prefix: '/api' });

  router.get('/archive/status', requirePermission(Permission.ChatsRead), async (ctx) => {
    ctx.body = await archive.status();
  });
  router.post('/archive/resume', requirePermission(Permission.WeComAdmin), async (ctx) => {
    await deps.puller.resume();
    ctx.body = await archive.status();
  });
  router.put('/archive/retention', requirePermission(Permission.WeComAdmin), async (ctx) => {
    const { days } = parseInput(retentionSchema, ctx.request.body);
    await deps.settings.setRetentionDays(days);
    void deps.retention.purge().catch(() => undefined);
    ctx.body = await archive.status();
  });

  // A re-scan runs as a background job: the request queues it and answers 202 with the job to follow.
  router.post('/archive/rescans', requirePermission(Permission.AuditRulesManage), async (ctx) => {
    const { from, to } = parseInput(rescanSchema, ctx.request.body);
    ctx.status = 202;
    ctx.body = await deps.rescans.start(new Date(from), new Date(to), actorOf(ctx).user);
  });
  router.get('/archive/rescans', requirePermission(Permission.AuditRulesManage), async (ctx) => {
    ctx.body = await deps.rescans.recent();
  });
  router.get('/archive/rescans/:id', requirePermission(Permission.AuditRulesManage), async (ctx) => {
    ctx.body = await deps.rescans.get(parseInput(idParam, ctx.params).id);
  });

  router.get('/conversations', requirePermission(Permission.ChatsRead), async (ctx) => {
    ctx.body = await archive.conversations(parseInput(conversationListQuerySchema, ctx.query), actorOf(ctx));
  });
  router.get('/conversations/:id', requirePermission(Permission.ChatsRead), async (ctx) => {
    ctx.body = await archive.conversation(parseInput(idParam, ctx.params).id, actorOf(ctx));
  });
  router.get('/conversations/:id/messages', requirePermission(Permission.ChatsRead), async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    ctx.body = await archive.window(id, parseInput(messageWindowQuerySchema, ctx.query), actorOf(ctx));
  });
  router.get('/conversations/:id/export', requirePermission(Permission.ChatsExport), async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    const messages = await archive.exportMessages(id, actorOf(ctx));
    ctx.set('Content-Disposition', `attachment; filename="conversation-${id}.xlsx"`);
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.body = streamConversationWorkbook(messages);
  });

  router.get('/messages/search', requirePermission(Permission.ChatsRead), async (ctx) => {
    ctx.body = await archive.search(parseInput(messageSearchQuerySchema, ctx.query), actorOf(ctx));
  });
  router.get('/messages/:id/media', requirePermission(Permission.ChatsRead), async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    const { row, stored } = await archive.media(id, actorOf(ctx));
    const file = await deps.media.file(stored.sdkFileId ?? '', row.msgtime);
    ctx.type = deps.media.contentTypeOf(row.msgtype);
    const name = typeof stored.content?.filename === 'string' ? stored.content.filename : null;
    if (name) ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    ctx.set('Cache-Control', 'private, max-age=86400');
    ctx.body = fs.createReadStream(file);
  });

  return router;
}
