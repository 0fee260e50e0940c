import { CaseStatus, Role, SyncTrigger, type HandoverCase } from '@keeper/shared';
import { startSimulator } from '@keeper/wecom-sim';
import type { DataSource } from 'typeorm';
import type { Services } from '../../server/src/app';
import { actorWith } from '../../server/src/test/actors';
import { benchDatabase, keeperAgainst } from './keeper-against-simulator';
import { round } from './stats';

const CUSTOMERS = 20_000;
const GROUPS = 400;
const HANDOVER = 'HuangQiang';
const RECEIVER = 'XuBin';
const DATABASE = 'keeper_bench_reassign';
const DAY_SEC = 86_400;
const CHINA_OFFSET_SEC = 8 * 3_600;
/** WeCom's largest pages and calls: what the fewest calls are counted with. */
const UNASSIGNED_PAGE = 1_000;
const RESULT_PAGE = 1_000;
const CALL_SIZE = 100;
const GROUPS_PER_DAY = 300;
/** Passes of the engine a phase may take before the bench gives up on it. */
const MAX_PASSES = 20;

/**
 * `pnpm bench reassign`: a departed member's 20,000 customers and 400 groups handed to one receiver against the
 * WeCom simulator, from the departures sweep that opens the case to the last customer done: the plan, the
 * engine's transfer calls (300 groups the first China day, the rest the next), and tracking by result polling
 * alone — the simulator has no callback URL, so no transfer_fail or add/del callbacks help (the worst case).
 * Keeper's clock follows the simulator's, which the bench moves on to the next China day and past the 24 h
 * takeover. Counts every WeCom API request Keeper made from the sweep on, against the fewest that can do the job.
 */
