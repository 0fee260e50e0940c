import { MemberStatus, type MemberListQuery } from '@keeper/shared';
import { In, IsNull, Not, type DataSource, type EntityManager, type Repository } from 'typeorm';
import { bumpRevision, Revision } from '../../db/revisions';
import { escapeLike } from '../../db/sql';
import { DepartmentEntity, MemberDepartmentEntity, MemberEntity } from './org.entity';
import { memberInScopeSql, scopeParams } from './scope-sql';

export interface MemberRecord {
  userId: string;
  name: string;
  mainDepartmentId: string | null;
  position: string | null;
  mobile: string | null;
  email: string | null;
  avatar: string | null;
  gender: string | null;
  status: MemberStatus;
  departments: { departmentId: string; isLeader: boolean }[];
}

/** Some of a member's fields: what one source actually said. An absent field is unknown and stays as it is. */
export type MemberPatch = Pick<MemberRecord, 'userId'> & Partial<Omit<MemberRecord, 'userId'>>;

export interface DepartmentRecord {
  id: string;
  name: string;
  parentId: string | null;
  order: number;
}

/** Queries over departments, members and their departments. Scope filters live here, not in the UI. */
export class OrgRepository {
  private readonly departments: Repository<DepartmentEntity>;
  private readonly members: Repository<MemberEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.departments = dataSource.getRepository(DepartmentEntity);
    this.members = dataSource.getRepository(MemberEntity);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // ---- writes (inside the caller's transaction) -------------------------------------------------------------

