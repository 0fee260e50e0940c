import { Role, type AudienceCount, type Segment } from '@keeper/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeCustomer, writeOrg } from '../../test/audience-fixtures';
import { createTestApp, type TestApp } from '../../test/test-app';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';

const EAST = '2';
const SOUTH = '3';
const SHANGHAI = '4';

type Caller = Awaited<ReturnType<TestApp['signIn']>>;

/** The audience builder's count and saved segments through the API, as marketers of different departments. */
describe('audience count and segments API', () => {
  let db: TestDatabase;
  let sut: TestApp;
  let east: Caller;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    sut = createTestApp(db);
    await writeOrg(db.dataSource, {
      departments: [
        ['1', null],
        [EAST, '1'],
        [SOUTH, '1'],
        [SHANGHAI, EAST],
      ],
      members: [
        ['anna', EAST, 'active'],
        ['alan', SHANGHAI, 'active'],
        ['bob', SOUTH, 'active'],
      ],
    });
    await writeCustomer(db.dataSource, 'c-anna', { relations: [{ owner: 'anna', tags: ['vip'] }] });
    await writeCustomer(db.dataSource, 'c-alan', { relations: [{ owner: 'alan' }] });
    await writeCustomer(db.dataSource, 'c-bob', { relations: [{ owner: 'bob', tags: ['vip'] }] });
    await writeCustomer(db.dataSource, 'c-shared', {
      relations: [{ owner: 'anna' }, { owner: 'bob', tags: ['vip'] }],
    });
    east = await sut.signIn([Role.Marketer], { username: 'east', departmentIds: [EAST] });
  });
  afterAll(() => db.close());

  const send = (caller: Caller, method: 'post' | 'put' | 'delete', path: string, body?: object) =>
    caller.agent[method](path).set('X-CSRF-Token', caller.csrfToken).send(body);
  const count = (caller: Caller, filter: object, ownerPolicy?: object) =>
    send(caller, 'post', '/api/broadcasts/audience/count', {
      filter,
      ...(ownerPolicy ? { ownerPolicy } : {}),
    });
  const segmentBody = (name: string, filter: object = {}) => ({ name, description: '老客户唤醒', filter });

  it('counts live within the marketer’s departments, each customer once', async () => {
    const everyone = (await count(east, {}).expect(200)).body as AudienceCount;
    expect(everyone).toEqual({ customers: 3, merged: 0, senders: 2, tookMs: expect.any(Number) });
    const admin = await sut.signIn([Role.Admin]);
    expect((await count(admin, {}).expect(200)).body).toMatchObject({ customers: 4, merged: 1, senders: 3 });
    // c-shared's VIP tag is on Bob's relation, outside 华东.
    expect(
      (await count(east, { tagConditions: [{ mode: 'any', tagIds: ['vip'] }] }).expect(200)).body,
    ).toMatchObject({ customers: 1 });
  });

  it('refuses owners outside the marketer’s departments, bad input, and callers who may not send', async () => {
    await count(east, { ownerIds: ['bob'] }).expect(403);
    await count(east, { ownerDepartmentIds: [SOUTH] }).expect(403);
    expect((await count(east, { ownerDepartmentIds: [SHANGHAI] }).expect(200)).body).toMatchObject({
      customers: 1,
    });
    await count(east, { silentDays: 0 }).expect(400);
    await count(east, {}, { policy: 'department_first' }).expect(400);
    const auditor = await sut.signIn([Role.Auditor, Role.Manager], { departmentIds: [EAST] });
    await count(auditor, {}).expect(403);
    await auditor.agent.get('/api/broadcasts/segments').expect(403);
  });

  it('saves, lists, changes and deletes a segment with its count', async () => {
    const created = await send(east, 'post', '/api/broadcasts/segments', segmentBody('华东老客户')).expect(
      201,
    );
    const segment = created.body as Segment;
    expect(segment).toMatchObject({
      name: '华东老客户',
      description: '老客户唤醒',
      lastCount: 3,
      createdBy: 'east',
      filter: { ownerIds: [], tagConditions: [] },
    });
    expect((await east.agent.get('/api/broadcasts/segments').expect(200)).body).toEqual([segment]);

    const changed = await send(
      east,
      'put',
      `/api/broadcasts/segments/${segment.id}`,
      segmentBody('华东上海', { ownerDepartmentIds: [SHANGHAI] }),
    ).expect(200);
    expect(changed.body).toMatchObject({
      id: segment.id,
      name: '华东上海',
      lastCount: 1,
      filter: { ownerDepartmentIds: [SHANGHAI] },
    });
    await send(east, 'put', `/api/broadcasts/segments/${segment.id}`, { name: '' }).expect(400);

    await send(east, 'delete', `/api/broadcasts/segments/${segment.id}`).expect(204);
    expect((await east.agent.get('/api/broadcasts/segments').expect(200)).body).toEqual([]);
    await send(east, 'delete', `/api/broadcasts/segments/${segment.id}`).expect(404);
  });

  it('shows a segment only to those whose scope covers the departments it was saved with', async () => {
    const saved = (await send(east, 'post', '/api/broadcasts/segments', segmentBody('华东')).expect(201))
      .body as Segment;
    const south = await sut.signIn([Role.Marketer], { departmentIds: [SOUTH] });
    const shanghai = await sut.signIn([Role.Marketer], { departmentIds: [SHANGHAI] });
    const head = await sut.signIn([Role.Marketer], { departmentIds: ['1'] });
    const admin = await sut.signIn([Role.Admin]);
    const names = async (caller: Caller) =>
      ((await caller.agent.get('/api/broadcasts/segments').expect(200)).body as Segment[]).map((s) => s.name);

    expect(await names(south)).toEqual([]);
    expect(await names(shanghai)).toEqual([]);
    expect(await names(head)).toEqual(['华东']);
    expect(await names(admin)).toEqual(['华东']);
    for (const outsider of [south, shanghai]) {
      await send(outsider, 'put', `/api/broadcasts/segments/${saved.id}`, segmentBody('改了')).expect(404);
      await send(outsider, 'delete', `/api/broadcasts/segments/${saved.id}`).expect(404);
    }
    // Someone covering more may edit it; it stays with 华东, and the count is the editor's.
    const edited = await send(
      head,
      'put',
      `/api/broadcasts/segments/${saved.id}`,
      segmentBody('总部改'),
    ).expect(200);
    expect(edited.body).toMatchObject({ name: '总部改', lastCount: 4 });
    expect(await names(east)).toEqual(['总部改']);

    // A corp-wide segment is for corp-wide viewers only.
    await send(admin, 'post', '/api/broadcasts/segments', segmentBody('全公司')).expect(201);
    expect(await names(east)).toEqual(['总部改']);
    expect((await names(admin)).sort()).toEqual(['全公司', '总部改']);
    await send(east, 'post', '/api/broadcasts/segments', segmentBody('越权', { ownerIds: ['bob'] })).expect(
      403,
    );
  });
});
