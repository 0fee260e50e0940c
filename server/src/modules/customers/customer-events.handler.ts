import { WeComError, type WeComClient } from '@keeper/bot';
import { AlertKind, CustomerEventKind, FollowStatus } from '@keeper/shared';
import type { EntityManager } from 'typeorm';
import type { AlertsService } from '../alerts/alerts.service';
import type { GroupsService } from '../groups/groups.service';
import type { EventHandlers, HandlerContext } from '../inbox/event-handlers';
import type { TagsService } from '../tags/tags.service';
import { followSnapshotOf, type CustomerBook, type FollowSnapshot } from './customer-book';

/** 84061: no relationship any more (the member already deleted the customer); 40096: unknown customer id. */
const RELATION_GONE = new Set([84061, 40096]);

const DELETE_BY_TRANSFER = 'DELETE_BY_TRANSFER';

/** A handover case a callback moved on, to tell the console once the callback's transaction committed. */
export interface TransferProgress {
  caseId: string;
  handoverUserId: string;
}

/**
 * What the handover engine wants to hear from customer callbacks (a port the reassign module implements, so
 * this module needs nothing of it). Each runs inside the callback's transaction and returns the cases it moved
 * on; for the first two, any case means the change was the completion of a transfer Keeper started, recorded
 * with the transfer's own timeline entry.
 */
export interface TransferWatch {
  /** A member now follows the customer (WeCom's current answer): perhaps an awaited transfer arrived. */
  followStarted(
    manager: EntityManager,
    externalUserId: string,
    follow: FollowSnapshot,
    at: Date,
  ): Promise<TransferProgress[]>;
  /** The member lost the customer to a transfer (DELETE_BY_TRANSFER). */
  transferredAway(
    manager: EntityManager,
    externalUserId: string,
    userId: string,
    at: Date,
  ): Promise<TransferProgress[]>;
  /** WeCom gave up a transfer to `takeoverUserId` (customer_refused, customer_limit_exceed). */
  transferFailed(
    manager: EntityManager,
    externalUserId: string,
    takeoverUserId: string,
    reason: string,
    at: Date,
  ): Promise<TransferProgress[]>;
}

/** An add callback as a channel code sees it: who added whom, through which `state`, with which welcome code. */
export interface ChannelAdd {
  userId: string;
  externalUserId: string;
  state: string | undefined;
  welcomeCode: string | undefined;
  createTime: number;
  receivedAt: Date;
}

/**
 * What channel codes (渠道活码) want of add callbacks (a port the channels module implements). `welcomeFirst`
 * runs before anything else of the handler — WeCom's welcome code lives 20 s and must be used before any sync,
 * tagging or remark call — and must not throw; `added` runs once the relation is recorded (tags, remark, duty).
 */
export interface ChannelAdds {
  welcomeFirst(add: ChannelAdd): Promise<void>;
  added(add: ChannelAdd): Promise<void>;
}

interface Deps {
  book: CustomerBook;
  channels?: ChannelAdds;
  transfers?: TransferWatch;
  alerts: AlertsService;
  tags: TagsService;
  groups: GroupsService;
  client: WeComClient | undefined;
}

/**
 * Customer-contact callbacks: the relation changes they announce, recorded with their cause, and the
 * alerts managers must see. Details come from the API first (callbacks carry ids only), then one commit.
 */