export async function runReassignBenchmark(): Promise<void> {
  await benchDatabase(DATABASE);

  // No callback URL: WeCom tells Keeper nothing, every answer comes from the API.
  const sim = await startSimulator({ port: 0, customers: 0, groups: 0 });
  let dataSource: DataSource | undefined;
  try {
    const seedStarted = performance.now();
    const { scenarios } = sim.control;
    for (let i = 0; i < CUSTOMERS; i++) scenarios.addContact({ userid: HANDOVER });
    for (let i = 0; i < GROUPS; i++) scenarios.groupCreate({ owner: HANDOVER, name: `客户群${i + 1}` });

    let services: Services;
    ({ services, dataSource } = await keeperAgainst(sim));
    const syncStarted = performance.now();
    const seedSeconds = (syncStarted - seedStarted) / 1000;
    await services.orgSync.run(SyncTrigger.Manual);
    await services.customerSync.run(SyncTrigger.Manual);
    const syncSeconds = (performance.now() - syncStarted) / 1000;
    console.log(
      `reassign: ${HANDOVER} leaves with ${CUSTOMERS} customers and ${GROUPS} groups, all to ${RECEIVER}; ` +
        `WeCom simulator without callbacks, MariaDB (not timed: simulator seeded in ${round(seedSeconds)} s, ` +
        `Keeper's org and customer sync ${round(syncSeconds)} s)`,
    );

    scenarios.memberLeaves({ userid: HANDOVER });
    sim.control.clearApiCalls();
    const started = performance.now();
    const phases: [string, number, Record<string, number>][] = [];
    let phaseStarted = started;
    let callsBefore: Record<string, number> = {};
    const phase = (label: string) => {
      const now = performance.now();
      const calls = sim.control.apiCalls();
      const made = Object.fromEntries(
        Object.entries(calls).flatMap(([path, n]) =>
          n > (callsBefore[path] ?? 0) ? [[path, n - (callsBefore[path] ?? 0)]] : [],
        ),
      );
      phases.push([label, (now - phaseStarted) / 1000, made]);
      phaseStarted = now;
      callsBefore = calls;
    };
    const admin = actorWith([Role.Admin], []);
    const read = (id: string) => services.reassign.get(id, admin.user);

    const [caseId] = await services.departures.sweep();
    if (caseId === undefined) throw new Error(`the sweep opened no case for ${HANDOVER}`);
    const opened = await read(String(caseId));
    expectCounts('opened', opened, { unplanned: CUSTOMERS }, { unplanned: GROUPS });
    phase('sweep: case opened (unassigned list, groupchat/list)');

    await services.reassign.plan(
      String(caseId),
      {
        selection: { mode: 'all' },
        distribution: { mode: 'single', receivers: [RECEIVER] },
        includeGroups: true,
      },
      admin,
    );
    expectCounts('planned', await read(String(caseId)), { planned: CUSTOMERS }, { planned: GROUPS });
    phase('plan stored (receiver checks)');

    const engine = services.transferEngine;
    await untilCase('every customer sent', async () => {
      await engine.runOnce();
      const current = await read(String(caseId));
      return current.customers.waiting === CUSTOMERS && current.groups.done === GROUPS_PER_DAY;
    });
    phase(`customers sent, ${GROUPS_PER_DAY} groups moved (day 1)`);

    // WeCom moves the rest of the groups on its next China day.
    sim.control.advanceClock(secondsToNextChinaDay(sim.clock.nowSec()) + 1);
    await untilCase('every group moved', async () => {
      await engine.runOnce();
      return (await read(String(caseId))).groups.done === GROUPS;
    });
    phase(`${GROUPS - GROUPS_PER_DAY} groups moved (day 2)`);

    // The customers' 24 h pass; only result polling can tell.
    sim.control.advanceClock(DAY_SEC + 1);
    await untilCase('the case completed', async () => {
      await engine.runOnce();
      return (await read(String(caseId))).status === CaseStatus.Completed;
    });
    phase('tracked to done (result polling)');
    const seconds = (performance.now() - started) / 1000;

    const done = await read(String(caseId));
    expectCounts(
      'completed',
      done,
      { selected: CUSTOMERS, done: CUSTOMERS },
      { selected: GROUPS, done: GROUPS },
    );
    const follows = await count(
      dataSource,
      `SELECT COUNT(*) AS n FROM customer_follows f
         JOIN handover_items i ON i.target_id = f.external_userid AND i.case_id = ? AND i.kind = 'customer'
        WHERE f.userid = ? AND f.status = 'active'`,
      [caseId, RECEIVER],
    );
    // One timeline entry per customer: as many entries as customers, none twice.
    const entries = await count(
      dataSource,
      `SELECT CASE WHEN COUNT(*) = COUNT(DISTINCT external_userid) THEN COUNT(*) ELSE -COUNT(*) END AS n
         FROM customer_events WHERE kind = 'transferred_in' AND userid = ?`,
      [RECEIVER],
    );
    const left = await count(
      dataSource,
      `SELECT COUNT(*) AS n FROM customer_follows WHERE userid = ? AND status = 'active'`,
      [HANDOVER],
    );
    if (follows !== CUSTOMERS || entries !== CUSTOMERS || left !== 0)
      throw new Error(
        `customers unaccounted for: ${RECEIVER} follows ${follows}, ${entries} timeline entries, ${HANDOVER} still follows ${left}`,
      );

    // Cards to the receiver go out a moment after the sends they gather; let them land before counting.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const calls = sim.control.apiCalls();
    const total = Object.values(calls).reduce((sum, n) => sum + n, 0);
    const minimum: [string, number][] = [
      ['externalcontact/get_unassigned_list', Math.ceil(CUSTOMERS / UNASSIGNED_PAGE)],
      ['externalcontact/groupchat/list', 1],
      ['externalcontact/get_follow_user_list', 1],
      ['user/get', 1],
      ['externalcontact/resigned/transfer_customer', Math.ceil(CUSTOMERS / CALL_SIZE)],
      [
        'externalcontact/groupchat/transfer',
        Math.ceil(GROUPS_PER_DAY / CALL_SIZE) + Math.ceil((GROUPS - GROUPS_PER_DAY) / CALL_SIZE),
      ],
      ['externalcontact/resigned/transfer_result', Math.ceil(CUSTOMERS / RESULT_PAGE)],
    ];
    const minCalls = minimum.reduce((sum, [, n]) => sum + n, 0);
    const fewest = new Map(minimum);

    const short = (path: string) => path.replace(/^externalcontact\//, '');
    console.log('phase'.padEnd(52) + 'seconds'.padStart(8) + '  WeCom calls');
    for (const [label, spent, made] of phases) {
      const list = Object.entries(made).map(([path, n]) => `${short(path)} ${n}`);
      console.log(label.padEnd(52) + String(round(spent)).padStart(8) + '  ' + (list.join(', ') || '-'));
    }
    console.log(`WeCom calls from the sweep to completed, by path (${minCalls} at the fewest):`);
    console.log('path'.padEnd(52) + 'calls'.padStart(8) + 'fewest'.padStart(8));
    const paths = [...new Set([...fewest.keys(), ...Object.keys(calls)])].sort(
      (a, b) => (calls[b] ?? 0) - (calls[a] ?? 0) || a.localeCompare(b),
    );
    for (const path of paths)
      console.log(
        path.padEnd(52) + String(calls[path] ?? 0).padStart(8) + String(fewest.get(path) ?? 0).padStart(8),
      );
    if (calls.gettoken)
      console.log(
        'gettoken: the app token for the receiver’s card, and the contact token renewed each time the simulated ' +
          'clock moved past its 2 h (to the next China day, then 24 h on)',
      );
    console.log(
      `case #${caseId}: customers selected=${done.customers.selected} done=${done.customers.done}, ` +
        `groups selected=${done.groups.selected} done=${done.groups.done}; ${RECEIVER} follows ${follows} of them, ` +
        `${entries} timeline entries; calls ÷ fewest = ${(total / minCalls).toFixed(2)} (target ≤ 1.10)`,
    );
    console.log(
      `reassign customers=${CUSTOMERS} calls=${total} min_calls=${minCalls} seconds=${round(seconds)}`,
    );
  } finally {
    await sim.close().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
  }
}

type Totals = HandoverCase['customers'];

function expectCounts(
  when: string,
  found: HandoverCase,
  customers: Partial<Totals>,
  groups: Partial<Totals>,
) {
  const wrong = [
    ...Object.entries(customers).filter(([key, n]) => found.customers[key as keyof Totals] !== n),
    ...Object.entries(groups).filter(([key, n]) => found.groups[key as keyof Totals] !== n),
  ];
  if (wrong.length > 0)
    throw new Error(
      `case ${when}: expected customers ${JSON.stringify(customers)} groups ${JSON.stringify(groups)}, ` +
        `found customers ${JSON.stringify(found.customers)} groups ${JSON.stringify(found.groups)}`,
    );
}

/** Runs engine passes until `reached`; a phase that needs more than MAX_PASSES is a failure. */
async function untilCase(what: string, pass: () => Promise<boolean>): Promise<void> {
  for (let passes = 0; passes < MAX_PASSES; passes++) if (await pass()) return;
  throw new Error(`${what}: not reached in ${MAX_PASSES} engine passes`);
}

/** Seconds from `nowSec` to the next China (UTC+8) midnight, when WeCom's daily group limit starts again. */
function secondsToNextChinaDay(nowSec: number): number {
  return DAY_SEC - ((nowSec + CHINA_OFFSET_SEC) % DAY_SEC);
}

async function count(dataSource: DataSource, sql: string, params: unknown[]): Promise<number> {
  const [row] = (await dataSource.query(sql, params)) as { n: string | number }[];
  return Number(row?.n ?? 0);
}
