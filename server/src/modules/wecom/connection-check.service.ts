import { WeComError, WeComNetworkError } from '@keeper/bot';
import {
  ConnectionCheckId,
  ConnectionProblem,
  type ConnectionCheck,
  type ConnectionCheckId as CheckId,
  type ConnectionFact,
  type ConnectionReport,
} from '@keeper/shared';
import type { WeComConfig } from '../../config/config';
import type { WeComClients } from './wecom-clients';
import { WeComStateKey, type WeComStateRepository } from './wecom-state.repository';

/** WeCom errcodes that mean a set-up mistake, and which one. */
const PROBLEM_BY_ERRCODE: Record<number, ConnectionProblem> = {
  40001: ConnectionProblem.WrongSecret,
  40013: ConnectionProblem.WrongCorpId,
  60020: ConnectionProblem.IpNotTrusted,
  48002: ConnectionProblem.AppNotAllowed,
  84074: ConnectionProblem.AppNotAllowed,
  60011: ConnectionProblem.NoVisibility,
  301053: ConnectionProblem.ArchiveNotEnabled,
  301052: ConnectionProblem.ArchiveExpired,
};

type Outcome = Pick<ConnectionCheck, 'status' | 'problem' | 'errcode' | 'fact' | 'wecomMessage'>;

const ok = (fact: ConnectionFact | null = null): Outcome => ({
  status: 'ok',
  problem: null,
  errcode: null,
  fact,
  wecomMessage: null,
});
const skipped = (fact: ConnectionFact): Outcome => ({
  status: 'skipped',
  problem: ConnectionProblem.NotConfigured,
  errcode: null,
  fact,
  wecomMessage: null,
});
const notSet = (...names: string[]): Outcome => skipped({ code: 'missing_variables', names });
const needs = (check: CheckId): Outcome => skipped({ code: 'needs_check', check });

/**
 * Runs every set-up check against the configured credentials, in the order an admin would fix them, and
 * names each problem so the console can say in plain words what is wrong and where to fix it.
 */
export class ConnectionCheckService {
  constructor(
    private readonly config: WeComConfig,
    private readonly clients: WeComClients,
    private readonly state: WeComStateRepository,
  ) {}

  /** Notes that WeCom reached the callback URL (verification or a stored event), for the callback check. */
  async recordCallback(kind: 'verified' | 'received'): Promise<void> {
    const key = kind === 'verified' ? WeComStateKey.CallbackVerifiedAt : WeComStateKey.CallbackReceivedAt;
    await this.state.set(key, new Date().toISOString());
  }

  async run(): Promise<ConnectionReport> {
    const { contact, archive, agent } = this.clients;
    const missing = this.missingVariables();
    const checks: ConnectionCheck[] = [];
    const check = async (id: ConnectionCheck['id'], work: () => Promise<Outcome>) => {
      const started = performance.now();
      const outcome = await work().catch(failure);
      checks.push({ id, ...outcome, durationMs: Math.round(performance.now() - started) });
      return outcome.status === 'ok';
    };

    await check(ConnectionCheckId.Configuration, async () =>
      missing.required.length
        ? {
            status: 'failed',
            problem: ConnectionProblem.NotConfigured,
            errcode: null,
            fact: { code: 'missing_variables', names: missing.required },
            wecomMessage: null,
          }
        : ok(missing.optional.length ? { code: 'optional_not_set', names: missing.optional } : null),
    );

    const contactOk = contact
      ? await check(ConnectionCheckId.ContactSecret, async () => (await contact.getAccessToken(), ok()))
      : await check(ConnectionCheckId.ContactSecret, async () => notSet('WECOM_CONTACT_SECRET'));
    await check(ConnectionCheckId.Directory, async () => {
      if (!contact || !contactOk) return needs(ConnectionCheckId.ContactSecret);
      const departments = await contact.listDepartments();
      return departments.length
        ? ok({ code: 'departments_visible', count: departments.length })
        : {
            status: 'failed',
            problem: ConnectionProblem.NoVisibility,
            errcode: null,
            fact: { code: 'no_department_visible' },
            wecomMessage: null,
          };
    });
    await check(ConnectionCheckId.CustomerContact, async () => {
      if (!contact || !contactOk) return needs(ConnectionCheckId.ContactSecret);
      return ok({ code: 'follow_members', count: (await contact.listFollowUsers()).length });
    });
    await check(ConnectionCheckId.Callback, async () => {
      if (!this.config.callback) return notSet('WECOM_TOKEN', 'WECOM_AES_KEY');
      const verifiedAt = await this.state.get(WeComStateKey.CallbackVerifiedAt);
      const receivedAt = await this.state.get(WeComStateKey.CallbackReceivedAt);
      if (verifiedAt || receivedAt) return ok({ code: 'callback_seen', verifiedAt, receivedAt });
      return {
        status: 'failed',
        problem: ConnectionProblem.CallbackNeverVerified,
        errcode: null,
        fact: null,
        wecomMessage: null,
      };
    });

    const archiveOk = archive
      ? await check(ConnectionCheckId.ArchiveSecret, async () => (await archive.getAccessToken(), ok()))
      : await check(ConnectionCheckId.ArchiveSecret, async () => notSet('WECOM_ARCHIVE_SECRET'));
    await check(ConnectionCheckId.Archive, async () => {
      if (!archive || !archiveOk) return needs(ConnectionCheckId.ArchiveSecret);
      return ok({ code: 'archived_members', count: (await archive.listArchivePermitUsers()).length });
    });
    await check(ConnectionCheckId.AgentSecret, async () =>
      agent
        ? (await agent.getAccessToken(),
          ok({ code: 'agent', agentId: String(agent.credential.agentId ?? '') }))
        : notSet('WECOM_AGENT_ID'),
    );

    return { checkedAt: new Date().toISOString(), corpId: this.config.corpId ?? null, checks };
  }

  private missingVariables(): { required: string[]; optional: string[] } {
    const required: string[] = [];
    if (!this.config.corpId) required.push('WECOM_CORP_ID');
    if (!this.config.contactSecret) required.push('WECOM_CONTACT_SECRET');
    const optional: string[] = [];
    if (!this.config.callback) optional.push('WECOM_TOKEN', 'WECOM_AES_KEY');
    if (!this.config.archiveSecret) optional.push('WECOM_ARCHIVE_SECRET');
    if (!this.config.agent) optional.push('WECOM_AGENT_ID');
    return { required, optional };
  }
}

function failure(error: unknown): Outcome {
  if (error instanceof WeComError) {
    return {
      status: 'failed',
      problem: PROBLEM_BY_ERRCODE[error.code] ?? ConnectionProblem.Other,
      errcode: error.code,
      fact: null,
      wecomMessage: error.errmsg,
    };
  }
  if (error instanceof WeComNetworkError) {
    return {
      status: 'failed',
      problem: ConnectionProblem.Unreachable,
      errcode: null,
      fact: null,
      wecomMessage: error.message,
    };
  }
  return {
    status: 'failed',
    problem: ConnectionProblem.Other,
    errcode: null,
    fact: null,
    wecomMessage: error instanceof Error ? error.message : String(error),
  };
}
