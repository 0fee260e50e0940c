import { WeComError, type WeComClient } from '@keeper/bot';
import { MemberStatus } from '@keeper/shared';
import type { EventHandlers } from '../inbox/event-handlers';
import { memberFromCallback, memberFromDirectory } from './member-mapping';
import type { MemberRecord, OrgRepository } from './org.repository';

/** 60111: the UserID does not exist (any more). */
const USER_NOT_FOUND = 60111;

/**
 * change_contact callbacks. Newer callback URLs carry only UserID and Department, so the member is fetched
 * through the API first; when that fails for a member who no longer exists, the callback's own fields serve.
 */
export function registerOrgEventHandlers(
  handlers: EventHandlers,
  repository: OrgRepository,
  client: WeComClient | undefined,
): void {
  const fetchMember = async (userId: string, fallback: MemberRecord): Promise<MemberRecord> => {
    if (!client) return fallback;
    try {
      return memberFromDirectory(await client.getUser(userId));
    } catch (error) {
      if (error instanceof WeComError && error.code === USER_NOT_FOUND) return fallback;
      throw error;
    }
  };

  handlers
    .on('change_contact.create_user', async (event, context) => {
      const member = await fetchMember(event.userId, memberFromCallback(event, event.userId));
      await context.commit((manager) => repository.upsertMembers(manager, [member]));
    })
    .on('change_contact.update_user', async (event, context) => {
      const userId = event.newUserId ?? event.userId;
      const member = await fetchMember(userId, memberFromCallback(event, userId));
      await context.commit(async (manager) => {
        if (event.newUserId) await repository.renameMember(manager, event.userId, event.newUserId);
        if (member.status === MemberStatus.Departed) {
          await repository.markDeparted(manager, { ids: [userId] }, new Date(event.createTime * 1000));
        } else {
          await repository.upsertMembers(manager, [member]);
        }
      });
    })
    .on('change_contact.delete_user', async (event, context) => {
      const departedAt = new Date(event.createTime * 1000);
      await context.commit(async (manager) => {
        // A departure of someone Keeper has not synced yet still counts: their customers need a new owner.
        if ((await repository.existingUserIds(manager, [event.userId])).length === 0) {
          await repository.upsertMembers(manager, [departedStranger(event.userId)]);
        }
        const gone = await repository.markDeparted(manager, { ids: [event.userId] }, departedAt);
        for (const member of gone) {
          context.emit('org.member_departed', {
            userId: member.userId,
            name: member.name,
            departedAt: departedAt.toISOString(),
          });
        }
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
