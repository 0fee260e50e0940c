#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import type { SimOptionsInput } from './config.js';
import { ControlClient } from './control/control-client.js';
import { startSimulator } from './index.js';

const env = process.env;
/** `npm start` runs the simulator at Keeper's PORT + 970, so the CLI finds that sandbox without flags. */
const DEFAULT_PORT = Number(env.PORT || 3000) + 970;

function int(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('not an integer');
  return n;
}

function json(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('not valid JSON');
  }
}

function print(data: unknown): void {
  console.log(JSON.stringify(data, null, 2));
}

/** The archive key read from a PEM file, if one was named. */
function archiveOption(file: string | undefined, version: number): Pick<SimOptionsInput, 'archive'> {
  if (!file) return {};
  return { archive: { publicKeys: { [version]: readFileSync(file, 'utf8') }, currentKeyVersion: version } };
}

const program = new Command()
  .name('wecom-sim')
  .description('A WeCom (企业微信) simulator: the same APIs, callbacks and errors, with a demo corp.')
  .option(
    '--sim <url>',
    'base URL of a running simulator (env SIM_URL)',
    env.SIM_URL ?? `http://127.0.0.1:${env.SIM_PORT ?? DEFAULT_PORT}`,
  );

function client(): ControlClient {
  return new ControlClient(program.opts<{ sim: string }>().sim);
}

/** Runs a control call and prints its answer; a failure prints the reason and exits 1. */
function action<A extends unknown[]>(f: (...args: A) => Promise<unknown>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      print(await f(...args));
    } catch (err) {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    }
  };
}

