import { WeComClient, WeComError, type BatchGetByUserReply } from '@keeper/bot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startHarness, type Harness } from './wecom-harness';

/**
 * Every WeComClient method against the simulator's demo corp, with inputs taken from the simulator's state and
 * replies checked for the fields Keeper reads (protocol.md §§4–8). The tests share one corp and run in order:
 * later ones build on what earlier ones changed, as a real sync would.
 */

/** Records which client methods were called, so the last test can prove the sweep missed none. */
const called = new Set<string>();

function recording(client: WeComClient): WeComClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        called.add(property);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** The public API of WeComClient: every prototype method except the private HTTP helpers. */
function publicMethods(): string[] {
  const privateHelpers = new Set(['constructor', 'get', 'post', 'remove', 'upload', 'findAddedTags']);
  return Object.getOwnPropertyNames(WeComClient.prototype).filter((name) => !privateHelpers.has(name));
}

const SALES = 'LiNa';
const COLLEAGUE = 'WangFang';

describe('WeComClient ⇄ simulator contract (demo corp)', () => {
  let h: Harness;
  let contact: WeComClient;
  let archive: WeComClient;
  let agent: WeComClient;
  const nowSec = (): number => h.sim.state.clock.nowSec();

  beforeAll(async () => {
    h = await startHarness({ sim: { customers: 300 } });
    contact = recording(h.contact);
    archive = recording(h.archive);
    agent = recording(h.agent);
  });
  afterAll(async () => {
    await h.close();
  });

  describe('access token and directory (§1, §8)', () => {
    it('getAccessToken returns the token the simulator issued and the API accepts', async () => {
      const token = await contact.getAccessToken();
      expect(token).toMatch(/^\S{20,512}$/);
      expect(await contact.getAccessToken()).toBe(token);
    });

    it('listDepartments returns the whole tree, with ids, names and parent ids', async () => {
      const departments = await contact.listDepartments();
      const expected = [...h.sim.state.directory.departments.values()];
      expect(departments).toHaveLength(expected.length);
      for (const d of departments) {
        expect(d).toMatchObject({
          id: expect.any(Number),
          name: expect.any(String),
          parentid: expect.any(Number),
        });
        expect(Array.isArray(d.department_leader)).toBe(true);
      }
      const ids = new Set(departments.map((d) => d.id));
      // A tree: every department but the root hangs under a listed one.
      const roots = departments.filter((d) => !ids.has(d.parentid) || d.parentid === d.id);
      expect(roots).toHaveLength(1);
      const subtree = await contact.listDepartments(roots[0]?.id);
      expect(subtree).toHaveLength(departments.length);
    });

    it('listUsers lists the members of a department with status and departments', async () => {
      const sales = h.sim.state.directory.staff.get(SALES);
      const departmentId = sales?.main_department ?? -1;
      const users = await contact.listUsers(departmentId);
      const expected = h.sim.state.directory.membersOf([departmentId]).map((s) => s.userid);
      expect(users.map((u) => u.userid).sort()).toEqual([...expected].sort());
      const lina = users.find((u) => u.userid === SALES);
      expect(lina).toMatchObject({
        name: sales?.name,
        department: expect.arrayContaining([departmentId]),
        main_department: departmentId,
        status: 1,
      });
    });

    it('listUserIds pages through every member with the cursor', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await contact.listUserIds({ cursor, limit: 5 });
        expect(page.dept_user.length).toBeLessThanOrEqual(5);
        for (const row of page.dept_user) {
          expect(row).toEqual({ userid: expect.any(String), department: expect.any(Number) });
          seen.push(row.userid);
        }
        cursor = page.next_cursor || undefined;
        pages += 1;
      } while (cursor !== undefined && pages < 50);
      expect(pages).toBeGreaterThan(1);
      expect(new Set(seen)).toEqual(new Set(h.sim.state.directory.members().map((s) => s.userid)));
    });

    it('getUser returns one member, including disabled and not-activated ones with their status', async () => {
      expect(await contact.getUser(SALES)).toMatchObject({
        userid: SALES,
        status: 1,
        gender: expect.any(String),
      });
      expect((await contact.getUser('XiePeng')).status).toBe(2);
      expect((await contact.getUser('SongJia')).status).toBe(4);
      // The agent app may read the directory too (the bot resolves names with it).
      expect((await agent.getUser(SALES)).userid).toBe(SALES);
    });
  });

  describe('customers (§4)', () => {
    it('listFollowUsers is the active members with customer contact enabled', async () => {
      const followUsers = await contact.listFollowUsers();
      const expected = h.sim.state.directory
        .members()
        .filter((s) => s.externalContactEnabled && s.status === 1)
        .map((s) => s.userid);
      expect([...followUsers].sort()).toEqual([...expected].sort());
      expect(followUsers).not.toContain('XiePeng');
    });

    it('listCustomerIds returns a member’s customers, and [] for a member without any (84061)', async () => {
      const ids = await contact.listCustomerIds(SALES);
      const expected = h.sim.state.customers.followsOfUser(SALES).map((f) => f.external_userid);
      expect([...ids].sort()).toEqual([...expected].sort());
      for (const id of ids) expect(id).toMatch(/^w[mo]/);
      expect(await contact.listCustomerIds('XiePeng')).toEqual([]);
    });

    it('getCustomer returns the contact and every follow user with tags', async () => {
      const shared = h.sim.state.customers
        .allFollows()
        .map((f) => f.external_userid)
        .find((ext) => h.sim.state.customers.followsOfCustomer(ext).length >= 2);
      if (shared === undefined) throw new Error('the demo corp has no customer with two follow users');
      const reply = await contact.getCustomer(shared);
      const expected = h.sim.state.customers.followsOfCustomer(shared);
      expect(reply.external_contact).toMatchObject({
        external_userid: shared,
        name: expect.any(String),
        type: expect.any(Number),
      });
      expect([1, 2]).toContain(reply.external_contact.type);
      expect(reply.follow_user.map((f) => f.userid).sort()).toEqual(expected.map((f) => f.userid).sort());
      for (const follow of reply.follow_user) {
        expect(follow).toMatchObject({ userid: expect.any(String), createtime: expect.any(Number) });
        expect(Array.isArray(follow.tags)).toBe(true);
      }
      expect(reply.next_cursor ?? '').toBe('');
    });

    it('batchGetCustomersByUser pages through all customers of several members; totals match the simulator', async () => {
      const members = [SALES, COLLEAGUE, 'ZhangWei', 'ZhengKai'];
      const expected = members.flatMap((u) =>
        h.sim.state.customers.followsOfUser(u).map((f) => `${u}/${f.external_userid}`),
      );
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page: BatchGetByUserReply = await contact.batchGetCustomersByUser({
          userid_list: members,
          cursor,
          limit: 17,
        });
        expect(page.external_contact_list.length).toBeLessThanOrEqual(17);
        for (const { external_contact: customer, follow_info: follow } of page.external_contact_list) {
          expect(customer).toMatchObject({ external_userid: expect.any(String), name: expect.any(String) });
          expect(follow).toMatchObject({ userid: expect.any(String), createtime: expect.any(Number) });
          expect(Array.isArray(follow.tag_id)).toBe(true);
          seen.push(`${follow.userid}/${customer.external_userid}`);
        }
        cursor = page.next_cursor || undefined;
        pages += 1;
      } while (cursor !== undefined && pages < 100);
      expect(pages).toBeGreaterThan(1);
      expect(seen).toHaveLength(expected.length);
      expect(new Set(seen)).toEqual(new Set(expected));
    });

    it('remarkCustomer changes remark, description and mobiles as getCustomer then shows them', async () => {
      const [ext] = await contact.listCustomerIds(SALES);
      if (ext === undefined) throw new Error(`${SALES} has no customers`);
      await contact.remarkCustomer({
        userid: SALES,
        external_userid: ext,
        remark: '王总（展会）',
        description: '2024 上海展会认识，关注私有化部署',
        remark_company: '客守科技',
        remark_mobiles: ['13800000000'],
      });
      const follow = (await contact.getCustomer(ext)).follow_user.find((f) => f.userid === SALES);
      expect(follow).toMatchObject({
        remark: '王总（展会）',
        description: '2024 上海展会认识，关注私有化部署',
        remark_corp_name: '客守科技',
        remark_mobiles: ['13800000000'],
      });
      const tooLong = await rejection(
        contact.remarkCustomer({ userid: SALES, external_userid: ext, remark: '一'.repeat(21) }),
      );
      expect((tooLong as WeComError).code).toBe(40058);
    });
  });

  describe('corp tags (§4)', () => {
    let groupId = '';
    let tagIds: string[] = [];

    it('listCorpTags returns every group with its tags; filters by group and tag id', async () => {
      const reply = await contact.listCorpTags();
      expect(reply.tag_group.map((g) => g.group_id)).toEqual(h.sim.state.tags.groups.map((g) => g.group_id));
      for (const group of reply.tag_group) {
        expect(group).toMatchObject({
          group_id: expect.stringMatching(/^et/),
          group_name: expect.any(String),
          create_time: expect.any(Number),
          order: expect.any(Number),
        });
        for (const tag of group.tag) {
          expect(tag).toMatchObject({
            id: expect.stringMatching(/^et/),
            name: expect.any(String),
            order: expect.any(Number),
          });
        }
      }
      const first = reply.tag_group[0];
      const byGroup = await contact.listCorpTags({ group_id: [first?.group_id ?? ''] });
      expect(byGroup.tag_group).toHaveLength(1);
      const oneTag = first?.tag[0]?.id ?? '';
      const byTag = await contact.listCorpTags({ tag_id: [oneTag] });
      expect(byTag.tag_group.flatMap((g) => g.tag.map((t) => t.id))).toEqual([oneTag]);
    });

    it('addCorpTag creates a group with tags and returns their ids', async () => {
      const reply = await contact.addCorpTag({
        group_name: '活动签到',
        order: 1,
        tag: [{ name: '2024 春季展' }, { name: '2024 秋季展', order: 2 }],
      });
      groupId = reply.tag_group.group_id;
      tagIds = reply.tag_group.tag.map((t) => t.id);
      expect(reply.tag_group).toMatchObject({ group_name: '活动签到', create_time: expect.any(Number) });
      expect(reply.tag_group.tag.map((t) => t.name)).toEqual(['2024 春季展', '2024 秋季展']);
      expect(tagIds).toHaveLength(2);
      const more = await contact.addCorpTag({ group_id: groupId, tag: [{ name: '2025 春季展' }] });
      expect(more.tag_group.group_id).toBe(groupId);
      tagIds.push(...more.tag_group.tag.map((t) => t.id));
      const duplicate = await rejection(
        contact.addCorpTag({ group_id: groupId, tag: [{ name: '2024 春季展' }] }),
      );
      expect((duplicate as WeComError).code).toBe(40071);
    });

    it('editCorpTag renames a tag and a group', async () => {
      await contact.editCorpTag({ id: tagIds[0] ?? '', name: '2024 春季展（上海）', order: 5 });
      await contact.editCorpTag({ id: groupId, name: '线下活动' });
      const [group] = (await contact.listCorpTags({ group_id: [groupId] })).tag_group;
      expect(group?.group_name).toBe('线下活动');
      expect(group?.tag.find((t) => t.id === tagIds[0])).toMatchObject({
        name: '2024 春季展（上海）',
        order: 5,
      });
    });

    it('markCustomerTags adds and removes tags on one relation, visible in getCustomer and batch', async () => {
      const [ext] = await contact.listCustomerIds(SALES);
      if (ext === undefined) throw new Error(`${SALES} has no customers`);
      await contact.markCustomerTags({ userid: SALES, external_userid: ext, add_tag: tagIds.slice(0, 2) });
      await contact.markCustomerTags({ userid: SALES, external_userid: ext, remove_tag: [tagIds[1] ?? ''] });
      const follow = (await contact.getCustomer(ext)).follow_user.find((f) => f.userid === SALES);
      const ours = follow?.tags?.filter((t) => tagIds.includes(t.tag_id ?? '')) ?? [];
      expect(ours).toEqual([
        { group_name: '线下活动', tag_name: '2024 春季展（上海）', tag_id: tagIds[0], type: 1 },
      ]);
    });

    it('deleteCorpTag removes tags from the list and from every customer', async () => {
      await contact.deleteCorpTag({ tag_id: [tagIds[0] ?? ''] });
      const [ext] = await contact.listCustomerIds(SALES);
      const follow = (await contact.getCustomer(ext ?? '')).follow_user.find((f) => f.userid === SALES);
      expect(follow?.tags?.map((t) => t.tag_id)).not.toContain(tagIds[0]);
      await contact.deleteCorpTag({ group_id: [groupId] });
      const groups = (await contact.listCorpTags()).tag_group.map((g) => g.group_id);
      expect(groups).not.toContain(groupId);
      const gone = await rejection(contact.deleteCorpTag({ tag_id: [tagIds[2] ?? ''] }));
      expect((gone as WeComError).code).toBe(40068);
    });
  });

  describe('contact ways and welcome messages (§4)', () => {
    let configId = '';

    it('addContactWay creates a QR code and getContactWay returns its settings', async () => {
      const reply = await contact.addContactWay({
        type: 1,
        scene: 2,
        remark: '展会易拉宝',
        state: 'expo2024',
        skip_verify: true,
        user: [SALES],
      });
      configId = reply.config_id;
      expect(configId).toEqual(expect.any(String));
      // WeCom's image host; the simulator serves a real PNG on its own.
      expect(reply.qr_code).toMatch(/^https?:\/\/.+\.png$|^https:\/\//);
      const { contact_way: way } = await contact.getContactWay(configId);
      expect(way).toMatchObject({
        config_id: configId,
        type: 1,
        scene: 2,
        remark: '展会易拉宝',
        state: 'expo2024',
        skip_verify: true,
        user: [SALES],
        qr_code: reply.qr_code,
      });
    });

    it('updateContactWay changes fields; listContactWays finds it; deleteContactWay removes it', async () => {
      await contact.updateContactWay({
        config_id: configId,
        remark: '展会易拉宝（二期）',
        state: 'expo2024b',
      });
      expect((await contact.getContactWay(configId)).contact_way).toMatchObject({
        remark: '展会易拉宝（二期）',
        state: 'expo2024b',
        user: [SALES],
      });
      const listed = await contact.listContactWays({ limit: 100 });
      const ids = listed.contact_way.map((w) => w.config_id);
      expect(ids).toContain(configId);
      // Without a window WeCom lists the last 90 days only: the demo corp's 200-day-old code needs its own window.
      expect(ids).not.toContain('demo-website-qr');
      const day = 86_400;
      const older = await contact.listContactWays({
        start_time: nowSec() - 300 * day,
        end_time: nowSec() - 100 * day,
      });
      expect(older.contact_way.map((w) => w.config_id)).toEqual(['demo-website-qr']);
      await contact.deleteContactWay(configId);
      expect((await contact.listContactWays()).contact_way.map((w) => w.config_id)).not.toContain(configId);
      const gone = await rejection(contact.getContactWay(configId));
      expect(gone).toBeInstanceOf(WeComError);
    });

    it('sendWelcomeMessage with the welcome code of a new contact; the code works once', async () => {
      const added = h.sim.control.scenarios.addContact({ userid: SALES, state: 'expo2024' });
      expect(added.welcome_code).toEqual(expect.any(String));
      const code = added.welcome_code ?? '';
      await contact.sendWelcomeMessage({
        welcome_code: code,
        text: { content: '您好，我是客守的李娜，很高兴认识您！' },
        attachments: [{ msgtype: 'link', link: { title: '产品手册', url: 'https://example.com/handbook' } }],
      });
      const sent = h.sim.state.sentWelcomes.find((w) => w.welcome_code === code);
      expect(sent).toMatchObject({
        userid: SALES,
        external_userid: added.external_userid,
        text: { content: '您好，我是客守的李娜，很高兴认识您！' },
      });
      expect(sent?.attachments).toHaveLength(1);
      const again = await rejection(
        contact.sendWelcomeMessage({ welcome_code: code, text: { content: 'hi' } }),
      );
      expect((again as WeComError).code).toBe(41096);
      // The new customer is a customer like any other now.
      expect(await contact.listCustomerIds(SALES)).toContain(added.external_userid);
    });

    it('sendWelcomeMessage after the 20 s code lifetime fails with 41050 and its hint', async () => {
      const added = h.sim.control.scenarios.addContact({ userid: SALES });
      h.sim.control.advanceClock(21);
      const error = await rejection(
        contact.sendWelcomeMessage({ welcome_code: added.welcome_code ?? '', text: { content: 'hi' } }),
      );
      expect((error as WeComError).code).toBe(41050);
      expect((error as WeComError).hint).toMatch(/20 seconds/);
    });
  });

  describe('customer groups (§4)', () => {
    it('listGroupChats pages through every group; getGroupChat returns owner and members', async () => {
      const first = await contact.listGroupChats({ limit: 2 });
      expect(first.group_chat_list).toHaveLength(2);
      expect(first.next_cursor).toBeTruthy();
      const rest = await contact.listGroupChats({ limit: 1000, cursor: first.next_cursor });
      const all = [...first.group_chat_list, ...rest.group_chat_list];
      expect(all.map((g) => g.chat_id).sort()).toEqual([...h.sim.state.groups.keys()].sort());
      for (const g of all) expect(g).toEqual({ chat_id: expect.stringMatching(/^wr/), status: 0 });

      const chatId = all[0]?.chat_id ?? '';
      const expected = h.sim.state.groups.get(chatId);
      const { group_chat: group } = await contact.getGroupChat({ chat_id: chatId, need_name: 1 });
      expect(group).toMatchObject({
        chat_id: chatId,
        name: expected?.name,
        owner: expected?.owner,
        create_time: expect.any(Number),
      });
      expect(group.member_list).toHaveLength(expected?.members.length ?? -1);
      for (const m of group.member_list) {
        expect([1, 2]).toContain(m.type);
        expect(m).toMatchObject({
          userid: expect.any(String),
          join_time: expect.any(Number),
          name: expect.any(String),
        });
      }
      expect(group.member_list.filter((m) => m.type === 1).map((m) => m.userid)).toContain(group.owner);
    });
  });

  describe('transfers (§5)', () => {
    it('on-duty: transferOnJobCustomers starts, getOnJobTransferResult waits (2), then done (1)', async () => {
      const customers = (await contact.listCustomerIds('YangLei')).slice(0, 3);
      const reply = await contact.transferOnJobCustomers({
        handover_userid: 'YangLei',
        takeover_userid: COLLEAGUE,
        external_userid: [...customers, 'wmNoSuchCustomer000000000000AAAA'],
        transfer_success_msg: '您好，您的服务顾问已变更为王芳',
      });
      expect(reply.customer).toEqual([
        ...customers.map((ext) => ({ external_userid: ext, errcode: 0 })),
        { external_userid: 'wmNoSuchCustomer000000000000AAAA', errcode: 40096 },
      ]);
      const waiting = await contact.getOnJobTransferResult({
        handover_userid: 'YangLei',
        takeover_userid: COLLEAGUE,
      });
      expect(waiting.customer.map((c) => [c.external_userid, c.status])).toEqual(
        customers.map((ext) => [ext, 2]),
      );

      expect(h.sim.control.completeTransfers().completed).toBeGreaterThanOrEqual(customers.length);
      const done = await contact.getOnJobTransferResult({
        handover_userid: 'YangLei',
        takeover_userid: COLLEAGUE,
      });
      for (const c of done.customer)
        expect(c).toMatchObject({ status: 1, takeover_time: expect.any(Number) });
      expect(done.customer.every((c) => (c.takeover_time ?? 0) > 0)).toBe(true);
      const colleague = await contact.listCustomerIds(COLLEAGUE);
      for (const ext of customers) expect(colleague).toContain(ext);
      expect(await contact.listCustomerIds('YangLei')).not.toContain(customers[0]);
    });

    it('on-duty transfer of the same customer a third time within 90 days: 40128 per customer', async () => {
      const [ext] = await contact.listCustomerIds(COLLEAGUE);
      const id = ext ?? '';
      const hop = (from: string, to: string) =>
        contact.transferOnJobCustomers({ handover_userid: from, takeover_userid: to, external_userid: [id] });
      expect((await hop(COLLEAGUE, 'ZhangWei')).customer[0]?.errcode).toBe(0);
      h.sim.control.completeTransfers();
      expect((await hop('ZhangWei', COLLEAGUE)).customer[0]?.errcode).toBe(0);
      h.sim.control.completeTransfers();
      expect((await hop(COLLEAGUE, 'ZhangWei')).customer[0]?.errcode).toBe(40128);
    });

    it('departed member: unassigned list, resigned transfer and result, group transfer', async () => {
      const leaver = 'LiuYang';
      const customers = h.sim.state.customers.followsOfUser(leaver).map((f) => f.external_userid);
      const notYet = await rejection(
        contact.transferResignedCustomers({
          handover_userid: leaver,
          takeover_userid: SALES,
          external_userid: customers.slice(0, 1),
        }),
      );
      expect((notYet as WeComError).code).toBe(40097);
      expect((notYet as WeComError).hint).toMatch(/has not left/);

      const { unassigned } = h.sim.control.scenarios.memberLeaves({ userid: leaver });
      expect(unassigned).toBe(customers.length);

      // Page through the unassigned list like a sync would.
      const rows: { handover_userid: string; external_userid: string; dimission_time: number }[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 50; pages += 1) {
        const page = await contact.listUnassignedCustomers({ cursor, page_size: 7 });
        rows.push(...page.info);
        if (page.is_last) break;
        expect(page.next_cursor).toBeTruthy();
        cursor = page.next_cursor;
      }
      const mine = rows.filter((r) => r.handover_userid === leaver);
      expect(mine.map((r) => r.external_userid).sort()).toEqual([...customers].sort());
      for (const r of mine) expect(r.dimission_time).toBeGreaterThan(0);

      const batch = customers.slice(0, 5);
      const reply = await contact.transferResignedCustomers({
        handover_userid: leaver,
        takeover_userid: SALES,
        external_userid: batch,
      });
      expect(reply.customer).toEqual(batch.map((ext) => ({ external_userid: ext, errcode: 0 })));
      const waiting = await contact.getResignedTransferResult({
        handover_userid: leaver,
        takeover_userid: SALES,
      });
      expect(waiting.customer.map((c) => c.status)).toEqual(batch.map(() => 2));
      h.sim.control.advanceClock(86_400);
      const done = await contact.getResignedTransferResult({
        handover_userid: leaver,
        takeover_userid: SALES,
      });
      expect(done.customer.map((c) => c.status)).toEqual(batch.map(() => 1));
      const left = (await contact.listUnassignedCustomers()).info.filter((r) => r.handover_userid === leaver);
      expect(left).toHaveLength(customers.length - batch.length);

      // Their group now waits for a new owner (status 1) and moves with groupchat/transfer.
      const pending = await contact.listGroupChats({ limit: 100, status_filter: 1 });
      const chatIds = pending.group_chat_list.map((g) => g.chat_id);
      const owned = [...h.sim.state.groups.values()].filter((g) => g.owner === leaver).map((g) => g.chat_id);
      expect(chatIds.sort()).toEqual(owned.sort());
      const moved = await contact.transferResignedGroupChats({ chat_id_list: chatIds, new_owner: SALES });
      expect(moved.failed_chat_list ?? []).toEqual([]);
      for (const chatId of chatIds) {
        expect((await contact.getGroupChat({ chat_id: chatId })).group_chat.owner).toBe(SALES);
      }
      const after = await contact.listGroupChats({ limit: 100, status_filter: 3 });
      expect(after.group_chat_list.map((g) => g.chat_id)).toEqual(expect.arrayContaining(chatIds));
    });

    it('transferOnJobGroupChats moves a group of a present owner; a departed owner’s group fails per chat', async () => {
      const own = [...h.sim.state.groups.values()].find((g) => g.owner === COLLEAGUE);
      if (own === undefined) throw new Error(`${COLLEAGUE} owns no group`);
      const reply = await contact.transferOnJobGroupChats({
        chat_id_list: [own.chat_id],
        new_owner: 'ChenJing',
      });
      expect(reply.failed_chat_list ?? []).toEqual([]);
      expect((await contact.getGroupChat({ chat_id: own.chat_id })).group_chat.owner).toBe('ChenJing');

      const unknown = await contact.transferOnJobGroupChats({
        chat_id_list: ['wrNoSuchGroup0000000000000AAAA'],
        new_owner: 'ChenJing',
      });
      expect(unknown.failed_chat_list).toEqual([
        {
          chat_id: 'wrNoSuchGroup0000000000000AAAA',
          errcode: expect.any(Number),
          errmsg: expect.any(String),
        },
      ]);
    });
  });

  describe('mass reachout (§6)', () => {
    let msgid = '';
    let targets: string[] = [];

    it('addMessageTemplate creates a task; unreachable customers come back in fail_list', async () => {
      targets = (await contact.listCustomerIds(SALES)).slice(0, 3);
      const stranger = 'wmNotACustomerOfTheCorp0000AAAA';
      const reply = await contact.addMessageTemplate({
        chat_type: 'single',
        sender: SALES,
        external_userid: [...targets, stranger],
        text: { content: '双十一活动：老客户专享八折' },
        attachments: [{ msgtype: 'link', link: { title: '活动详情', url: 'https://example.com/1111' } }],
      });
      msgid = reply.msgid;
      expect(msgid).toEqual(expect.any(String));
      expect(reply.fail_list).toEqual([stranger]);
    });

    it('listGroupMessages finds it in the time window with creator and content', async () => {
      const now = nowSec();
      const reply = await contact.listGroupMessages({
        chat_type: 'single',
        start_time: now - 3600,
        end_time: now + 60,
        creator: SALES,
      });
      const found = reply.group_msg_list.find((m) => m.msgid === msgid);
      expect(found).toMatchObject({
        creator: SALES,
        create_type: 0,
        text: { content: '双十一活动：老客户专享八折' },
      });
      // WeCom sends create_time as a string here; the client type allows both.
      expect(Number(found?.create_time)).toBeGreaterThan(now - 3600);
    });

    it('getGroupMessageTasks / getGroupMessageSendResult before and after the sender confirms', async () => {
      const before = await contact.getGroupMessageTasks({ msgid });
      expect(before.task_list).toEqual([{ userid: SALES, status: 0, send_time: 0 }]);
      const unsent = await contact.getGroupMessageSendResult({ msgid, userid: SALES });
      expect(unsent.send_list.map((r) => [r.external_userid, r.status])).toEqual(targets.map((t) => [t, 0]));

      await contact.remindGroupMessage(msgid);

      expect(h.sim.control.scenarios.confirmMassMessage({ msgid }).sent).toBe(targets.length);
      const after = await contact.getGroupMessageTasks({ msgid });
      expect(after.task_list[0]).toMatchObject({ userid: SALES, status: 2 });
      expect(after.task_list[0]?.send_time).toBeGreaterThan(0);
      const sent = await contact.getGroupMessageSendResult({ msgid, userid: SALES, limit: 2 });
      expect(sent.send_list).toHaveLength(2);
      expect(sent.next_cursor).toBeTruthy();
      const rest = await contact.getGroupMessageSendResult({
        msgid,
        userid: SALES,
        cursor: sent.next_cursor,
      });
      const all = [...sent.send_list, ...rest.send_list];
      expect(all.map((r) => r.external_userid)).toEqual(targets);
      for (const r of all)
        expect(r).toMatchObject({ userid: SALES, status: 1, send_time: expect.any(Number) });
    });

    it('remindGroupMessage at most 3 times a day (41094); cancelGroupMessage once (then 41093)', async () => {
      await contact.remindGroupMessage(msgid);
      await contact.remindGroupMessage(msgid);
      const fourth = await rejection(contact.remindGroupMessage(msgid));
      expect((fourth as WeComError).code).toBe(41094);

      const group = await contact.addMessageTemplate({
        chat_type: 'group',
        sender: 'ChenJing',
        text: { content: '群发通知：本周五系统维护' },
      });
      await contact.cancelGroupMessage(group.msgid);
      const twice = await rejection(contact.cancelGroupMessage(group.msgid));
      expect((twice as WeComError).code).toBe(41093);
    });
  });

  describe('media (§13)', () => {
    /** A PNG's signature and some bytes: WeCom goes by size and name. */
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 7)]);

    it('uploadMedia gives a media_id for three days that media/get serves and a mass message takes', async () => {
      const reply = await contact.uploadMedia('image', {
        fileName: '新品海报.png',
        contentType: 'image/png',
        data: png,
      });
      expect(reply).toMatchObject({
        type: 'image',
        media_id: expect.any(String),
        created_at: String(nowSec()),
      });
      const token = await contact.getAccessToken();
      const file = await fetch(
        `${h.sim.url}/cgi-bin/media/get?access_token=${token}&media_id=${reply.media_id}`,
      );
      expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
      expect(file.headers.get('content-disposition')).toContain(encodeURIComponent('新品海报.png'));
      const [customer] = await contact.listCustomerIds(SALES);
      const sent = await contact.addMessageTemplate({
        sender: SALES,
        external_userid: [customer ?? ''],
        attachments: [{ msgtype: 'image', image: { media_id: reply.media_id } }],
      });
      expect(sent.msgid).toEqual(expect.any(String));

      const wrong = await rejection(
        contact.uploadMedia('image', { fileName: 'poster.gif', contentType: 'image/gif', data: png }),
      );
      expect((wrong as WeComError).code).toBe(40123);
    });

    it('uploadImage gives a permanent URL serving the image', async () => {
      const reply = await contact.uploadImage({ fileName: 'cover.png', contentType: 'image/png', data: png });
      expect(reply.url).toContain(h.sim.url);
      expect(Buffer.from(await (await fetch(reply.url)).arrayBuffer()).equals(png)).toBe(true);
    });
  });

  describe('chat archive (§7.4, archive secret)', () => {
    it('listArchivePermitUsers lists the archived members', async () => {
      const ids = await archive.listArchivePermitUsers();
      const expected = [...h.sim.state.permitUsers].filter((u) => h.sim.state.directory.member(u));
      expect([...ids].sort()).toEqual(expected.sort());
    });

    it('checkSingleChatAgreement reports Agree after consent and Default_Agree otherwise', async () => {
      const [agreed, untouched] = await contact.listCustomerIds(SALES);
      h.sim.control.scenarios.msgAuditApproved({ userid: SALES, external_userid: agreed ?? '' });
      const reply = await archive.checkSingleChatAgreement({
        info: [
          { userid: SALES, exteranalopenid: agreed ?? '' },
          { userid: SALES, exteranalopenid: untouched ?? '' },
        ],
      });
      expect(reply.agreeinfo).toEqual([
        {
          userid: SALES,
          exteranalopenid: agreed,
          agree_status: 'Agree',
          status_change_time: expect.any(Number),
        },
        { userid: SALES, exteranalopenid: untouched, agree_status: 'Default_Agree', status_change_time: 0 },
      ]);
      expect(reply.agreeinfo[0]?.status_change_time).toBeGreaterThan(0);
    });

    it('checkRoomAgreement and getArchiveRoom describe a group by roomid', async () => {
      const group = [...h.sim.state.groups.values()][0];
      if (group === undefined) throw new Error('the demo corp has no group');
      const agree = await archive.checkRoomAgreement(group.chat_id);
      const customers = group.members.filter((m) => m.type === 2).map((m) => m.userid);
      expect(agree.agreeinfo.map((a) => a.exteranalopenid)).toEqual(customers);
      for (const a of agree.agreeinfo)
        expect(['Agree', 'Disagree', 'Default_Agree']).toContain(a.agree_status);

      const room = await archive.getArchiveRoom(group.chat_id);
      expect(room).toMatchObject({
        roomname: group.name,
        creator: group.owner,
        room_create_time: group.create_time,
      });
      expect(room.members.map((m) => m.memberid)).toEqual(group.members.map((m) => m.userid));
      for (const m of room.members) expect(m.jointime).toEqual(expect.any(Number));
    });
  });

  describe('app messages and login (§8, agent secret)', () => {
    it('sendMessage delivers to valid members, reports invalid ones; recallMessage recalls it', async () => {
      const reply = await agent.sendMessage({
        touser: `${SALES}|NoSuchMember`,
        msgtype: 'textcard',
        textcard: {
          title: '新客户分配',
          description: '客户 王总 已分配给您',
          url: 'https://example.com/c/1',
        },
      });
      expect(reply.msgid).toEqual(expect.any(String));
      expect(reply.invaliduser).toBe('NoSuchMember');
      const sent = h.sim.state.outbox.find((m) => m.msgid === reply.msgid);
      expect(sent).toMatchObject({ agentid: h.sim.config.agentId, msgtype: 'textcard', touser: [SALES] });

      await agent.recallMessage(reply.msgid);
      expect(h.sim.state.outbox.find((m) => m.msgid === reply.msgid)?.recalled).toBe(true);

      const nobody = await rejection(
        agent.sendMessage({ touser: 'NoSuchMember', msgtype: 'text', text: { content: 'x' } }),
      );
      expect((nobody as WeComError).code).toBe(81013);
      // Which recipients were refused comes with the error, so Keeper can name them.
      expect((nobody as WeComError).details).toMatchObject({ invaliduser: 'NoSuchMember' });
    });

    it('sendMessage without an agentId is refused before any request', async () => {
      const before = h.wire.count('/cgi-bin/message/send');
      await expect(
        contact.sendMessage({ touser: SALES, msgtype: 'text', text: { content: 'x' } }),
      ).rejects.toThrow(TypeError);
      expect(h.wire.count('/cgi-bin/message/send')).toBe(before);
    });

    it('getUserInfoByCode resolves a member and a customer; a used code fails with 40029', async () => {
      const { code } = h.sim.control.scenarios.issueOauthCode({ userid: SALES });
      const member = await agent.getUserInfoByCode(code);
      expect(member.userid).toBe(SALES);
      expect(member.openid).toBeUndefined();

      const [ext] = await contact.listCustomerIds(SALES);
      const customer = await agent.getUserInfoByCode(
        h.sim.control.scenarios.issueOauthCode({ external_userid: ext ?? '' }).code,
      );
      expect(customer).toMatchObject({ external_userid: ext, openid: expect.any(String) });
      expect(customer.userid).toBeUndefined();

      const reused = await rejection(agent.getUserInfoByCode(code));
      expect((reused as WeComError).code).toBe(40029);
      expect((reused as WeComError).hint).toMatch(/single-use/);
    });
  });

  it('the sweep called every public WeComClient method', () => {
    expect([...called].sort()).toEqual(publicMethods().sort());
  });
});
