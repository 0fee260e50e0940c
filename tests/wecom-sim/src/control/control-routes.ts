import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import type { Sim } from '../sim.js';
import { ScenarioError } from '../scenarios/scenario-error.js';
import { scenarios } from '../scenarios/index.js';
import type { SimController } from './controller.js';
import {
  customerDetail,
  customerList,
  departmentList,
  followList,
  groupDetail,
  groupList,
  staffList,
  tagList,
} from './inspect.js';

const pageQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  userid: z.string().optional(),
  external_userid: z.string().optional(),
});

const faultPath = z.string().min(1).optional();
const inputs = {
  reset: z.object({
    seed: z.number().int().optional(),
    customers: z.number().int().min(0).max(200_000).optional(),
  }),
  advance: z.object({ seconds: z.number().positive() }),
  callbackUrl: z.object({ url: z.string().url().nullable() }),
  verify: z.object({ url: z.string().url().optional() }),
  error: z.object({
    errcode: z.number().int(),
    count: z.number().int().positive().default(1),
    path: faultPath,
  }),
  delay: z.object({
    ms: z.number().int().positive(),
    count: z.number().int().positive().default(1),
    path: faultPath,
    lateAnswer: z.boolean().default(false),
  }),
  drop: z.object({ count: z.number().int().positive().default(1), path: faultPath }),
  massReceiveRule: z.object({
    rule: z.enum(['month', 'week', 'day']),
    perMonth: z.number().int().min(0).optional(),
  }),
  loseAnswer: z.object({
    count: z.number().int().positive().default(1),
    path: faultPath,
    mode: z.enum(['reset', 'hang']).default('reset'),
  }),
  count: z.object({ count: z.number().int().positive().default(1) }),
  callbackDelay: z.object({
    ms: z.number().int().positive(),
    count: z.number().int().positive().default(1),
  }),
  release: z.object({
    ids: z.array(z.number().int().positive()).min(1).optional(),
    order: z.enum(['sent', 'reversed']).default('sent'),
  }),
  connection: z.object({
    rejectedSecrets: z.array(z.enum(['contact', 'archive', 'agent'])).optional(),
    ipNotTrusted: z.boolean().optional(),
    contactAppNotListed: z.boolean().optional(),
    archiveNotEnabled: z.boolean().optional(),
    callbackUnverified: z.boolean().optional(),
  }),
  archiveKeys: z.object({
    publicKeys: z.record(z.string().regex(/^\d+$/), z.string().min(1)).optional(),
    currentKeyVersion: z.number().int().min(0).optional(),
  }),
  limits: z.object({
    perApiPerMinute: z.number().int().positive().optional(),
    perApiPerHour: z.number().int().positive().optional(),
    perPath: z
      .record(
        z.string(),
        z.object({
          perMinute: z.number().int().positive().optional(),
          perHour: z.number().int().positive().optional(),
        }),
      )
      .optional(),
    appMessagesPerMemberPerMinute: z.number().int().positive().optional(),
    appMessagesPerMemberPerHour: z.number().int().positive().optional(),
  }),
};

function body(ctx: Context): unknown {
  return ctx.request.body ?? {};
}

/** One place that turns failures into JSON: bad input 400, scenario refusals 404/409. */
const errors: Middleware = async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    if (err instanceof z.ZodError) {
      ctx.status = 400;
      ctx.body = { error: 'invalid input', issues: err.issues };
    } else if (err instanceof ScenarioError) {
      ctx.status = err.status;
      ctx.body = { error: err.message };
    } else if (
      err instanceof Error &&
      'status' in err &&
      typeof err.status === 'number' &&
      err.status < 500
    ) {
      ctx.status = err.status;
      ctx.body = { error: err.message };
    } else {
      throw err;
    }
  }
};

