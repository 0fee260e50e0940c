import type { ExternalContact } from '@keeper/bot';
import { CustomerEventKind, CustomerStatus, FollowStatus } from '@keeper/shared';
import { In, type EntityManager } from 'typeorm';
import type { JsonObject } from '../../db/columns';
import { dialectOf } from '../../db/sql';
import {
  CustomerEntity,
  CustomerEventEntity,
  CustomerFollowEntity,
  CustomerFollowTagEntity,
} from './customer.entity';

/** One member's relation to a customer as WeCom describes it (from `get` or `batch/get_by_user`). */
export interface FollowSnapshot {
  userId: string;
  remark: string | null;
  description: string | null;
  remarkMobiles: string[];
  remarkCorpName: string | null;
  addWay: number | null;
  state: string | null;
  operUserId: string | null;
  addedAt: Date | null;
  tagIds: string[];
}

export interface ChangeCause {
  kind: CustomerEventKind;
  occurredAt: Date;
  detail?: JsonObject;
}

/**
 * How new a piece of news about a relation is. WeCom delivers callbacks in any order and the sync fetches for
 * minutes, so the book applies news only when nothing newer was applied to the relation already.
 */
export type Freshness =
  /** A callback: WeCom's time of the event (its CreateTime). */
  | { eventAt: Date }
  /** The reconciliation sync: when it began fetching this member's relations, by Keeper's clock. */
  | { snapshotTakenAt: Date };

/** What recording news did: `stale` when newer news had already been applied, and nothing changed. */
export type FollowOutcome = 'added' | 'edited' | 'unchanged' | 'stale';
/**
 * `corrected`: a relation the sync had ended without knowing why now carries the cause WeCom reported.
 * `past`: the end happened before the relation's current start (it was added again since): it joins the
 * timeline as history and the relation stays active.
 */
export type EndOutcome = 'ended' | 'corrected' | 'past' | 'unchanged' | 'stale';

/** Ends WeCom itself reported (a callback); only `removed_by_sync` is Keeper's guess from an absence. */
const isReportedEnd = (status: FollowStatus) =>
  status !== FollowStatus.Active && status !== FollowStatus.RemovedBySync;

/**
 * The only writer of customers, follow relations, their tags and the customer timeline. Every change of
 * ownership or of what a member recorded about a customer goes through here and leaves a timeline row, so
 * nothing is overwritten without history. All methods run inside the caller's transaction.
 */
export class CustomerBook {
  /** Creates or refreshes the customer's profile. */
  async upsertProfile(manager: EntityManager, contact: ExternalContact): Promise<void> {
    const existing = await manager.findOneBy(CustomerEntity, { externalUserId: contact.external_userid });
    const profile = {
      name: contact.name || contact.external_userid,
      avatar: contact.avatar || null,
      type: contact.type ?? 1,
      gender: contact.gender ?? 0,
      corpName: contact.corp_name || null,
      corpFullName: contact.corp_full_name || null,
      position: contact.position || null,
      unionId: contact.unionid || null,
    };
    if (existing) {
      await manager.update(CustomerEntity, { externalUserId: contact.external_userid }, profile);
    } else {
      await manager.insert(CustomerEntity, {
        externalUserId: contact.external_userid,
        ...profile,
        status: CustomerStatus.Active,
        searchText: '',
        firstAddedAt: null,
        lostAt: null,
      });
    }
  }

  /** Makes sure a customer row exists when all Keeper knows is the id (the relation is already gone in WeCom). */
  async ensureCustomer(manager: EntityManager, externalUserId: string): Promise<void> {
    if (await manager.existsBy(CustomerEntity, { externalUserId })) return;
    // A callback recording the same customer may insert it meanwhile: its row, with the profile, stands.
    await manager
      .createQueryBuilder()
      .insert()
      .into(CustomerEntity)
      .values({
        externalUserId,
        name: externalUserId,
        type: 1,
        gender: 0,
        status: CustomerStatus.Active,
        searchText: '',
      })
      .orIgnore()
      .execute();
  }

