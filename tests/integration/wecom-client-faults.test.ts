import { WeComClient, WeComError, WeComHttp, WeComNetworkError } from '@keeper/bot';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { delay, FAST_RETRY, rejection, startHarness, type Harness } from './wecom-harness';

/**
 * The bot's WeCom client against the simulator under every fault the simulator can inject: what a Keeper user
 * would notice is whether a call eventually succeeds, how often WeCom was hit, and what the error says.
 */

const GETTOKEN = '/cgi-bin/gettoken';
const USER_GET = '/cgi-bin/user/get';
const FOLLOW_USERS = '/cgi-bin/externalcontact/get_follow_user_list';
const BATCH_GET = '/cgi-bin/externalcontact/batch/get_by_user';

/** A member of the demo corp with customers (the README names her). */
const MEMBER = 'LiNa';

/** What a leaked token or secret would look like anywhere in an error a caller might log. */
function everythingPrintable(error: unknown): string {
  const e = error as Error;
  return [e.message, e.stack ?? '', JSON.stringify(error), String(error)].join('\n');
}

/** The fault's remaining count: the simulator's own count of how many calls it saw. */
function remainingErrors(h: Harness): number[] {
  return h.sim.control.faults.snapshot().errors.map((fault) => fault.remaining);
}

describe('WeComClient under simulator faults', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ http: { timeoutMs: 300 } });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    // Every test starts with live tokens for all three apps, a quiet wire log and no faults, like a long-running
    // process. A real call per app (not just the cache) renews a token an earlier test expired in the simulator.
    h.sim.control.faults.clear();
    await h.contact.getUser(MEMBER);
    await h.agent.getUser(MEMBER);
    await h.archive.listArchivePermitUsers();
    h.wire.clear();
  });
  afterEach(() => {
    h.sim.control.faults.clear();
  });

  describe('access token', () => {
    it('renews an expired token once (42001) and the call succeeds', async () => {
      const before = await h.contact.getAccessToken();
      const { expired } = h.sim.control.faults.expireTokens();
      expect(expired).toBeGreaterThan(0);

      const user = await h.contact.getUser(MEMBER);

      expect(user.userid).toBe(MEMBER);
      expect(h.wire.count(GETTOKEN)).toBe(1);
      expect(h.wire.count(USER_GET)).toBe(2);
      const [first, second] = h.wire.calls.filter((call) => call.path === USER_GET);
      expect(first?.token).toBe(before);
      expect(second?.token).not.toBe(before);
      expect(await h.contact.getAccessToken()).toBe(second?.token);
    });

    it('renews once when the token ran out on WeCom’s clock (2 h later) before the client’s margin', async () => {
      const before = await h.contact.getAccessToken();
      h.sim.control.advanceClock(7200);
      expect((await h.contact.listFollowUsers()).length).toBeGreaterThan(0);
      expect(h.wire.count(GETTOKEN)).toBe(1);
      expect(h.wire.count(FOLLOW_USERS)).toBe(2);
      expect(await h.contact.getAccessToken()).not.toBe(before);
    });

    it('reuses the cached token across calls: gettoken is not called per request', async () => {
      await h.contact.getUser(MEMBER);
      await h.contact.listFollowUsers();
      await h.contact.listDepartments();
      expect(h.wire.count(GETTOKEN)).toBe(0);
      expect(h.wire.tokensSent()).toHaveLength(1);
    });

    it('shares one token fetch between concurrent callers after expiry', async () => {
      h.sim.control.faults.expireTokens();
      const users = await Promise.all(
        [MEMBER, 'WangFang', MEMBER, 'WangFang'].map((u) => h.contact.getUser(u)),
      );
      expect(users.map((u) => u.userid)).toEqual([MEMBER, 'WangFang', MEMBER, 'WangFang']);
      // Each caller may see 42001 once, but the new token is fetched once for all of them.
      expect(h.wire.count(GETTOKEN)).toBe(1);
    });

    it('gives up after one renewal when the new token is rejected too', async () => {
      // 42001 twice: the renewal is not a loop, the second rejection is the caller's error.
      h.sim.control.faults.error(42001, 2, 'user/get');
      const error = await rejection(h.contact.getUser(MEMBER));
      expect(error).toBeInstanceOf(WeComError);
      expect((error as WeComError).code).toBe(42001);
      expect(h.wire.count(USER_GET)).toBe(2);
      expect(h.wire.count(GETTOKEN)).toBe(1);
    });

    it('keeps one token per secret: contact, archive and agent tokens differ', async () => {
      const tokens = await Promise.all([h.contact, h.archive, h.agent].map((c) => c.getAccessToken()));
      expect(new Set(tokens).size).toBe(3);
      // A token of another app is rejected by the simulator as WeCom would (48002), not silently accepted.
      const error = await rejection(h.archive.getUser(MEMBER));
      expect((error as WeComError).code).toBe(48002);
    });
  });

  describe('rejections WeCom asks us to retry (-1, 45009, 45033)', () => {
    it('45009 for the next 2 calls: succeeds on the 3rd attempt', async () => {
      h.sim.control.faults.error(45009, 2, 'externalcontact/get_follow_user_list');
      const followUsers = await h.contact.listFollowUsers();
      expect(followUsers).toContain(MEMBER);
      expect(h.wire.count(FOLLOW_USERS)).toBe(3);
      expect(remainingErrors(h)).toEqual([]);
    });

    it('45009 for the next 5 calls: WeComError 45009 after maxAttempts, with path, hint and no token', async () => {
      h.sim.control.faults.error(45009, 5, 'externalcontact/get_follow_user_list');
      const token = await h.contact.getAccessToken();

      const error = await rejection(h.contact.listFollowUsers());

      expect(error).toBeInstanceOf(WeComError);
      const e = error as WeComError;
      expect(e.code).toBe(45009);
      expect(e.path).toBe(FOLLOW_USERS);
      expect(e.message).toContain(FOLLOW_USERS);
      expect(e.message).toContain('45009');
      expect(e.hint).toMatch(/rate limit/i);
      expect(e.errmsg).toContain('api freq out of limit');
      // 3 attempts (the policy's maxAttempts) and not one more: the simulator still holds 2 of the 5 faults.
      expect(h.wire.count(FOLLOW_USERS)).toBe(3);
      expect(remainingErrors(h)).toEqual([2]);
      expect(everythingPrintable(error)).not.toContain(token);
      expect(everythingPrintable(error)).not.toContain(h.credentials.contact.secret);
      expect(JSON.parse(JSON.stringify(error))).toMatchObject({ code: 45009, path: FOLLOW_USERS });
    });

    it('a real per-API limit (not an injected fault) blocks until the window ends, then calls pass again', async () => {
      h.sim.control.setLimits({ perPath: { 'externalcontact/list': { perMinute: 2 } } });
      try {
        await h.contact.listCustomerIds(MEMBER);
        await h.contact.listCustomerIds(MEMBER);
        const error = await rejection(h.contact.listCustomerIds(MEMBER));
        expect((error as WeComError).code).toBe(45009);
        // The retries did not help: the block lasts the whole window.
        expect(h.wire.count('/cgi-bin/externalcontact/list')).toBe(2 + 3);
        h.sim.control.advanceClock(60);
        expect((await h.contact.listCustomerIds(MEMBER)).length).toBeGreaterThan(0);
      } finally {
        h.sim.control.setLimits({ perPath: {} });
      }
    });

    it('-1 (system busy) once, then success', async () => {
      h.sim.control.faults.error(-1, 1, 'user/get');
      const user = await h.contact.getUser(MEMBER);
      expect(user).toMatchObject({ userid: MEMBER, name: expect.any(String) });
      expect(h.wire.count(USER_GET)).toBe(2);
    });

    it('45033 (too many concurrent calls) once, then success', async () => {
      h.sim.control.faults.error(45033, 1, 'user/get');
      const user = await h.contact.getUser(MEMBER);
      expect(user.userid).toBe(MEMBER);
      expect(h.wire.count(USER_GET)).toBe(2);
    });

    it('retries a rejected non-idempotent call too (WeCom did not do it): one transfer is started', async () => {
      const [ext] = await h.contact.listCustomerIds(MEMBER);
      if (ext === undefined) throw new Error(`${MEMBER} has no customers in the demo corp`);
      const before = h.sim.state.transfers.length;
      h.sim.control.faults.error(45033, 1, 'externalcontact/transfer_customer');

      const reply = await h.contact.transferOnJobCustomers({
        handover_userid: MEMBER,
        takeover_userid: 'WangFang',
        external_userid: [ext],
      });

      expect(reply.customer).toEqual([{ external_userid: ext, errcode: 0 }]);
      expect(h.wire.count('/cgi-bin/externalcontact/transfer_customer')).toBe(2);
      expect(h.sim.state.transfers.length).toBe(before + 1);
    });

    it('-1 on gettoken itself is retried as well', async () => {
      h.sim.control.faults.expireTokens();
      h.sim.control.faults.error(-1, 1, 'gettoken');
      const user = await h.contact.getUser(MEMBER);
      expect(user.userid).toBe(MEMBER);
      expect(h.wire.count(GETTOKEN)).toBe(2);
    });

    it('does not retry business errors: 60111 unknown userid fails after one call', async () => {
      const error = await rejection(h.contact.getUser('NoSuchMember'));
      expect((error as WeComError).code).toBe(60111);
      expect((error as WeComError).hint).toMatch(/does not exist/);
      expect(h.wire.count(USER_GET)).toBe(1);
    });
  });

  describe('slow and lost responses', () => {
    // The harness's client times out after 300 ms; these delays are well past it.
    const SLOW_MS = 700;

    it('retries an idempotent GET that timed out and returns the answer of the next attempt', async () => {
      h.sim.control.faults.delay(SLOW_MS, 1, 'user/get');
      const user = await h.contact.getUser(MEMBER);
      expect(user.userid).toBe(MEMBER);
      expect(h.wire.count(USER_GET)).toBe(2);
    });

    it("fails with WeComNetworkError kind 'timeout' when every attempt is slow", async () => {
      h.sim.control.faults.delay(SLOW_MS, 4, 'user/get');
      const started = Date.now();
      const error = await rejection(h.contact.getUser(MEMBER));
      expect(error).toBeInstanceOf(WeComNetworkError);
      const e = error as WeComNetworkError;
      expect(e.kind).toBe('timeout');
      expect(e.path).toBe(USER_GET);
      expect(e.maybeProcessed).toBe(true);
      expect(h.wire.count(USER_GET)).toBe(3);
      expect(h.sim.control.faults.snapshot().delays.map((d) => d.remaining)).toEqual([1]);
      // Three attempts of 300 ms each, not three full simulator delays.
      expect(Date.now() - started).toBeLessThan(3 * SLOW_MS);
      expect(everythingPrintable(error)).not.toContain(await h.contact.getAccessToken());
    });

    it('retries a POST marked idempotent (batch/get_by_user) after a timeout', async () => {
      h.sim.control.faults.delay(SLOW_MS, 1, 'externalcontact/batch/get_by_user');
      const reply = await h.contact.batchGetCustomersByUser({ userid_list: [MEMBER], limit: 10 });
      expect(reply.external_contact_list.length).toBeGreaterThan(0);
      expect(h.wire.count(BATCH_GET)).toBe(2);
    });

    it('does not resend an app message after a timeout: the simulator sees it once', async () => {
      const outboxBefore = h.sim.state.outbox.length;
      h.sim.control.faults.delay(SLOW_MS, 2, 'message/send');

      const error = await rejection(
        h.agent.sendMessage({ touser: MEMBER, msgtype: 'text', text: { content: '客户 A 已分配给您' } }),
      );

      expect(error).toBeInstanceOf(WeComNetworkError);
      expect((error as WeComNetworkError).kind).toBe('timeout');
      expect(h.wire.count('/cgi-bin/message/send')).toBe(1);
      // The simulator consumed one of its two slow answers: it received exactly one request.
      expect(h.sim.control.faults.snapshot().delays.map((d) => d.remaining)).toEqual([1]);
      await delay(SLOW_MS + 100);
      expect(h.wire.count('/cgi-bin/message/send')).toBe(1);
      // WeCom sent it, slowly, once.
      expect(h.sim.state.outbox.length - outboxBefore).toBe(1);
    });

    it('does not resend an on-duty transfer after a timeout', async () => {
      const ids = await h.contact.listCustomerIds('WangFang');
      const ext = ids.at(-1);
      if (ext === undefined) throw new Error('WangFang has no customers in the demo corp');
      h.sim.control.faults.delay(SLOW_MS, 2, 'externalcontact/transfer_customer');

      const error = await rejection(
        h.contact.transferOnJobCustomers({
          handover_userid: 'WangFang',
          takeover_userid: MEMBER,
          external_userid: [ext],
        }),
      );

      expect((error as WeComNetworkError).kind).toBe('timeout');
      expect(h.wire.count('/cgi-bin/externalcontact/transfer_customer')).toBe(1);
      expect(h.sim.control.faults.snapshot().delays.map((d) => d.remaining)).toEqual([1]);
    });

    it('retries a GET whose connection was dropped without an answer', async () => {
      h.sim.control.faults.dropResponses(1, 'user/get');
      const user = await h.contact.getUser(MEMBER);
      expect(user.userid).toBe(MEMBER);
      expect(h.wire.count(USER_GET)).toBe(2);
      expect(h.sim.control.faults.snapshot().drops).toEqual([]);
    });

    it("fails with kind 'network' when every attempt is dropped, after maxAttempts", async () => {
      h.sim.control.faults.dropResponses(5, 'user/get');
      const error = await rejection(h.contact.getUser(MEMBER));
      expect(error).toBeInstanceOf(WeComNetworkError);
      expect((error as WeComNetworkError).kind).toBe('network');
      expect(h.wire.count(USER_GET)).toBe(3);
      expect(h.sim.control.faults.snapshot().drops.map((d) => d.remaining)).toEqual([2]);
    });

    it('does not resend a dropped non-idempotent call (it may have been processed)', async () => {
      h.sim.control.faults.dropResponses(2, 'message/send');
      const error = await rejection(
        h.agent.sendMessage({ touser: MEMBER, msgtype: 'text', text: { content: 'hello' } }),
      );
      expect((error as WeComNetworkError).kind).toBe('network');
      expect((error as WeComNetworkError).maybeProcessed).toBe(true);
      expect(h.wire.count('/cgi-bin/message/send')).toBe(1);
      expect(h.sim.control.faults.snapshot().drops.map((d) => d.remaining)).toEqual([1]);
    });
  });

  describe('answers lost after WeCom did the work', () => {
    it('repeats a removal whose answer was lost, and takes "not found" on the repeat as done', async () => {
      const { config_id: configId } = await h.contact.addContactWay({ type: 1, scene: 2, user: [MEMBER] });
      h.sim.control.faults.loseAnswers(1, 'externalcontact/del_contact_way', 'hang');

      await h.contact.deleteContactWay(configId);

      expect(h.wire.count('/cgi-bin/externalcontact/del_contact_way')).toBe(2);
      expect(h.sim.state.contactWays.has(configId)).toBe(false);
      // Without a lost answer "not found" still reaches the caller: nothing says Keeper removed it.
      const again = await rejection(h.contact.deleteContactWay(configId));
      expect((again as WeComError).code).toBe(41044);
    });

    it('repeats a tag create whose answer was lost: one tag, and the reply names it', async () => {
      const group = h.sim.state.tags.groups[0]!;
      h.sim.control.faults.loseAnswers(1, 'externalcontact/add_corp_tag');

      const reply = await h.contact.addCorpTag({ group_id: group.group_id, tag: [{ name: '答复丢失' }] });

      const created = group.tags.filter((tag) => tag.name === '答复丢失');
      expect(created).toHaveLength(1);
      expect(reply.tag_group).toMatchObject({
        group_id: group.group_id,
        tag: [{ id: created[0]!.id, name: '答复丢失' }],
      });
      expect(h.wire.count('/cgi-bin/externalcontact/add_corp_tag')).toBe(2);
    });

    it('does not resend an app message whose answer was lost: the member gets it once', async () => {
      const outboxBefore = h.sim.state.outbox.length;
      h.sim.control.faults.loseAnswers(1, 'message/send', 'hang');

      const error = await rejection(
        h.agent.sendMessage({ touser: MEMBER, msgtype: 'text', text: { content: '客户 B 已分配给您' } }),
      );

      expect((error as WeComNetworkError).kind).toBe('timeout');
      expect((error as WeComNetworkError).maybeProcessed).toBe(true);
      expect(h.wire.count('/cgi-bin/message/send')).toBe(1);
      expect(h.sim.state.outbox.length - outboxBefore).toBe(1);
    });
  });

  describe('misconfiguration: fails fast with a hint the console can show', () => {
    it('wrong secret: 40001 from gettoken, no retry loop', async () => {
      const wrong = new WeComClient(
        { corpId: h.sim.config.corpId, secret: 'not-the-contact-secret' },
        h.http,
      );
      const error = await rejection(wrong.getUser(MEMBER));
      expect(error).toBeInstanceOf(WeComError);
      const e = error as WeComError;
      expect(e.code).toBe(40001);
      expect(e.path).toBe(GETTOKEN);
      expect(e.hint).toMatch(/Wrong secret/);
      expect(h.wire.count(GETTOKEN)).toBe(1);
      expect(h.wire.count(USER_GET)).toBe(0);
      expect(everythingPrintable(error)).not.toContain('not-the-contact-secret');
    });

    it('secret reset in the console (sim rejects the contact secret): 40001 once, no retry', async () => {
      h.sim.control.faults.connection({ rejectedSecrets: ['contact'] });
      h.sim.control.faults.expireTokens();
      const error = await rejection(h.contact.listFollowUsers());
      const e = error as WeComError;
      expect(e.code).toBe(40001);
      expect(e.hint).toMatch(/Copy it again/);
      // One rejected call with the old token, one gettoken that says 40001 — and nothing more.
      expect(h.wire.count(GETTOKEN)).toBe(1);
      expect(h.wire.count(FOLLOW_USERS)).toBe(1);
      expect(everythingPrintable(error)).not.toContain(h.credentials.contact.secret);
    });

    it('wrong corpid: 40013 with a hint pointing at 企业ID', async () => {
      const wrong = new WeComClient(
        { corpId: 'wwnotthiscorp', secret: h.credentials.contact.secret },
        h.http,
      );
      const error = await rejection(wrong.listFollowUsers());
      expect((error as WeComError).code).toBe(40013);
      expect((error as WeComError).hint).toMatch(/企业ID/);
      expect(h.wire.count(GETTOKEN)).toBe(1);
    });

    it('IP not trusted: 60020 on an API call, not retried, hint names 企业可信IP', async () => {
      h.sim.control.faults.connection({ ipNotTrusted: true });
      const error = await rejection(h.contact.getUser(MEMBER));
      const e = error as WeComError;
      expect(e).toBeInstanceOf(WeComError);
      expect(e.code).toBe(60020);
      expect(e.path).toBe(USER_GET);
      expect(e.hint).toMatch(/企业可信IP/);
      expect(e.errmsg).toMatch(/from ip: /);
      expect(h.wire.count(USER_GET)).toBe(1);
    });

    it('IP not trusted also stops a cold start at gettoken', async () => {
      h.sim.control.faults.connection({ ipNotTrusted: true });
      const cold = new WeComClient(
        h.credentials.agent,
        new WeComHttp({ baseUrl: h.sim.url, fetch: h.wire.fetch, retry: FAST_RETRY }),
      );
      const error = await rejection(cold.getUser(MEMBER));
      expect((error as WeComError).code).toBe(60020);
      expect((error as WeComError).path).toBe(GETTOKEN);
      expect(h.wire.count(GETTOKEN)).toBe(1);
      expect(h.wire.count(USER_GET)).toBe(0);
    });

    it('contact app not listed under 客户联系: 48002 for externalcontact, directory still works', async () => {
      h.sim.control.faults.connection({ contactAppNotListed: true });
      const error = await rejection(h.contact.listFollowUsers());
      const e = error as WeComError;
      expect(e.code).toBe(48002);
      expect(e.path).toBe(FOLLOW_USERS);
      expect(e.hint).toMatch(/客户联系/);
      expect(h.wire.count(FOLLOW_USERS)).toBe(1);
      expect((await h.contact.getUser(MEMBER)).userid).toBe(MEMBER);
    });

    it('archive not enabled: 301053 for msgaudit with the archive secret', async () => {
      h.sim.control.faults.connection({ archiveNotEnabled: true });
      const error = await rejection(h.archive.listArchivePermitUsers());
      const e = error as WeComError;
      expect(e.code).toBe(301053);
      expect(e.path).toBe('/cgi-bin/msgaudit/get_permit_user_list');
      expect(e.hint).toMatch(/会话内容存档/);
      expect(h.wire.count('/cgi-bin/msgaudit/get_permit_user_list')).toBe(1);
    });

    it('msgaudit with the contact secret: 48002, not a retry', async () => {
      const error = await rejection(h.contact.listArchivePermitUsers());
      expect((error as WeComError).code).toBe(48002);
      expect(h.wire.count('/cgi-bin/msgaudit/get_permit_user_list')).toBe(1);
    });
  });
});