/** The simulator's own JSON API under `/__sim` (not part of WeCom). */
export function controlRouter(sim: Sim, control: SimController): Router {
  const r = new Router({ prefix: '/__sim' });
  r.use(errors, bodyParser({ enableTypes: ['json'] }));

  r.get('/status', (ctx) => (ctx.body = control.status()));
  r.get('/credentials', (ctx) => (ctx.body = control.credentials()));
  r.get('/scenarios', (ctx) => {
    ctx.body = Object.entries(scenarios).map(([name, d]) => ({ name, summary: d.summary }));
  });

  r.get('/departments', (ctx) => (ctx.body = { departments: departmentList(sim) }));
  r.get('/staff', (ctx) => (ctx.body = { staff: staffList(sim) }));
  r.get('/customers', (ctx) => {
    const q = pageQuery.parse(ctx.query);
    ctx.body = customerList(sim, q, q.userid);
  });
  r.get('/customers/:id', (ctx) => {
    const detail = customerDetail(sim, ctx.params.id ?? '');
    if (!detail) throw new ScenarioError(404, 'customer not found');
    ctx.body = detail;
  });
  r.get('/follows', (ctx) => {
    const q = pageQuery.parse(ctx.query);
    ctx.body = followList(sim, q, {
      ...(q.userid ? { userid: q.userid } : {}),
      ...(q.external_userid ? { external_userid: q.external_userid } : {}),
    });
  });
  r.get('/tags', (ctx) => (ctx.body = { tag_groups: tagList(sim) }));
  r.get('/groups', (ctx) => (ctx.body = { groups: groupList(sim) }));
  r.get('/groups/:id', (ctx) => {
    const detail = groupDetail(sim, ctx.params.id ?? '');
    if (!detail) throw new ScenarioError(404, 'group not found');
    ctx.body = detail;
  });
  r.get('/contact-ways', (ctx) => (ctx.body = { contact_ways: [...sim.state.contactWays.values()] }));
  r.get('/welcome-messages', (ctx) => (ctx.body = { welcome_messages: sim.state.sentWelcomes }));
  r.get('/outbox', (ctx) => (ctx.body = { messages: sim.state.outbox }));
  r.get('/transfers', (ctx) => {
    ctx.body = { transfers: sim.state.transfers, group_transfers: sim.state.groupTransfers };
  });
  r.get('/mass-messages', (ctx) => (ctx.body = { mass_messages: [...sim.state.massMessages.values()] }));
  r.get('/chats', (ctx) => {
    const q = z
      .object({
        after_seq: z.coerce.number().int().min(0).default(0),
        limit: z.coerce.number().int().min(1).max(1000).default(1000),
      })
      .parse(ctx.query);
    ctx.body = {
      latest_seq: sim.state.chats.latestSeq(),
      messages: sim.state.chats.since(q.after_seq, q.limit),
    };
  });
  r.get('/archive/keys', (ctx) => (ctx.body = control.archiveKeys()));
  r.post('/archive/keys', (ctx) => {
    const input = inputs.archiveKeys.parse(body(ctx));
    try {
      ctx.body = control.setArchiveKeys(input);
    } catch (err) {
      // A PEM that does not parse or a version without a key: the caller's mistake.
      throw new ScenarioError(400, err instanceof Error ? err.message : String(err));
    }
  });
  r.get('/archive/messages', (ctx) => {
    const q = z
      .object({
        after_seq: z.coerce.number().int().min(0).default(0),
        limit: z.coerce.number().int().min(1).max(1000).default(1000),
      })
      .parse(ctx.query);
    ctx.body = { messages: control.archivedMessages(q.after_seq, q.limit) };
  });
  r.get('/api-calls', (ctx) => (ctx.body = { calls: control.apiCalls() }));
  r.delete('/api-calls', (ctx) => {
    control.clearApiCalls();
    ctx.status = 204;
  });
  r.get('/callbacks', (ctx) => (ctx.body = { callbacks: control.callbackLog() }));
  r.delete('/callbacks', (ctx) => {
    sim.callbacks.clearLog();
    ctx.status = 204;
  });
  r.post('/callbacks/hold', (ctx) => {
    control.holdCallbacks();
    ctx.body = { holding: true };
  });
  r.post('/callbacks/release', async (ctx) => {
    const input = inputs.release.parse(body(ctx));
    try {
      ctx.body = {
        released: await control.releaseCallbacks({
          order: input.order,
          ...(input.ids ? { ids: input.ids } : {}),
        }),
      };
    } catch (error) {
      throw new ScenarioError(409, error instanceof Error ? error.message : String(error));
    }
  });
  r.post('/callbacks/:id/redeliver', async (ctx) => {
    const id = z.coerce.number().int().positive().parse(ctx.params.id);
    try {
      ctx.body = await control.redeliverCallback(id);
    } catch (error) {
      throw new ScenarioError(409, error instanceof Error ? error.message : String(error));
    }
  });

  r.post('/reset', (ctx) => {
    const input = inputs.reset.parse(body(ctx));
    control.reset(input.seed, input.customers);
    ctx.body = control.status();
  });
  r.post(
    '/clock/advance',
    (ctx) => (ctx.body = control.advanceClock(inputs.advance.parse(body(ctx)).seconds)),
  );
  r.post('/transfers/complete', (ctx) => (ctx.body = control.completeTransfers()));
  r.post('/callback', (ctx) => {
    const input = inputs.callbackUrl.parse(body(ctx));
    control.setCallbackUrl(input.url ?? undefined);
    ctx.body = control.credentials();
  });
  r.post('/callback/verify', async (ctx) => {
    const input = inputs.verify.parse(body(ctx));
    if (!input.url && !sim.config.callbackUrl) throw new ScenarioError(409, 'no callback URL configured');
    ctx.body = await control.verifyCallback(input.url);
  });
  r.post('/scenarios/:name', (ctx) => (ctx.body = control.run(ctx.params.name ?? '', body(ctx)) ?? {}));

  r.get('/faults', (ctx) => (ctx.body = control.faults.snapshot()));
  r.delete('/faults', (ctx) => {
    control.faults.clear();
    ctx.body = control.faults.snapshot();
  });
  r.post('/faults/expire-tokens', (ctx) => (ctx.body = control.faults.expireTokens()));
  r.post('/faults/error', (ctx) => {
    const i = inputs.error.parse(body(ctx));
    control.faults.error(i.errcode, i.count, i.path);
    ctx.body = control.faults.snapshot();
  });
  r.post('/faults/delay', (ctx) => {
    const i = inputs.delay.parse(body(ctx));
    control.faults.delay(i.ms, i.count, i.path, i.lateAnswer);
    ctx.body = control.faults.snapshot();
  });
  r.post('/faults/drop-response', (ctx) => {
    const i = inputs.drop.parse(body(ctx));
    control.faults.dropResponses(i.count, i.path);
    ctx.body = control.faults.snapshot();
  });
  r.post('/faults/lose-answer', (ctx) => {
    const i = inputs.loseAnswer.parse(body(ctx));
    control.faults.loseAnswers(i.count, i.path, i.mode);
    ctx.body = control.faults.snapshot();
  });
  r.post('/faults/drop-callbacks', (ctx) => {
    control.faults.dropCallbacks(inputs.count.parse(body(ctx)).count);
    ctx.body = control.faults.snapshot();
  });
  r.post('/faults/hold-callbacks', (ctx) => {
    control.faults.holdCallbacks(inputs.count.parse(body(ctx)).count);
    ctx.body = control.faults.snapshot();
  });
  r.post('/faults/fail-callbacks', (ctx) => {
    control.faults.failCallbacks(inputs.count.parse(body(ctx)).count);
    ctx.body = control.faults.snapshot();
  });
  r.post('/faults/duplicate-callbacks', (ctx) => {
    control.faults.duplicateCallbacks(inputs.count.parse(body(ctx)).count);
    ctx.body = control.faults.snapshot();
  });
  r.post('/faults/delay-callbacks', (ctx) => {
    const i = inputs.callbackDelay.parse(body(ctx));
    control.faults.delayCallbacks(i.ms, i.count);
    ctx.body = control.faults.snapshot();
  });
  r.post('/faults/connection', (ctx) => {
    const patch = inputs.connection.parse(body(ctx));
    ctx.body = control.faults.connection(
      Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    );
  });
  r.post('/mass-receive-rule', (ctx) => {
    const input = inputs.massReceiveRule.parse(body(ctx));
    ctx.body = control.setMassReceiveRule(input.rule, input.perMonth);
  });
  r.post('/limits', (ctx) => {
    const patch = inputs.limits.parse(body(ctx));
    ctx.body = control.setLimits(
      Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    );
  });
  return r;
}