  /**
   * Records that `follow.userId` follows the customer, as WeCom answered (`get` or a sync snapshot; never a
   * callback's own content). A relation that was not active before gets a timeline row with `cause`; an active
   * one is refreshed (and an edit is recorded if anything changed). Stale news changes nothing: a snapshot
   * older than Keeper's last change of the relation, or an answer showing a relation that began before WeCom
   * reported its end (WeCom gives a relation added again a new add time).
   */
  async recordFollow(
    manager: EntityManager,
    externalUserId: string,
    follow: FollowSnapshot,
    cause: ChangeCause,
    freshness: Freshness,
  ): Promise<FollowOutcome> {
    const existing = await this.lockedRelation(manager, externalUserId, follow.userId);
    if (existing && changedSinceSnapshot(existing, freshness)) return 'stale';
    const startedAt = follow.addedAt ?? cause.occurredAt;
    const becameActive = !existing || existing.status !== FollowStatus.Active;
    if (
      existing &&
      becameActive &&
      isReportedEnd(existing.status) &&
      existing.eventAt &&
      startedAt < existing.eventAt
    )
      return 'stale';
    const fields = {
      remark: follow.remark,
      description: follow.description,
      remarkMobiles: follow.remarkMobiles.join(','),
      remarkCorpName: follow.remarkCorpName,
      addWay: follow.addWay,
      state: follow.state,
      operUserId: follow.operUserId,
      addedAt: follow.addedAt,
    };
    if (!existing) {
      await manager.insert(CustomerFollowEntity, {
        externalUserId,
        userId: follow.userId,
        ...fields,
        status: FollowStatus.Active,
        endedAt: null,
        archiveConsentAt: null,
        eventAt: startedAt,
        changedAt: new Date(),
      });
    } else if (becameActive) {
      await manager.update(CustomerFollowEntity, existing.id, {
        ...fields,
        status: FollowStatus.Active,
        endedAt: null,
        eventAt: startedAt,
        changedAt: new Date(),
      });
    }
    if (!becameActive) {
      const edited = await this.recordEdit(manager, externalUserId, follow, cause.occurredAt, cause.detail);
      return edited ? 'edited' : 'unchanged';
    }
    await this.addEvent(manager, externalUserId, follow.userId, cause);
    await this.replaceTags(manager, externalUserId, follow.userId, follow.tagIds);
    await this.refreshCustomer(manager, externalUserId);
    return 'added';
  }

  /** Updates what a member recorded (remark, phones, tags); records an `edited` row when anything changed. */
  async recordEdit(
    manager: EntityManager,
    externalUserId: string,
    follow: FollowSnapshot,
    occurredAt: Date,
    detail: JsonObject = {},
  ): Promise<boolean> {
    const existing = await manager.findOneBy(CustomerFollowEntity, { externalUserId, userId: follow.userId });
    if (!existing) return false;
    const tagsBefore = (
      await manager.findBy(CustomerFollowTagEntity, { externalUserId, userId: follow.userId })
    )
      .map((tag) => tag.tagId)
      .sort();
    const tagsAfter = [...new Set(follow.tagIds)].sort();
    const changes: JsonObject = {};
    const compare = (field: string, before: string | null, after: string | null) => {
      if ((before ?? '') !== (after ?? '')) {
        changes[`${field}Before`] = before;
        changes[`${field}After`] = after;
      }
    };
    compare('remark', existing.remark, follow.remark);
    compare('description', existing.description, follow.description);
    compare('remarkMobiles', existing.remarkMobiles, follow.remarkMobiles.join(','));
    compare('remarkCorpName', existing.remarkCorpName, follow.remarkCorpName);
    compare('tags', tagsBefore.join(','), tagsAfter.join(','));
    if (Object.keys(changes).length === 0) return false;
    await manager.update(CustomerFollowEntity, existing.id, {
      remark: follow.remark,
      description: follow.description,
      remarkMobiles: follow.remarkMobiles.join(','),
      remarkCorpName: follow.remarkCorpName,
      changedAt: new Date(),
    });
    await this.replaceTags(manager, externalUserId, follow.userId, tagsAfter);
    await this.addEvent(manager, externalUserId, follow.userId, {
      kind: CustomerEventKind.Edited,
      occurredAt,
      detail: { ...detail, ...changes },
    });
    await this.refreshCustomer(manager, externalUserId);
    return true;
  }

