import type { Participant } from '@keeper/shared';
import { In, type DataSource } from 'typeorm';
import { CustomerEntity } from '../customers/customer.entity';
import { CustomerGroupEntity } from '../groups/group.entity';
import { MemberEntity } from '../org/org.entity';

/** Names for the members, customers and group rooms that appear in archived chats, looked up in batches. */
export class ParticipantDirectory {
  private constructor(
    private readonly members: Map<string, string>,
    private readonly customers: Map<string, string>,
    private readonly rooms: Map<string, string>,
  ) {}

  static async load(
    dataSource: DataSource,
    ids: Iterable<string>,
    roomIds: Iterable<string> = [],
  ): Promise<ParticipantDirectory> {
    const unique = [...new Set(ids)].filter(Boolean);
    const rooms = [...new Set(roomIds)].filter(Boolean);
    const [members, customers, groups] = await Promise.all([
      unique.length
        ? dataSource
            .getRepository(MemberEntity)
            .find({ select: { userId: true, name: true }, where: { userId: In(unique) } })
        : [],
      unique.length
        ? dataSource
            .getRepository(CustomerEntity)
            .find({ select: { externalUserId: true, name: true }, where: { externalUserId: In(unique) } })
        : [],
      rooms.length
        ? dataSource
            .getRepository(CustomerGroupEntity)
            .find({ select: { chatId: true, name: true }, where: { chatId: In(rooms) } })
        : [],
    ]);
    return new ParticipantDirectory(
      new Map(members.map((member) => [member.userId, member.name])),
      new Map(customers.map((customer) => [customer.externalUserId, customer.name])),
      new Map(groups.map((group) => [group.chatId, group.name])),
    );
  }

  of(id: string): Participant {
    const member = this.members.get(id);
    if (member !== undefined) return { id, name: member, kind: 'member' };
    const customer = this.customers.get(id);
    if (customer !== undefined) return { id, name: customer, kind: 'customer' };
    return { id, name: id, kind: 'unknown' };
  }

  roomName(roomId: string): string | null {
    return this.rooms.get(roomId) ?? null;
  }
}