export function registerCustomerEventHandlers(handlers: EventHandlers, deps: Deps): void {
  const { book, alerts } = deps;
  const at = (createTime: number) => new Date(createTime * 1000);

  /**
   * The customer's profile and this member's relation as WeCom has them now. `follow` is null when the relation
   * is gone (WeCom answers "no relationship" or no longer lists the member): the callback's own content is never
   * used instead, since a late add_external_contact would then revive a relation that has already ended.
   * Without the contact app's secret Keeper cannot ask at all; the sync finds the relation once it can.
   */
  const fetchRelation = async (externalUserId: string, userId: string) => {
    if (!deps.client) return { contact: null, follow: null };
    try {
      const reply = await deps.client.getCustomer(externalUserId);
      const follow = reply.follow_user.find((each) => each.userid === userId);
      return { contact: reply.external_contact, follow: follow ? followSnapshotOf(follow) : null };
    } catch (error) {
      if (error instanceof WeComError && RELATION_GONE.has(error.code))
        return { contact: null, follow: null };
      throw error;
    }
  };

  const changed = (context: HandlerContext, externalUserId: string) =>
    context.emit('customer.changed', { externalUserId });

  const onAdded =
    (kind: typeof CustomerEventKind.Added | typeof CustomerEventKind.HalfAdded) =>
    async (
      event: {
        userId: string;
        externalUserId: string;
        createTime: number;
        state: string | undefined;
        welcomeCode: string | undefined;
      },
      context: HandlerContext,
    ) => {
      const add: ChannelAdd = {
        userId: event.userId,
        externalUserId: event.externalUserId,
        state: event.state,
        welcomeCode: event.welcomeCode,
        createTime: event.createTime,
        receivedAt: context.receivedAt,
      };
      // The welcome first: before WeCom is asked anything else about this customer.
      await deps.channels?.welcomeFirst(add);
      const { contact, follow } = await fetchRelation(event.externalUserId, event.userId);
      if (!contact || !follow) return; // gone already: the end's own callback records it, with its cause
      await context.commit(async (manager) => {
        await book.upsertProfile(manager, contact);
        const transfers =
          (await deps.transfers?.followStarted(
            manager,
            event.externalUserId,
            follow,
            at(event.createTime),
          )) ?? [];
        for (const progress of transfers) context.emit('handover.progress', progress);
        if (transfers.length > 0) return;
        await book.recordFollow(
          manager,
          event.externalUserId,
          follow,
          {
            kind,
            // When the relation WeCom shows began: a late callback may announce an earlier add of it.
            occurredAt: follow.addedAt ?? at(event.createTime),
            detail: { state: follow.state, addWay: follow.addWay },
          },
          { eventAt: at(event.createTime) },
        );
      });
      changed(context, event.externalUserId);
      // Tags and remark only after the add is in the book; a failure there is the channel's to log, not a
      // reason to handle the callback again.
      await deps.channels?.added(add);
    };

  handlers
    .on('change_external_contact.add_external_contact', onAdded(CustomerEventKind.Added))
    .on('change_external_contact.add_half_external_contact', onAdded(CustomerEventKind.HalfAdded))
    .on('change_external_contact.edit_external_contact', async (event, context) => {
      const { contact, follow } = await fetchRelation(event.externalUserId, event.userId);
      if (!contact || !follow) return;
      await context.commit(async (manager) => {
        await book.upsertProfile(manager, contact);
        await book.recordEdit(manager, event.externalUserId, follow, at(event.createTime), {
          by: event.userId,
          via: 'wecom',
        });
      });
      changed(context, event.externalUserId);
    })
    .on('change_external_contact.del_external_contact', async (event, context) => {
      const byTransfer = event.source === DELETE_BY_TRANSFER;
      const occurredAt = at(event.createTime);
      await context.commit(async (manager) => {
        const transfers = byTransfer
          ? ((await deps.transfers?.transferredAway(
              manager,
              event.externalUserId,
              event.userId,
              occurredAt,
            )) ?? [])
          : [];
        for (const progress of transfers) context.emit('handover.progress', progress);
        if (transfers.length > 0) return;
        const outcome = await book.endFollow(
          manager,
          event.externalUserId,
          event.userId,
          byTransfer ? FollowStatus.Transferred : FollowStatus.DeletedByMember,
          {
            kind: byTransfer ? CustomerEventKind.TransferredOut : CustomerEventKind.DeletedByMember,
            occurredAt,
            detail: event.source ? { source: event.source } : {},
          },
          { eventAt: occurredAt },
        );
        // The member deleted the customer even when the record had it already (removed_by_sync, to be
        // corrected) or the relation was added again since: each deletion raises its alert.
        if (outcome !== 'unchanged' && outcome !== 'stale' && !byTransfer) {
          const alertId = await alerts.raise(manager, {
            kind: AlertKind.MemberDeletedCustomer,
            userId: event.userId,
            externalUserId: event.externalUserId,
            occurredAt,
            dedupeKey: `del_external_contact:${event.userId}:${event.externalUserId}:${event.createTime}`,
          });
          if (alertId) context.emit('alert.created', { alertId, userId: event.userId });
        }
      });
      changed(context, event.externalUserId);
    })
    .on('change_external_contact.del_follow_user', async (event, context) => {
      const occurredAt = at(event.createTime);
      await context.commit(async (manager) => {
        const outcome = await book.endFollow(
          manager,
          event.externalUserId,
          event.userId,
          FollowStatus.DeletedByCustomer,
          {
            kind: CustomerEventKind.DeletedByCustomer,
            occurredAt,
          },
          { eventAt: occurredAt },
        );
        if (outcome !== 'unchanged' && outcome !== 'stale') {
          const alertId = await alerts.raise(manager, {
            kind: AlertKind.CustomerDeletedMember,
            userId: event.userId,
            externalUserId: event.externalUserId,
            occurredAt,
            dedupeKey: `del_follow_user:${event.userId}:${event.externalUserId}:${event.createTime}`,
          });
          if (alertId) context.emit('alert.created', { alertId, userId: event.userId });
        }
      });
      changed(context, event.externalUserId);
    })
    .on('change_external_contact.transfer_fail', async (event, context) => {
      await context.commit(async (manager) => {
        await book.ensureCustomer(manager, event.externalUserId);
        await book.addEvent(manager, event.externalUserId, event.userId, {
          kind: CustomerEventKind.TransferFailed,
          occurredAt: at(event.createTime),
          detail: { reason: event.failReason },
        });
        const transfers =
          (await deps.transfers?.transferFailed(
            manager,
            event.externalUserId,
            event.userId,
            event.failReason,
            at(event.createTime),
          )) ?? [];
        for (const progress of transfers) context.emit('handover.progress', progress);
      });
      changed(context, event.externalUserId);
    })
    .on('change_external_contact.msg_audit_approved', async (event, context) => {
      await context.commit((manager) =>
        book.recordArchiveConsent(manager, event.externalUserId, event.userId, 'agree', at(event.createTime)),
      );
    });

  for (const type of ['create', 'update', 'delete', 'shuffle'] as const) {
    handlers.on(`change_external_tag.${type}`, async () => {
      // Tag callbacks name one tag or group; re-reading the whole list keeps every change (and order) right.
      await deps.tags.refreshFromWeCom();
    });
  }

  handlers
    .on('change_external_chat.create', async (event) =>
      deps.groups.refresh(event.chatId, at(event.createTime)),
    )
    .on('change_external_chat.update', async (event) =>
      deps.groups.refresh(event.chatId, at(event.createTime), {
        ...(event.joinScene !== undefined ? { join: event.joinScene } : {}),
        ...(event.quitScene !== undefined ? { quit: event.quitScene } : {}),
      }),
    )
    .on('change_external_chat.dismiss', async (event) =>
      deps.groups.dismiss(event.chatId, at(event.createTime)),
    );
}
