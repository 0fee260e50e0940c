import { CampaignStatus, MemberStatus, Role, type AudienceFilter } from '@keeper/shared';
import { startSimulator } from '@keeper/wecom-sim';
import type { DataSource } from 'typeorm';
import type { Services } from '../../server/src/app';
import { actorWith } from '../../server/src/test/actors';
import {
  buildBroadcastCorp,
  measureAudienceCount,
  seedBroadcastCorp,
  type BroadcastCorp,
} from './broadcast-corp';
import { benchDatabase, keeperAgainst } from './keeper-against-simulator';
import { round } from './stats';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

const SENDERS = 500;
const CUSTOMERS = 100_000;
/** Every tenth sender confirms before the first results are pulled. */
const CONFIRMING_EVERY = 10;
const DATABASE = 'keeper_bench_broadcast';
/** WeCom's largest call and page sizes: what the fewest calls are counted with. */
const CUSTOMERS_PER_TASK = 10_000;
const RESULT_PAGE = 1_000;
const COUNT_RUNS = 3;
const MAX_PASSES = 20;

/**
 * `pnpm bench broadcast`: a campaign to 100,000 customers of 500 senders against the WeCom simulator with its call
 * limits on. Times the live audience count over varied filters, the submission (audience resolved into recipients,
 * one add_msg_template per sender and chunk), and the first pull of results after a tenth of the senders
 * confirmed; counts every WeCom call from submission on against the fewest that can do the job.
 */
export async function runBroadcastBenchmark(): Promise<void> {
  await benchDatabase(DATABASE);
  const sim = await startSimulator({ port: 0, customers: 0, groups: 0 });
  let dataSource: DataSource | undefined;
  try {
    const seedStarted = performance.now();
    const corp = everyoneReachable(buildBroadcastCorp({ customers: CUSTOMERS, members: SENDERS }));
    giveToSimulator(sim, corp);

    let services: Services;
    ({ services, dataSource } = await keeperAgainst(sim));
    await seedBroadcastCorp(dataSource, corp);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    console.log(
      `broadcast: ${CUSTOMERS} customers (${corp.relations.length} owner relations) of ${SENDERS} senders in ` +
        `${corp.departments.length} departments; WeCom simulator with its call limits, MariaDB (not timed: the ` +
        `simulator and Keeper's database seeded with the same corp in ${round(seedSeconds)} s)`,
    );

    // The live count, as the console asks it on every change of the audience builder.
    const admin = actorWith([Role.Admin], []);
    const counting = await measureAudienceCount(services.audience, corp, COUNT_RUNS);
    const audienceP95 = counting.p95;
    console.log(
      `audience count: ${counting.cases.length} audiences × ${COUNT_RUNS} runs (every filter alone and mixed, ` +
        `corp-wide and within departments): p50 ${counting.p50} ms, p95 ${audienceP95} ms`,
    );

    // The campaign to everyone.
    const campaign = await services.campaigns.create(
      {
        name: '全员老客回访',
        kind: 'customers',
        audience: emptyFilter(),
        ownerPolicy: { policy: 'last_chat' },
        content: { text: '感谢一路相伴，老客专享福利已到账，回复“1”了解详情。', materialIds: [] },
        recentDays: null,
        allowSelect: false,
        scheduledAt: null,
        deadlineDays: 7,
      },
      admin,
    );
    sim.control.clearApiCalls();
    const submitStarted = performance.now();
    await services.campaigns.submit(campaign.id, admin);
    await until('every task submitted', async () => {
      await services.broadcastEngine.runOnce();
      return (await services.campaigns.get(campaign.id, admin.user)).status === CampaignStatus.Running;
    });
    const submitSeconds = (performance.now() - submitStarted) / 1000;
    const submitted = await services.campaigns.get(campaign.id, admin.user);
    const submitCalls = sim.control.apiCalls();

    // A tenth of the senders confirm in WeCom; the first pull comes five minutes after submission.
    const confirming = corp.members
      .map((member) => member.userId)
      .filter((_, index) => index % CONFIRMING_EVERY === 0);
    for (const message of sim.state.massMessages.values()) {
      const sender = message.tasks[0]!.userid;
      if (confirming.includes(sender))
        sim.control.scenarios.confirmMassMessage({ msgid: message.msgid, userid: sender });
    }
    sim.control.advanceClock(5 * 60 + 1);
    const pullStarted = performance.now();
    await services.broadcastEngine.runOnce();
    const pullSeconds = (performance.now() - pullStarted) / 1000;
    const pulled = await services.campaigns.get(campaign.id, admin.user);

    const calls = sim.control.apiCalls();
    const total = Object.entries(calls)
      .filter(([path]) => path !== 'gettoken')
      .reduce((sum, [, n]) => sum + n, 0);
    // The fewest calls, from what WeCom holds: one add_msg_template per sender and 10,000 customers, one task
    // page per task, and the result pages of each sender who sent.
    const messages = [...sim.state.massMessages.values()];
    const bySender = new Map<string, number>();
    for (const message of messages)
      bySender.set(
        message.tasks[0]!.userid,
        (bySender.get(message.tasks[0]!.userid) ?? 0) + message.results.length,
      );
    const tasks = [...bySender.values()].reduce((sum, n) => sum + Math.ceil(n / CUSTOMERS_PER_TASK), 0);
    const resultPages = messages
      .filter((message) => message.tasks[0]!.status === 2)
      .reduce((sum, message) => sum + Math.ceil(message.results.length / RESULT_PAGE), 0);
    const minimum: [string, number][] = [
      ['externalcontact/add_msg_template', tasks],
      ['externalcontact/get_groupmsg_task', tasks],
      ['externalcontact/get_groupmsg_send_result', resultPages],
    ];
    const minCalls = minimum.reduce((sum, [, n]) => sum + n, 0);
    const fewest = new Map(minimum);
    console.log(
      `submitted in ${round(submitSeconds)} s: ${submitted.tasks} tasks, funnel ${JSON.stringify(submitted.funnel)}; ` +
        `add_msg_template calls ${submitCalls['externalcontact/add_msg_template'] ?? 0}`,
    );
    console.log(
      `first results pulled in ${round(pullSeconds)} s after ${confirming.length} senders confirmed: sent ${pulled.funnel.sent}, ` +
        `pending ${pulled.funnel.pending}, not a friend ${pulled.funnel.notFriend}, limit reached ${pulled.funnel.limitReached}`,
    );
    console.log('path'.padEnd(52) + 'calls'.padStart(8) + 'fewest'.padStart(8));
    for (const path of [...new Set([...fewest.keys(), ...Object.keys(calls)])].sort())
      console.log(
        path.padEnd(52) + String(calls[path] ?? 0).padStart(8) + String(fewest.get(path) ?? 0).padStart(8),
      );
    const expectedSent = messages.flatMap((message) => message.results).filter((r) => r.status === 1).length;
    if (submitted.funnel.submitted !== CUSTOMERS || pulled.funnel.sent !== expectedSent)
      throw new Error(
        `figures wrong: submitted ${submitted.funnel.submitted} of ${CUSTOMERS}, sent ${pulled.funnel.sent} of ${expectedSent}`,
      );
    console.log(
      `calls ÷ fewest = ${(total / minCalls).toFixed(2)} (target ≤ 1.10); audience p95 target < 500 ms`,
    );
    console.log(
      `broadcast recipients=${submitted.funnel.submitted} submit_s=${round(submitSeconds)} calls=${total} ` +
        `min_calls=${minCalls} audience_p95_ms=${round(audienceP95)}`,
    );
  } finally {
    await sim.close().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
  }
}

