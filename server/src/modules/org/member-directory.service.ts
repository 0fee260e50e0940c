import { MemberStatus } from '@keeper/shared';
import { In, MoreThanOrEqual, type DataSource } from 'typeorm';
import { escapeLike } from '../../db/sql';
import { DepartmentEntity, MemberDepartmentEntity, MemberEntity } from './org.entity';
import { memberInScopeSql, scopeParams } from './scope-sql';

/** Members as other modules show and judge them: names, statuses and departments, looked up in batches. */
export class MemberDirectory {
  constructor(private readonly dataSource: DataSource) {}

  /** The members among `userIds`, with name and status; ids that are no member are absent. */
  async find(userIds: string[]): Promise<Map<string, { name: string; status: MemberStatus }>> {
    const unique = [...new Set(userIds)].filter(Boolean);
    if (unique.length === 0) return new Map();
    const members = await this.dataSource
      .getRepository(MemberEntity)
      .find({ select: { userId: true, name: true, status: true }, where: { userId: In(unique) } });
    return new Map(members.map((member) => [member.userId, { name: member.name, status: member.status }]));
  }

  /**
   * The active members (WeCom userids) of these departments — the list already expanded to sub-trees — or of
   * the whole corp: who can act in WeCom now.
   */
  async activeIn(departments: 'all' | readonly string[]): Promise<string[]> {
    const query = this.dataSource
      .getRepository(MemberEntity)
      .createQueryBuilder('m')
      .select('m.userid', 'userId')
      .where('m.status = :active', { active: MemberStatus.Active });
    if (departments !== 'all') query.andWhere(memberInScopeSql('m.userid'), scopeParams([...departments]));
    return (await query.orderBy('m.userid').getRawMany<{ userId: string }>()).map((row) => row.userId);
  }

  async namesOf(userIds: string[]): Promise<Map<string, string>> {
    return new Map([...(await this.find(userIds))].map(([userId, member]) => [userId, member.name]));
  }

  /** The departments of each member among `userIds` (an empty list for a member in none); others are absent. */
  async departmentsOf(userIds: string[]): Promise<Map<string, string[]>> {
    const members = await this.find(userIds);
    if (members.size === 0) return new Map();
    const links = await this.dataSource
      .getRepository(MemberDepartmentEntity)
      .findBy({ userId: In([...members.keys()]) });
    const departments = new Map([...members.keys()].map((userId) => [userId, [] as string[]]));
    for (const link of links) departments.get(link.userId)?.push(link.departmentId);
    return departments;
  }

  /** Members who left at or after `since`, with when (the departures whose customers may still be handed over). */
  async departedSince(since: Date): Promise<{ userId: string; name: string; departedAt: Date }[]> {
    const members = await this.dataSource.getRepository(MemberEntity).find({
      select: { userId: true, name: true, departedAt: true },
      where: { status: MemberStatus.Departed, departedAt: MoreThanOrEqual(since) },
    });
    return members.flatMap((member) =>
      member.departedAt ? [{ userId: member.userId, name: member.name, departedAt: member.departedAt }] : [],
    );
  }

  /** The names of each member's departments, for showing who someone is. */
  async departmentNamesOf(userIds: string[]): Promise<Map<string, string[]>> {
    const departments = await this.departmentsOf(userIds);
    const ids = [...new Set([...departments.values()].flat())];
    if (ids.length === 0) return new Map([...departments.keys()].map((userId) => [userId, []]));
    const names = new Map(
      (
        await this.dataSource
          .getRepository(DepartmentEntity)
          .find({ select: { id: true, name: true }, where: { id: In(ids) } })
      ).map((department) => [department.id, department.name]),
    );
    return new Map([...departments].map(([userId, list]) => [userId, list.map((id) => names.get(id) ?? id)]));
  }

  /**
   * Each member's main department (WeCom's main_department, else the first of theirs), with its name: where a
   * member's figures are counted when a report adds them up by department, so each member counts once.
   */
  async mainDepartmentsOf(userIds: string[]): Promise<Map<string, { id: string; name: string }>> {
    const unique = [...new Set(userIds)].filter(Boolean);
    if (unique.length === 0) return new Map();
    const members = await this.dataSource
      .getRepository(MemberEntity)
      .find({ select: { userId: true, mainDepartmentId: true }, where: { userId: In(unique) } });
    const departments = await this.departmentsOf(unique);
    const mainOf = new Map(
      members.flatMap((member) => {
        const id = member.mainDepartmentId ?? departments.get(member.userId)?.[0];
        return id ? [[member.userId, id] as const] : [];
      }),
    );
    const ids = [...new Set(mainOf.values())];
    const names = new Map(
      ids.length === 0
        ? []
        : (
            await this.dataSource
              .getRepository(DepartmentEntity)
              .find({ select: { id: true, name: true }, where: { id: In(ids) } })
          ).map((department) => [department.id, department.name]),
    );
    return new Map([...mainOf].map(([userId, id]) => [userId, { id, name: names.get(id) ?? id }]));
  }

  /** Ids whose name contains `text` (at most 1,000): a search within a list kept by id. */
  async idsNamed(text: string): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(MemberEntity)
      .createQueryBuilder('m')
      .select('m.userid', 'id')
      .where('m.name LIKE :name', { name: `%${escapeLike(text)}%` })
      .limit(1_000)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }
}
