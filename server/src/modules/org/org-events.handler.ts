import { WeComError, type ContactUserFields, type WeComClient } from '@keeper/bot';
import { MemberStatus } from '@keeper/shared';
import type { EventHandlers, HandlerContext } from '../inbox/event-handlers';
import { memberFromCallback, memberFromDirectory } from './member-mapping';
import type { MemberEntity } from './org.entity';
import type { MemberPatch, MemberRecord, OrgRepository } from './org.repository';

/** 60111: the UserID does not exist (any more). */
const USER_NOT_FOUND = 60111;

/**
 * change_contact callbacks. Newer callback URLs carry only UserID and Department, and WeCom delivers late and
 * out of order, so a user event is settled by WeCom's current answer (user/get), not by its own content:
 * - WeCom has the member: its record is the truth, whatever the event said.
 * - WeCom no longer has them (60111: they left): the event may fill in the fields it carries, but its status is
 *   stale — a late update_user must not bring back someone who left, nor erase their name or departure time.
 * - Keeper cannot ask (no contact secret): the fields the event carries, and nothing else, change.
 */
export function registerOrgEventHandlers(
  handlers: EventHandlers,
  repository: OrgRepository,
  client: WeComClient | undefined,
): void {
  const settle = async (
    event: ContactUserFields & { createTime: number },
    userId: string,
    context: HandlerContext,
    options: { renamedFrom?: string; created?: boolean } = {},
  ) => {
    const patch = await currentMember(event, userId, options.created === true);
    const at = new Date(event.createTime * 1000);
    await context.commit(async (manager) => {
      if (options.renamedFrom) await repository.renameMember(manager, options.renamedFrom, userId);
      const departed = await repository.patchMember(manager, patch, at);
      if (departed) emitDeparture(context, departed);
    });
  };

  /** The member as WeCom knows them now, or what the event may still say (see above). */
  const currentMember = async (
    event: ContactUserFields,
    userId: string,
    created: boolean,
  ): Promise<MemberPatch> => {
    const told = memberFromCallback(event, userId);
    // Without the API a create_user is itself WeCom's word that the member now exists.
    if (!client) return created ? { status: MemberStatus.Active, ...told } : told;
    try {
      return memberFromDirectory(await client.getUser(userId));
    } catch (error) {
      if (!(error instanceof WeComError) || error.code !== USER_NOT_FOUND) throw error;
      const { status: _stale, ...withoutStatus } = told;
      return withoutStatus;
    }
  };

  handlers
    .on('change_contact.create_user', (event, context) =>
      settle(event, event.userId, context, { created: true }),
    )
    .on('change_contact.update_user', (event, context) =>
      event.newUserId
        ? settle(event, event.newUserId, context, { renamedFrom: event.userId })
        : settle(event, event.userId, context),
    )
    .on('change_contact.delete_user', async (event, context) => {
      const departedAt = new Date(event.createTime * 1000);
      await context.commit(async (manager) => {
        // A departure of someone Keeper has not synced yet still counts: their customers need a new owner.
        if ((await repository.existingUserIds(manager, [event.userId])).length === 0) {
          await repository.upsertMembers(manager, [departedStranger(event.userId)]);
        }
        const gone = await repository.markDeparted(manager, { ids: [event.userId] }, departedAt);
        for (const member of gone) emitDeparture(context, member);
      });
    })
    .on('change_contact.create_party', async (event, context) => {
      const department = await departmentOf(event.id, event.name, event.parentId, event.order);
      await context.commit((manager) => repository.upsertDepartments(manager, [department]));
    })
    .on('change_contact.update_party', async (event, context) => {
      const department = await departmentOf(event.id, event.name, event.parentId, event.order);
      await context.commit((manager) => repository.upsertDepartments(manager, [department]));
    })
    .on('change_contact.delete_party', async (event, context) => {
      await context.commit((manager) =>
        repository.markDepartmentsDeleted(manager, { ids: [String(event.id)] }),
      );
    });

  function emitDeparture(context: HandlerContext, member: MemberEntity): void {
    context.emit('org.member_departed', {
      userId: member.userId,
      name: member.name,
      departedAt: (member.departedAt ?? new Date()).toISOString(),
    });
  }

  function departedStranger(userId: string): MemberRecord {
    return {
      userId,
      name: userId,
      mainDepartmentId: null,
      position: null,
      mobile: null,
      email: null,
      avatar: null,
      gender: null,
      status: MemberStatus.Active,
      departments: [],
    };
  }

  /** Party callbacks may omit the name or parent: fill them from the API. */
  async function departmentOf(
    id: number,
    name: string | undefined,
    parentId: number | undefined,
    order: number | undefined,
  ) {
    if ((name === undefined || parentId === undefined) && client) {
      const listed = (await client.listDepartments(id)).find((department) => department.id === id);
      if (listed) {
        return {
          id: String(id),
          name: listed.name ?? String(id),
          parentId: listed.parentid ? String(listed.parentid) : null,
          order: listed.order ?? 0,
        };
      }
    }
    return {
      id: String(id),
      name: name ?? String(id),
      parentId: parentId ? String(parentId) : null,
      order: order ?? 0,
    };
  }
}