  async upsertDepartments(manager: EntityManager, rows: DepartmentRecord[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.upsert(
      DepartmentEntity,
      rows.map((row) => ({ ...row, deletedAt: null })),
      ['id'],
    );
    await bumpRevision(manager, Revision.Departments);
  }

  /** Marks departments deleted; with `exceptIds`, every live department not in the list. */
  async markDepartmentsDeleted(
    manager: EntityManager,
    selection: { ids?: string[]; exceptIds?: string[] },
  ): Promise<void> {
    const builder = manager
      .createQueryBuilder()
      .update(DepartmentEntity)
      .set({ deletedAt: new Date() })
      .where('deleted_at IS NULL');
    if (selection.ids)
      builder.andWhere('id IN (:...ids)', { ids: selection.ids.length ? selection.ids : [''] });
    if (selection.exceptIds?.length)
      builder.andWhere('id NOT IN (:...except)', { except: selection.exceptIds });
    const { affected } = await builder.execute();
    if (affected !== 0) await bumpRevision(manager, Revision.Departments);
  }

  /** Inserts or updates members and replaces their department memberships. */
  async upsertMembers(manager: EntityManager, records: MemberRecord[]): Promise<void> {
    for (const chunk of chunks(records, 200)) {
      await manager.upsert(
        MemberEntity,
        chunk.map(({ departments: _departments, ...member }) => ({
          ...member,
          departedAt: member.status === MemberStatus.Departed ? new Date() : null,
        })),
        ['userId'],
      );
      const userIds = chunk.map((record) => record.userId);
      await manager.delete(MemberDepartmentEntity, { userId: In(userIds) });
      const links = chunk.flatMap((record) =>
        record.departments.map((link) => ({ userId: record.userId, ...link })),
      );
      if (links.length) await manager.insert(MemberDepartmentEntity, links);
    }
  }

  /**
   * Changes only the fields the patch carries. A status of departed keeps an earlier departure time (else
   * `at`); any other status clears it. A member Keeper does not know yet is recorded only when the patch says
   * what they are (their status): a member of unknown standing is not made up. Returns the member when this
   * patch made them depart.
   */
  async patchMember(manager: EntityManager, patch: MemberPatch, at: Date): Promise<MemberEntity | null> {
    const { userId, departments, status, ...fields } = patch;
    const existing = await manager.findOneBy(MemberEntity, { userId });
    if (!existing && status === undefined) return null;
    const departure =
      status === undefined
        ? {}
        : status === MemberStatus.Departed
          ? { status, departedAt: existing?.departedAt ?? at }
          : { status, departedAt: null };
    if (existing) {
      const changes = { ...fields, ...departure };
      if (Object.keys(changes).length > 0) await manager.update(MemberEntity, { userId }, changes);
    } else {
      await manager.insert(MemberEntity, {
        userId,
        name: fields.name ?? userId,
        mainDepartmentId: fields.mainDepartmentId ?? departments?.[0]?.departmentId ?? null,
        position: fields.position ?? null,
        mobile: fields.mobile ?? null,
        email: fields.email ?? null,
        avatar: fields.avatar ?? null,
        gender: fields.gender ?? null,
        ...departure,
      });
    }
    if (departments) {
      await manager.delete(MemberDepartmentEntity, { userId });
      const links = departments.map((link) => ({ userId, ...link }));
      if (links.length) await manager.insert(MemberDepartmentEntity, links);
    }
    const departed = status === MemberStatus.Departed && existing?.status !== MemberStatus.Departed;
    return departed ? await manager.findOneByOrFail(MemberEntity, { userId }) : null;
  }

  /**
   * Marks members departed (kept, with the time) and returns those whose status changed. With `exceptIds`:
   * every member not departed yet and not in the list.
   */
  async markDeparted(
    manager: EntityManager,
    selection: { ids?: string[]; exceptIds?: string[] },
    at: Date,
  ): Promise<MemberEntity[]> {
    const builder = manager
      .getRepository(MemberEntity)
      .createQueryBuilder('m')
      .where('m.status <> :departed', { departed: MemberStatus.Departed });
    if (selection.ids)
      builder.andWhere('m.userid IN (:...ids)', { ids: selection.ids.length ? selection.ids : [''] });
    if (selection.exceptIds?.length)
      builder.andWhere('m.userid NOT IN (:...except)', { except: selection.exceptIds });
    const leaving = await builder.getMany();
    if (leaving.length === 0) return [];
    await manager.update(
      MemberEntity,
      { userId: In(leaving.map((member) => member.userId)) },
      { status: MemberStatus.Departed, departedAt: at },
    );
    return leaving.map((member) => ({ ...member, status: MemberStatus.Departed, departedAt: at }));
  }

  async existingUserIds(manager: EntityManager, userIds: string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = await manager.find(MemberEntity, {
      select: { userId: true },
      where: { userId: In(userIds) },
    });
    return rows.map((row) => row.userId);
  }

  /** WeCom lets an admin change a UserID once; the member row and its links move with it. */
  async renameMember(manager: EntityManager, oldUserId: string, newUserId: string): Promise<void> {
    if (oldUserId === newUserId || !(await manager.findOneBy(MemberEntity, { userId: oldUserId }))) return;
    await manager.update(MemberEntity, { userId: oldUserId }, { userId: newUserId });
    await manager.update(MemberDepartmentEntity, { userId: oldUserId }, { userId: newUserId });
  }

  // ---- reads ------------------------------------------------------------------------------------------------

  /** The departments each given member belongs to (members without any are absent from the map). */
  async departmentsOfMembers(userIds: string[]): Promise<Map<string, string[]>> {
    const links = userIds.length
      ? await this.dataSource
          .getRepository(MemberDepartmentEntity)
          .findBy({ userId: In([...new Set(userIds)]) })
      : [];
    const byMember = new Map<string, string[]>();
    for (const link of links)
      byMember.set(link.userId, [...(byMember.get(link.userId) ?? []), link.departmentId]);
    return byMember;
  }

  liveDepartments(): Promise<DepartmentEntity[]> {
    return this.departments.find({ where: { deletedAt: IsNull() }, order: { order: 'DESC', id: 'ASC' } });
  }

  async memberCountsByDepartment(): Promise<Map<string, number>> {
    const rows = (await this.dataSource
      .getRepository(MemberDepartmentEntity)
      .createQueryBuilder('md')
      .innerJoin(MemberEntity, 'm', 'm.userid = md.userid AND m.status <> :departed', {
        departed: MemberStatus.Departed,
      })
      .select('md.department_id', 'departmentId')
      .addSelect('COUNT(*)', 'count')
      .groupBy('md.department_id')
      .getRawMany()) as { departmentId: string; count: string | number }[];
    return new Map(rows.map((row) => [row.departmentId, Number(row.count)]));
  }

  async memberCountsByStatus(departmentIds: 'all' | string[]): Promise<Record<MemberStatus, number>> {
    const builder = this.members
      .createQueryBuilder('m')
      .select('m.status', 'status')
      .addSelect('COUNT(*)', 'count');
    this.applyScope(builder, departmentIds);
    const rows = (await builder.groupBy('m.status').getRawMany()) as {
      status: MemberStatus;
      count: string;
    }[];
    const counts: Record<MemberStatus, number> = { active: 0, disabled: 0, inactive: 0, departed: 0 };
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  async listMembers(
    query: MemberListQuery,
    departmentIds: 'all' | string[],
  ): Promise<{ items: (MemberEntity & { departmentIds: string[] })[]; total: number }> {
    const builder = this.members.createQueryBuilder('m');
    this.applyScope(builder, departmentIds);
    if (query.q) {
      builder.andWhere('(m.name LIKE :q OR m.userid LIKE :q OR m.position LIKE :q)', {
        q: `%${escapeLike(query.q)}%`,
      });
    }
    if (query.status) builder.andWhere('m.status = :status', { status: query.status });
    if (query.departmentId) {
      builder.andWhere(
        'EXISTS (SELECT 1 FROM member_departments f WHERE f.userid = m.userid AND f.department_id = :dept)',
        {
          dept: query.departmentId,
        },
      );
    }
    const [page, total] = await builder
      .orderBy('m.name', 'ASC')
      .addOrderBy('m.userid', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    const links = page.length
      ? await this.dataSource
          .getRepository(MemberDepartmentEntity)
          .find({ where: { userId: In(page.map((member) => member.userId)) } })
      : [];
    return {
      items: page.map((member) => ({
        ...member,
        departmentIds: links.filter((link) => link.userId === member.userId).map((link) => link.departmentId),
      })),
      total,
    };
  }

  activeMemberCount(): Promise<number> {
    return this.members.count({ where: { status: Not(MemberStatus.Departed) } });
  }

  /** Members in any of the departments (already expanded to sub-trees); everything for 'all'. */
  private applyScope(
    builder: ReturnType<Repository<MemberEntity>['createQueryBuilder']>,
    departmentIds: 'all' | string[],
  ) {
    if (departmentIds === 'all') return;
    builder.andWhere(memberInScopeSql('m.userid'), scopeParams(departmentIds));
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