function emptyFilter(): AudienceFilter {
  return {
    ownerIds: [],
    ownerDepartmentIds: [],
    tagConditions: [],
    excludeTagIds: [],
    groupChatIds: [],
    channels: [],
    genders: [],
    includeIds: [],
    excludeIds: [],
  };
}

/** Every member active and every relation live: the whole corp is reachable, 100,000 customers once each. */
function everyoneReachable(corp: BroadcastCorp): BroadcastCorp {
  return {
    ...corp,
    members: corp.members.map((member) => ({ ...member, status: MemberStatus.Active })),
    relations: corp.relations.map((relation) => ({ ...relation, active: true })),
  };
}

/**
 * The same corp in the simulator: its members, and each customer added by its owners in the corp's order. The
 * simulator names customers itself, so the corp takes the simulator's ids before it is written to Keeper.
 */
function giveToSimulator(sim: Simulator, corp: BroadcastCorp): void {
  const { scenarios } = sim.control;
  for (const member of corp.members)
    scenarios.memberJoins({ userid: member.userId, name: member.name, department: [1], dropCallback: true });
  const simIds = new Map<string, string>();
  for (const relation of corp.relations) {
    const known = simIds.get(relation.externalUserId);
    const { external_userid } = scenarios.addContact({
      userid: relation.userId,
      ...(known ? { external_userid: known } : {}),
    });
    simIds.set(relation.externalUserId, external_userid);
  }
  const rename = (id: string) => simIds.get(id) ?? id;
  for (const customer of corp.customers) customer.externalUserId = rename(customer.externalUserId);
  for (const relation of corp.relations) relation.externalUserId = rename(relation.externalUserId);
  for (const group of corp.groups) group.customerIds = group.customerIds.map(rename);
}

async function until(what: string, pass: () => Promise<boolean>): Promise<void> {
  for (let passes = 0; passes < MAX_PASSES; passes++) if (await pass()) return;
  throw new Error(`${what}: not reached in ${MAX_PASSES} engine passes`);
}