program
  .command('serve')
  .description('start the simulator with a demo corp and print its URL and credentials')
  .option(
    '--port <n>',
    'port, 0 = any free (env SIM_PORT)',
    int,
    env.SIM_PORT ? int(env.SIM_PORT) : DEFAULT_PORT,
  )
  .option('--host <host>', 'address to listen on (env SIM_HOST)', env.SIM_HOST ?? '127.0.0.1')
  .option('--callback-url <url>', 'where to send callbacks (env SIM_CALLBACK_URL)', env.SIM_CALLBACK_URL)
  .option('--corp-id <id>', 'corpid (env SIM_CORP_ID)', env.SIM_CORP_ID)
  .option(
    '--contact-secret <s>',
    'customer-contact app secret (env SIM_CONTACT_SECRET)',
    env.SIM_CONTACT_SECRET,
  )
  .option('--archive-secret <s>', 'chat-archive secret (env SIM_ARCHIVE_SECRET)', env.SIM_ARCHIVE_SECRET)
  .option('--agent-secret <s>', 'agent app secret (env SIM_AGENT_SECRET)', env.SIM_AGENT_SECRET)
  .option(
    '--agent-id <n>',
    'agent app id (env SIM_AGENT_ID)',
    int,
    env.SIM_AGENT_ID ? int(env.SIM_AGENT_ID) : undefined,
  )
  .option('--token <t>', 'callback Token (env SIM_TOKEN)', env.SIM_TOKEN)
  .option('--aes-key <k>', 'callback EncodingAESKey, 43 chars (env SIM_AES_KEY)', env.SIM_AES_KEY)
  .option('--seed <n>', 'demo corp seed (env SIM_SEED)', int, env.SIM_SEED ? int(env.SIM_SEED) : undefined)
  .option(
    '--customers <n>',
    'demo customers (env SIM_CUSTOMERS)',
    int,
    env.SIM_CUSTOMERS ? int(env.SIM_CUSTOMERS) : undefined,
  )
  .option(
    '--retry-interval-ms <n>',
    'callback retry interval (env SIM_CALLBACK_RETRY_MS)',
    int,
    env.SIM_CALLBACK_RETRY_MS ? int(env.SIM_CALLBACK_RETRY_MS) : undefined,
  )
  .option(
    '--notify-interval-ms <n>',
    'msgaudit_notify throttle (env SIM_NOTIFY_INTERVAL_MS)',
    int,
    env.SIM_NOTIFY_INTERVAL_MS ? int(env.SIM_NOTIFY_INTERVAL_MS) : undefined,
  )
  .option(
    '--archive-public-key-file <path>',
    "Keeper's archive RSA public key, PEM (env SIM_ARCHIVE_PUBLIC_KEY_FILE)",
    env.SIM_ARCHIVE_PUBLIC_KEY_FILE,
  )
  .option(
    '--archive-key-version <n>',
    'its publickey_ver (env SIM_ARCHIVE_KEY_VERSION, default 1)',
    int,
    env.SIM_ARCHIVE_KEY_VERSION ? int(env.SIM_ARCHIVE_KEY_VERSION) : 1,
  )
  .option(
    '--state-file <path>',
    'keep the corp in this JSON file across restarts (env SIM_STATE_FILE; unset: in memory only)',
    env.SIM_STATE_FILE,
  )
  .option('--json', 'print the URL and credentials as one JSON line')
  .action(async (o: Record<string, string | number | boolean | undefined>) => {
    const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
    const num = (k: string) => (typeof o[k] === 'number' ? (o[k] as number) : undefined);
    const secrets = {
      contact: str('contactSecret'),
      archive: str('archiveSecret'),
      agent: str('agentSecret'),
    };
    const options: SimOptionsInput = {
      port: num('port') ?? DEFAULT_PORT,
      host: str('host') ?? '127.0.0.1',
      secrets: Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== undefined)),
      ...(str('callbackUrl') ? { callbackUrl: str('callbackUrl') } : {}),
      ...(str('corpId') ? { corpId: str('corpId') } : {}),
      ...(num('agentId') !== undefined ? { agentId: num('agentId') } : {}),
      ...(str('token') ? { token: str('token') } : {}),
      ...(str('aesKey') ? { aesKey: str('aesKey') } : {}),
      ...(num('seed') !== undefined ? { seed: num('seed') } : {}),
      ...(num('customers') !== undefined ? { customers: num('customers') } : {}),
      ...(num('retryIntervalMs') !== undefined
        ? { callbacks: { retryIntervalMs: num('retryIntervalMs') } }
        : {}),
      ...(num('notifyIntervalMs') !== undefined ? { msgauditNotifyIntervalMs: num('notifyIntervalMs') } : {}),
      ...archiveOption(str('archivePublicKeyFile'), num('archiveKeyVersion') ?? 1),
      ...(str('stateFile') ? { stateFile: str('stateFile') } : {}),
    };
    const sim = await startSimulator(options);
    const creds = sim.control.credentials();
    if (o.json) {
      console.log(JSON.stringify({ url: sim.url, ...creds }));
    } else {
      console.log(`WeCom simulator (sandbox, not real WeCom) listening on ${sim.url}`);
      console.log(`  base URL        ${sim.url}   (instead of https://qyapi.weixin.qq.com)`);
      console.log(`  corpid          ${creds.corpId}`);
      console.log(`  contact secret  ${creds.secrets.contact}`);
      console.log(`  archive secret  ${creds.secrets.archive}`);
      console.log(`  agent secret    ${creds.secrets.agent}   agentid ${creds.agentId}`);
      console.log(`  Token           ${creds.token}`);
      console.log(`  EncodingAESKey  ${creds.aesKey}`);
      console.log(
        `  callback URL    ${creds.callbackUrl ?? '(none: set with `wecom-sim callback set <url>`)'}`,
      );
      console.log(`  control API     ${sim.url}/__sim/status`);
      if (options.stateFile) console.log(`  state file      ${options.stateFile}`);
    }
    const stop = () => void sim.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('status')
  .description('corp counts, callback state, faults')
  .action(action(() => client().get('/status')));
program
  .command('credentials')
  .description('the corp credentials')
  .action(action(() => client().get('/credentials')));

const LISTS = [
  'staff',
  'departments',
  'customers',
  'follows',
  'tags',
  'groups',
  'outbox',
  'callbacks',
  'transfers',
  'chats',
  'mass-messages',
  'welcome-messages',
  'contact-ways',
  'scenarios',
];
program
  .command('list <what>')
  .description(`show state: ${LISTS.join(', ')}`)
  .option('--userid <id>', 'customers/follows of one member')
  .option('--external-userid <id>', 'follows of one customer')
  .option('--offset <n>', 'page offset', int)
  .option('--limit <n>', 'page size', int)
  .option('--after-seq <n>', 'chats after this seq', int)
  .action(
    action(
      async (
        what: string,
        o: { userid?: string; externalUserid?: string; offset?: number; limit?: number; afterSeq?: number },
      ) => {
        if (!LISTS.includes(what)) throw new Error(`unknown list ${what}; one of ${LISTS.join(', ')}`);
        return client().get(`/${what}`, {
          userid: o.userid,
          external_userid: o.externalUserid,
          offset: o.offset,
          limit: o.limit,
          after_seq: o.afterSeq,
        });
      },
    ),
  );