  /**
   * Ends a relation with its cause. An end WeCom reported (a callback) also corrects a relation the sync had
   * ended as `removed_by_sync`: the precise cause replaces the guess. A callback older than the last event
   * applied cannot undo it (the relation was added again since): it only joins the timeline. A snapshot older
   * than Keeper's last change of the relation changes nothing.
   */
  async endFollow(
    manager: EntityManager,
    externalUserId: string,
    userId: string,
    status: Exclude<FollowStatus, 'active'>,
    cause: ChangeCause,
    freshness: Freshness,
  ): Promise<EndOutcome> {
    const existing = await this.lockedRelation(manager, externalUserId, userId);
    if (existing && changedSinceSnapshot(existing, freshness)) return 'stale';
    // A sync's removal has no WeCom time: the moment of its snapshot stands in for one.
    const eventAt = 'eventAt' in freshness ? freshness.eventAt : freshness.snapshotTakenAt;
    if (existing?.status === FollowStatus.Active) {
      if ('eventAt' in freshness && existing.eventAt && eventAt < existing.eventAt) {
        await this.addEvent(manager, externalUserId, userId, cause);
        return 'past';
      }
      await manager.update(CustomerFollowEntity, existing.id, {
        status,
        endedAt: cause.occurredAt,
        eventAt,
        changedAt: new Date(),
      });
    } else if (existing) {
      const correctsGuess = existing.status === FollowStatus.RemovedBySync && isReportedEnd(status);
      if (!correctsGuess) return 'unchanged';
      await manager.update(CustomerFollowEntity, existing.id, {
        status,
        endedAt: cause.occurredAt,
        eventAt: existing.eventAt && existing.eventAt > eventAt ? existing.eventAt : eventAt,
        changedAt: new Date(),
      });
      await this.addEvent(manager, externalUserId, userId, {
        ...cause,
        detail: { ...cause.detail, correctsSyncRemoval: true },
      });
      await this.refreshCustomer(manager, externalUserId);
      return 'corrected';
    } else {
      // WeCom told Keeper of the end of a relation it never saw begin (a lost callback): keep both facts.
      await this.ensureCustomer(manager, externalUserId);
      await manager.insert(CustomerFollowEntity, {
        externalUserId,
        userId,
        remarkMobiles: '',
        status,
        endedAt: cause.occurredAt,
        eventAt,
        changedAt: new Date(),
      });
    }
    await this.addEvent(manager, externalUserId, userId, cause);
    await this.refreshCustomer(manager, externalUserId);
    return 'ended';
  }

