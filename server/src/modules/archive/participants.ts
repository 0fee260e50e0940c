import type { Participant } from '@keeper/shared';
import type { DataSource } from 'typeorm';
import { CustomerDirectory } from '../customers/customer-directory.service';
import { GroupDirectory } from '../groups/group-directory.service';
import { MemberDirectory } from '../org/member-directory.service';

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
    const [members, customers, rooms] = await Promise.all([
      new MemberDirectory(dataSource).namesOf(unique),
      new CustomerDirectory(dataSource).namesOf(unique),
      new GroupDirectory(dataSource).namesOf([...roomIds]),
    ]);
    return new ParticipantDirectory(members, customers, rooms);
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