program
  .command('scenario <name> [input]')
  .description(
    'run any scenario with a JSON input, e.g. scenario add-contact \'{"userid":"LiNa","state":"expo"}\'',
  )
  .action(
    action((name: string, input?: string) => client().post(`/scenarios/${name}`, input ? json(input) : {})),
  );

program
  .command('add-contact <userid>')
  .description('a new (or given) customer adds the member')
  .option('--external-userid <id>', 'an existing customer')
  .option('--state <state>', '联系我 state')
  .option('--drop-callback', 'lose the callback')
  .action(
    action((userid: string, o: { externalUserid?: string; state?: string; dropCallback?: boolean }) =>
      client().post('/scenarios/add-contact', {
        userid,
        external_userid: o.externalUserid,
        state: o.state,
        dropCallback: o.dropCallback,
      }),
    ),
  );
program
  .command('delete-customer <userid> <externalUserid>')
  .description('the member deletes the customer')
  .action(
    action((userid: string, ext: string) =>
      client().post('/scenarios/member-deletes-customer', { userid, external_userid: ext }),
    ),
  );
program
  .command('customer-deletes <userid> <externalUserid>')
  .description('the customer deletes the member')
  .action(
    action((userid: string, ext: string) =>
      client().post('/scenarios/customer-deletes-member', { userid, external_userid: ext }),
    ),
  );
program
  .command('member-leaves <userid>')
  .description('the member leaves the corp')
  .action(action((userid: string) => client().post('/scenarios/member-leaves', { userid })));
program
  .command('chat <from> <to> <text>')
  .description('a one-to-one text message into the archive')
  .action(
    action((from: string, to: string, text: string) =>
      client().post('/scenarios/chat', { from, to: [to], messages: [{ msgtype: 'text', content: text }] }),
    ),
  );
program
  .command('violation <userid> <externalUserid>')
  .description('the member sends a violating message')
  .option('--kind <kind>', 'private_wechat | bank_card | private_payment', 'private_wechat')
  .action(
    action((userid: string, ext: string, o: { kind: string }) =>
      client().post('/scenarios/chat-violation', { userid, external_userid: ext, kind: o.kind }),
    ),
  );
program
  .command('recall <msgid>')
  .description('recall an archived message')
  .action(action((msgid: string) => client().post('/scenarios/chat-recall', { msgid })));

const fault = program.command('fault').description('arm faults');
fault
  .command('expire-tokens')
  .description('every token answers 42001')
  .action(action(() => client().post('/faults/expire-tokens')));
fault
  .command('error <errcode>')
  .description('the next N calls answer errcode (45009, -1, 45033, 60020, 48002, 40001…)')
  .option('--count <n>', 'how many calls', int, 1)
  .option('--path <path>', 'only this API, e.g. externalcontact/list')
  .action(
    action((errcode: string, o: { count: number; path?: string }) =>
      client().post('/faults/error', { errcode: int(errcode), count: o.count, path: o.path }),
    ),
  );
fault
  .command('delay <ms>')
  .description('the next N calls answer after ms')
  .option('--count <n>', 'how many calls', int, 1)
  .option('--path <path>', 'only this API')
  .option('--late-answer', 'answer at once from the corp as it is, received ms later')
  .action(
    action((ms: string, o: { count: number; path?: string; lateAnswer?: boolean }) =>
      client().post('/faults/delay', {
        ms: int(ms),
        count: o.count,
        path: o.path,
        lateAnswer: o.lateAnswer ?? false,
      }),
    ),
  );
fault
  .command('drop-response')
  .description('the next N calls get no answer (socket destroyed)')
  .option('--count <n>', 'how many calls', int, 1)
  .option('--path <path>', 'only this API')
  .action(
    action((o: { count: number; path?: string }) =>
      client().post('/faults/drop-response', { count: o.count, path: o.path }),
    ),
  );
fault
  .command('lose-answer')
  .description('the next N calls are done, then their answer is lost (reset, or --hang: never answered)')
  .option('--count <n>', 'how many calls', int, 1)
  .option('--path <path>', 'only this API')
  .option('--hang', 'keep the connection open without answering')
  .action(
    action((o: { count: number; path?: string; hang?: boolean }) =>
      client().post('/faults/lose-answer', {
        count: o.count,
        path: o.path,
        mode: o.hang ? 'hang' : 'reset',
      }),
    ),
  );
fault
  .command('drop-callbacks <count>')
  .description('the next N callbacks are lost')
  .action(action((count: string) => client().post('/faults/drop-callbacks', { count: int(count) })));
fault
  .command('duplicate-callbacks <count>')
  .description('the next N callbacks are delivered twice')
  .action(action((count: string) => client().post('/faults/duplicate-callbacks', { count: int(count) })));