  /**
   * Records a completed handover as one timeline entry (transferred from A to B, by whom, which case): the
   * handover's relation ends as `transferred` and the receiver's begins, carrying the remark and tags WeCom moves
   * with it (or what WeCom answered for the receiver, when Keeper asked). The caller records each completed
   * transfer once; the relations are written only where they are not so already (a callback may have come first).
   */
  async recordTransfer(
    manager: EntityManager,
    externalUserId: string,
    transfer: {
      from: string;
      to: string;
      at: Date;
      detail: JsonObject;
      /** The receiver's relation as WeCom answered; else the handover's is carried over. */
      receiverFollow?: FollowSnapshot;
    },
  ): Promise<void> {
    const { from, to, at } = transfer;
    await this.ensureCustomer(manager, externalUserId);
    const handover = await this.lockedRelation(manager, externalUserId, from);
    const receiver = await this.lockedRelation(manager, externalUserId, to);
    if (!receiver || receiver.status !== FollowStatus.Active) {
      const carried = transfer.receiverFollow ?? {
        ...carriedFollow(handover, to, at),
        tagIds: (await manager.findBy(CustomerFollowTagEntity, { externalUserId, userId: from })).map(
          (tag) => tag.tagId,
        ),
      };
      const fields = {
        remark: carried.remark,
        description: carried.description,
        remarkMobiles: carried.remarkMobiles.join(','),
        remarkCorpName: carried.remarkCorpName,
        addWay: carried.addWay,
        state: carried.state,
        operUserId: carried.operUserId,
        addedAt: carried.addedAt ?? at,
        status: FollowStatus.Active,
        endedAt: null,
        eventAt: at,
        changedAt: new Date(),
      };
      if (receiver) await manager.update(CustomerFollowEntity, receiver.id, fields);
      else await manager.insert(CustomerFollowEntity, { externalUserId, userId: to, ...fields });
      await this.replaceTags(manager, externalUserId, to, carried.tagIds);
    }
    if (handover?.status === FollowStatus.Active) {
      await manager.update(CustomerFollowEntity, handover.id, {
        status: FollowStatus.Transferred,
        endedAt: at,
        eventAt: handover.eventAt && handover.eventAt > at ? handover.eventAt : at,
        changedAt: new Date(),
      });
    }
    await this.addEvent(manager, externalUserId, to, {
      kind: CustomerEventKind.TransferredIn,
      occurredAt: at,
      detail: transfer.detail,
    });
    await this.refreshCustomer(manager, externalUserId);
  }

  /** Whether the book has `userId` following the customer now. */
  async isFollowing(manager: EntityManager, externalUserId: string, userId: string): Promise<boolean> {
    const relation = await manager.findOneBy(CustomerFollowEntity, { externalUserId, userId });
    return relation?.status === FollowStatus.Active;
  }

  /** Records the customer's answer to chat archiving; a change of answer gets a timeline row. */
  async recordArchiveConsent(
    manager: EntityManager,
    externalUserId: string,
    userId: string,
    consent: 'agree' | 'disagree' | 'default_agree',
    at: Date,
  ): Promise<void> {
    const existing = await manager.findOneBy(CustomerFollowEntity, { externalUserId, userId });
    if (!existing || existing.archiveConsent === consent) return;
    await manager.update(CustomerFollowEntity, existing.id, {
      archiveConsent: consent,
      archiveConsentAt: at,
    });
    await this.addEvent(manager, externalUserId, userId, {
      kind: CustomerEventKind.ArchiveConsent,
      occurredAt: at,
      detail: { consent },
    });
  }

  async addEvent(
    manager: EntityManager,
    externalUserId: string,
    userId: string | null,
    cause: ChangeCause,
  ): Promise<void> {
    await manager.insert(CustomerEventEntity, {
      externalUserId,
      userId,
      kind: cause.kind,
      detail: cause.detail ?? null,
      occurredAt: cause.occurredAt,
    });
  }

  /** Removes deleted corp tags from every customer (WeCom does the same when a tag is deleted). */
  async dropTags(manager: EntityManager, tagIds: string[]): Promise<void> {
    if (tagIds.length === 0) return;
    await manager.delete(CustomerFollowTagEntity, { tagId: In(tagIds) });
  }