fault
  .command('delay-callbacks <ms> <count>')
  .description('the next N callbacks wait ms before their first try (later ones overtake them)')
  .action(
    action((ms: string, count: string) =>
      client().post('/faults/delay-callbacks', { ms: int(ms), count: int(count) }),
    ),
  );
fault
  .command('fail-callbacks <count>')
  .description('the next N delivery attempts fail (and are retried)')
  .action(action((count: string) => client().post('/faults/fail-callbacks', { count: int(count) })));
fault
  .command('connection')
  .description('misconfigurations a connection check must detect')
  .option('--reject-secret <role...>', 'contact | archive | agent → gettoken 40001')
  .option('--ip-not-trusted', 'every call → 60020')
  .option('--contact-app-not-listed', 'externalcontact APIs → 48002')
  .option('--archive-not-enabled', 'msgaudit APIs → 301053')
  .option('--callback-unverified', 'the callback URL was never verified: no callbacks')
  .action(
    action(
      (o: {
        rejectSecret?: string[];
        ipNotTrusted?: boolean;
        contactAppNotListed?: boolean;
        archiveNotEnabled?: boolean;
        callbackUnverified?: boolean;
      }) =>
        client().post('/faults/connection', {
          rejectedSecrets: o.rejectSecret,
          ipNotTrusted: o.ipNotTrusted,
          contactAppNotListed: o.contactAppNotListed,
          archiveNotEnabled: o.archiveNotEnabled,
          callbackUnverified: o.callbackUnverified,
        }),
    ),
  );
fault
  .command('clear')
  .description('disarm every fault')
  .action(action(() => client().delete('/faults')));

program
  .command('advance <seconds>')
  .description("move the simulator's clock forward (tokens, welcome codes, 24 h transfers)")
  .action(action((seconds: string) => client().post('/clock/advance', { seconds: Number(seconds) })));
program
  .command('complete-transfers')
  .description('complete every waiting transfer now')
  .action(action(() => client().post('/transfers/complete')));
program
  .command('refuse-transfer <externalUserid>')
  .description('the customer refuses its waiting transfer: status 3, transfer_fail customer_refused')
  .option('--drop-callback', 'log the callback as dropped, never send it')
  .action(
    action((ext: string, o: { dropCallback?: boolean }) =>
      client().post('/scenarios/transfer-refused', {
        external_userid: ext,
        dropCallback: o.dropCallback ?? false,
      }),
    ),
  );
program
  .command('takeover-full <userid>')
  .description('the member reaches the customer limit: due transfers to them fail (status 4), new ones 40099')
  .option('--limit <n>', 'the limit (default: the customers they have now)', int)
  .option('--lift', 'remove the limit again')
  .action(
    action((userid: string, o: { limit?: number; lift?: boolean }) =>
      client().post('/scenarios/takeover-full', {
        userid,
        ...(o.lift ? { limit: null } : o.limit !== undefined ? { limit: o.limit } : {}),
      }),
    ),
  );
program
  .command('reset')
  .description('reseed the demo corp')
  .option('--seed <n>', 'seed', int)
  .option('--customers <n>', 'customer count', int)
  .action(action((o: { seed?: number; customers?: number }) => client().post('/reset', o)));

const callback = program.command('callback').description('the callback URL and the order of deliveries');
callback
  .command('set <url>')
  .description('send callbacks to url')
  .action(action((url: string) => client().post('/callback', { url })));
callback
  .command('unset')
  .description('stop sending callbacks')
  .action(action(() => client().post('/callback', { url: null })));
callback
  .command('hold')
  .description('keep every callback back until release')
  .action(action(() => client().post('/callbacks/hold')));
callback
  .command('release [ids...]')
  .option('--reversed', 'newest first')
  .description('send held callbacks one by one: the given ids in that order, or all of them')
  .action(
    action((ids: string[], o: { reversed?: boolean }) =>
      client().post('/callbacks/release', {
        ...(ids.length ? { ids: ids.map(int) } : {}),
        order: o.reversed ? 'reversed' : 'sent',
      }),
    ),
  );
callback
  .command('redeliver <id>')
  .description('deliver a logged callback once more, as a WeCom retry')
  .action(action((id: string) => client().post(`/callbacks/${int(id)}/redeliver`)));
callback
  .command('verify [url]')
  .description('GET the URL with an encrypted echostr and check the echo')
  .action(action((url?: string) => client().post('/callback/verify', url ? { url } : {})));

await program.parseAsync();