  /**
   * The relation, locked for the rest of the transaction on MySQL, so that a callback and the sync writing
   * the same relation at once decide on what the other committed. SQLite runs one writer at a time anyway.
   */
  private lockedRelation(
    manager: EntityManager,
    externalUserId: string,
    userId: string,
  ): Promise<CustomerFollowEntity | null> {
    return manager.findOne(CustomerFollowEntity, {
      where: { externalUserId, userId },
      ...(dialectOf(manager.connection) === 'mysql' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  private async replaceTags(
    manager: EntityManager,
    externalUserId: string,
    userId: string,
    tagIds: string[],
  ): Promise<void> {
    await manager.delete(CustomerFollowTagEntity, { externalUserId, userId });
    const unique = [...new Set(tagIds)];
    if (unique.length) {
      await manager.insert(
        CustomerFollowTagEntity,
        unique.map((tagId) => ({ externalUserId, userId, tagId })),
      );
    }
  }

  /** Derives status, first-added and lost times, and the search text from the relations. */
  async refreshCustomer(manager: EntityManager, externalUserId: string): Promise<void> {
    const [customer, follows] = await Promise.all([
      manager.findOneBy(CustomerEntity, { externalUserId }),
      manager.findBy(CustomerFollowEntity, { externalUserId }),
    ]);
    if (!customer) return;
    const active = follows.filter((follow) => follow.status === FollowStatus.Active);
    const addedTimes = follows
      .map((follow) => follow.addedAt?.getTime())
      .filter((time): time is number => time !== undefined);
    const endedTimes = follows
      .map((follow) => follow.endedAt?.getTime())
      .filter((time): time is number => time !== undefined);
    const status = active.length > 0 ? CustomerStatus.Active : CustomerStatus.Lost;
    const searchText = [
      customer.name,
      customer.corpName,
      ...follows.flatMap((follow) => [
        follow.remark,
        follow.remarkCorpName,
        follow.remarkMobiles.replace(/,/g, ' '),
      ]),
    ]
      .filter((part): part is string => Boolean(part))
      .join(' ')
      .toLowerCase()
      .slice(0, 512);
    await manager.update(
      CustomerEntity,
      { externalUserId },
      {
        status,
        searchText,
        firstAddedAt: addedTimes.length ? new Date(Math.min(...addedTimes)) : customer.firstAddedAt,
        lostAt:
          status === CustomerStatus.Lost
            ? new Date(endedTimes.length ? Math.max(...endedTimes) : Date.now())
            : null,
      },
    );
  }
}

/** True when Keeper changed the relation after the sync's snapshot was taken: the snapshot is older news. */
function changedSinceSnapshot(existing: CustomerFollowEntity, freshness: Freshness): boolean {
  return (
    'snapshotTakenAt' in freshness &&
    existing.changedAt !== null &&
    existing.changedAt >= freshness.snapshotTakenAt
  );
}

/** A follow relation as `externalcontact/get` (tags with ids) or `batch/get_by_user` (tag_id[]) returns it. */
export function followSnapshotOf(follow: {
  userid: string;
  remark?: string;
  description?: string;
  createtime: number;
  remark_corp_name?: string;
  remark_mobiles?: readonly string[];
  oper_userid?: string;
  add_way?: number;
  state?: string;
  tags?: readonly { tag_id?: string; type: number }[];
  tag_id?: readonly string[];
}): FollowSnapshot {
  const tagIds =
    follow.tag_id ??
    (follow.tags ?? []).filter((tag) => tag.type === 1 && tag.tag_id).map((tag) => tag.tag_id as string);
  return {
    userId: follow.userid,
    remark: follow.remark || null,
    description: follow.description || null,
    remarkMobiles: [...(follow.remark_mobiles ?? [])].filter(Boolean),
    remarkCorpName: follow.remark_corp_name || null,
    addWay: follow.add_way ?? null,
    state: follow.state || null,
    operUserId: follow.oper_userid || null,
    addedAt: follow.createtime ? new Date(follow.createtime * 1000) : null,
    tagIds: [...tagIds],
  };
}

/** The receiver's relation as WeCom makes it on a handover: the handover's remark, phones and channel carried over. */
function carriedFollow(
  handover: CustomerFollowEntity | null,
  to: string,
  at: Date,
): Omit<FollowSnapshot, 'tagIds'> {
  return {
    userId: to,
    remark: handover?.remark ?? null,
    description: handover?.description ?? null,
    remarkMobiles: handover?.remarkMobiles ? handover.remarkMobiles.split(',').filter(Boolean) : [],
    remarkCorpName: handover?.remarkCorpName ?? null,
    addWay: handover?.addWay ?? null,
    state: handover?.state ?? null,
    operUserId: handover?.userId ?? null,
    addedAt: at,
  };
}
