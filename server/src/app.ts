import { CallbackCodec } from '@keeper/bot';
import { bodyParser } from '@koa/bodyparser';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import Koa from 'koa';
import type { DataSource } from 'typeorm';
import type { Config } from './config/config';
import { contentSecurityPolicy } from './http/content-security-policy';
import { errorHandler } from './http/error-handler';
import type { KeeperState } from './http/context';
import { createMetrics } from './http/metrics';
import { requestId } from './http/request-id';
import { staticConsole } from './http/static-console';
import { DomainEvents } from './events/domain-events';
import { JobLocks } from './jobs/job-lock';
import { SyncRuns } from './jobs/sync-runs';
import type { Logger } from './logger';
import { callbackRoutes, isWeComCallbackRequest } from './modules/inbox/callback.routes';
import { EventHandlers } from './modules/inbox/event-handlers';
import { InboxDispatcher, type DispatcherOptions } from './modules/inbox/inbox.dispatcher';
import { InboxRepository } from './modules/inbox/inbox.repository';
import { inboxRoutes } from './modules/inbox/inbox.routes';
import { InboxService } from './modules/inbox/inbox.service';
import { registerOrgEventHandlers } from './modules/org/org-events.handler';
import { OrgSyncService } from './modules/org/org-sync.service';
import { OrgRepository } from './modules/org/org.repository';
import { orgRoutes } from './modules/org/org.routes';
import { OrgService } from './modules/org/org.service';
import { BroadcastJobs } from './modules/broadcasts/broadcast-jobs';
import { notifyApprovalsThroughBot } from './modules/broadcasts/broadcast-notifier';
import { broadcastsRoutes } from './modules/broadcasts/broadcasts.routes';
import { CampaignAudience } from './modules/broadcasts/campaign-audience';
import { CampaignScope } from './modules/broadcasts/campaign-scope';
import { CampaignsRepository } from './modules/broadcasts/campaigns.repository';
import { CampaignsService } from './modules/broadcasts/campaigns.service';
import { CampaignContentCheck } from './modules/broadcasts/content-check';
import { Reminders } from './modules/broadcasts/reminders';
import { ResultSync } from './modules/broadcasts/result-sync';
import { StaffNotices } from './modules/broadcasts/staff-notices';
import { SubmissionEngine } from './modules/broadcasts/submission-engine';
import { TaskRecovery } from './modules/broadcasts/task-recovery';
import { FrequencyGuard } from './modules/broadcasts/frequency-guard';
import { SegmentsRepository } from './modules/broadcasts/segments.repository';
import { segmentsRoutes } from './modules/broadcasts/segments.routes';
import { SegmentsService } from './modules/broadcasts/segments.service';
import { ArchiveMediaService } from './modules/archive/archive-media.service';
import { ArchivePuller } from './modules/archive/archive-puller';
import { ArchiveRescans } from './modules/archive/archive-rescan';
import { ArchiveRetention } from './modules/archive/archive-retention';
import { ArchiveRepository } from './modules/archive/archive.repository';
import { archiveRoutes } from './modules/archive/archive.routes';
import { ArchiveService } from './modules/archive/archive.service';
import { createFinanceSdk } from './modules/archive/finance-sdk';
import { AuditRulesService } from './modules/audit/audit-rules.service';
import { auditRoutes } from './modules/audit/audit.routes';
import { MessageViolations } from './modules/audit/message-violations';
import { notifyViolationsThroughBot } from './modules/audit/violation-notifier';
import { ViolationsService } from './modules/audit/violations.service';
import { SettingsService } from './modules/settings/settings.service';
import { Recipients } from './modules/users/recipients';
import { AlertsRepository } from './modules/alerts/alerts.repository';
import { alertsRoutes } from './modules/alerts/alerts.routes';
import { AlertsService } from './modules/alerts/alerts.service';
import { ChannelDuty } from './modules/channels/channel-duty';
import { ChannelWelcomes } from './modules/channels/channel-welcomes';
import { ChannelsRepository } from './modules/channels/channels.repository';
import { channelsRoutes } from './modules/channels/channels.routes';
import { ChannelsService } from './modules/channels/channels.service';
import { CustomerAudience } from './modules/customers/customer-audience';
import { CustomerBook } from './modules/customers/customer-book';
import { CustomerDirectory } from './modules/customers/customer-directory.service';
import { registerCustomerEventHandlers } from './modules/customers/customer-events.handler';
import { CustomerSyncService } from './modules/customers/customer-sync.service';
import { CustomersRepository } from './modules/customers/customers.repository';
import { customersRoutes } from './modules/customers/customers.routes';
import { CustomersService } from './modules/customers/customers.service';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes';
import { DashboardService } from './modules/dashboard/dashboard.service';
import { GroupsRepository } from './modules/groups/groups.repository';
import { groupsRoutes } from './modules/groups/groups.routes';
import { GroupsService } from './modules/groups/groups.service';
import { MaterialMedia } from './modules/materials/material-media';
import { MaterialStore } from './modules/materials/material-store';
import { MaterialsRepository } from './modules/materials/materials.repository';
import { materialsRoutes } from './modules/materials/materials.routes';
import { MaterialsService } from './modules/materials/materials.service';
import { ScopeService } from './modules/org/scope.service';
import { ConversationDirectory } from './modules/archive/conversation-directory';
import { conversationSql } from './modules/archive/conversation-sql';
import { GroupDirectory } from './modules/groups/group-directory.service';
import { MemberDirectory } from './modules/org/member-directory.service';
import { keepCaseStatus } from './modules/reassign/case-status';
import { Departures } from './modules/reassign/departures';
import { HandoverJobs } from './modules/reassign/handover-jobs';
import { notifyHandoversThroughBot } from './modules/reassign/handover-notifier';
import { Planner } from './modules/reassign/planner';
import { ReassignRepository } from './modules/reassign/reassign.repository';
import { reassignRoutes } from './modules/reassign/reassign.routes';
import { ReassignService } from './modules/reassign/reassign.service';
import { TransferEngine } from './modules/reassign/transfer-engine';
import { TransferTracker } from './modules/reassign/transfer-tracker';
import { TagsRepository } from './modules/tags/tags.repository';
import { tagsRoutes } from './modules/tags/tags.routes';
import { TagsService } from './modules/tags/tags.service';
import { ConnectionCheckService } from './modules/wecom/connection-check.service';
import { RedisRateLimiter } from './modules/wecom/redis-rate-limiter';
import { DatabaseTokenStore, RedisTokenStore } from './modules/wecom/token-stores';
import { createWeComClients } from './modules/wecom/wecom-clients';
import { WeComStateRepository } from './modules/wecom/wecom-state.repository';
import { wecomRoutes } from './modules/wecom/wecom.routes';
import { AccessAuditRepository } from './modules/access-audit/access-audit.repository';
import { accessAuditRoutes } from './modules/access-audit/access-audit.routes';
import { AccessAuditService } from './modules/access-audit/access-audit.service';
import { authenticate } from './http/auth.middleware';
import { authRoutes } from './modules/auth/auth.routes';
import { AuthService } from './modules/auth/auth.service';
import { createLoginLimiter } from './modules/auth/login-limiter';
import { SessionService } from './modules/auth/session.service';
import { systemRoutes } from './modules/system/system.routes';
import { SystemService, type SystemInfo } from './modules/system/system.service';
import { UsersRepository } from './modules/users/users.repository';
import { usersRoutes } from './modules/users/users.routes';
import { UsersService } from './modules/users/users.service';

export interface AppDependencies {
  config: Config;
  dataSource: DataSource;
  logger: Logger;
  systemInfo: SystemInfo;
  redis?: Redis;
  /** The built console to serve on the same port; omitted in API-only tests. */
  consoleDist?: string;
  /** Faster retries in tests. */
  dispatcherOptions?: DispatcherOptions;
  /**
   * "Now" for WeCom's slow rules (a transfer completes 24 h after the call, 300 groups a day): tests move it
   * with the simulator's clock. Defaults to the system clock.
   */
  clock?: () => Date;
}

export type Services = ReturnType<typeof createServices>;

export function createServices({
  config,
  dataSource,
  systemInfo,
  redis,
  logger,
  dispatcherOptions,
  clock = () => new Date(),
}: AppDependencies) {
  const domainEvents = new DomainEvents();
  const locks = new JobLocks(dataSource);
  const sessions = new SessionService(dataSource, config.auth.sessionTtlMs);
  const usersRepository = new UsersRepository(dataSource);
  const accessAudit = new AccessAuditService(new AccessAuditRepository(dataSource));
  const users = new UsersService(usersRepository, sessions, accessAudit);
  const auth = new AuthService(users, sessions, createLoginLimiter(config.auth, redis));
  const system = new SystemService(dataSource, sessions, users, systemInfo);

  const tokenStore = redis ? new RedisTokenStore(redis) : new DatabaseTokenStore(dataSource);
  const wecom = createWeComClients(
    config.wecom,
    tokenStore,
    logger.child({ component: 'wecom' }),
    redis ? new RedisRateLimiter(redis) : undefined,
  );
  const wecomState = new WeComStateRepository(dataSource);
  const connectionChecks = new ConnectionCheckService(config.wecom, wecom, wecomState);

  const orgRepository = new OrgRepository(dataSource);
  const syncRuns = new SyncRuns(dataSource);
  const org = new OrgService(orgRepository, syncRuns, accessAudit);
  const orgSync = new OrgSyncService(
    orgRepository,
    syncRuns,
    wecom.contact,
    locks,
    domainEvents,
    logger.child({ component: 'org-sync' }),
  );

  const scopes = new ScopeService(orgRepository);
  const book = new CustomerBook();
  const alerts = new AlertsService(new AlertsRepository(dataSource), scopes);
  const groupsRepository = new GroupsRepository(dataSource);
  const groups = new GroupsService(
    groupsRepository,
    scopes,
    dataSource,
    wecom.contact,
    new CustomerDirectory(dataSource),
  );
  const customersRepository = new CustomersRepository(dataSource);
  const customers = new CustomersService(
    customersRepository,
    groups,
    org,
    scopes,
    book,
    dataSource,
    wecom.contact,
    accessAudit,
  );
  const tags = new TagsService(new TagsRepository(dataSource), customers, scopes, wecom.contact);
  const customerSync = new CustomerSyncService({
    customers: customersRepository,
    book,
    tags,
    groups,
    runs: syncRuns,
    client: wecom.contact,
    archive: wecom.archive,
    locks,
    domainEvents,
    dataSource,
    logger: logger.child({ component: 'customer-sync' }),
  });
  const audience = new CustomerAudience(
    dataSource,
    new MemberDirectory(dataSource),
    scopes,
    conversationSql,
    clock,
  );
  const segments = new SegmentsService(new SegmentsRepository(dataSource), audience, scopes, clock);
  const frequencyGuard = new FrequencyGuard(dataSource);
  const dashboard = new DashboardService(dataSource, config.database.dialect, scopes, alerts);
  const recipients = new Recipients(dataSource, users, scopes);

  const archiveSource = createFinanceSdk(config.wecom, logger.child({ component: 'finance-sdk' }));
  const settings = new SettingsService(dataSource);
  const auditRules = new AuditRulesService(
    dataSource,
    org,
    scopes,
    logger.child({ component: 'audit-rules' }),
  );
  const violations = new ViolationsService(dataSource, scopes, accessAudit);
  const messageViolations = new MessageViolations(dataSource);
  const rescans = new ArchiveRescans({
    dataSource,
    rules: auditRules,
    violations: messageViolations,
    locks,
    domainEvents,
    logger: logger.child({ component: 'rescan' }),
  });
  const puller = new ArchivePuller({
    dataSource,
    sdk: archiveSource?.sdk,
    keyVersions: archiveSource?.keyVersions ?? [],
    rules: auditRules,
    violations: messageViolations,
    locks,
    domainEvents,
    logger: logger.child({ component: 'archive' }),
  });
  const archiveMedia = new ArchiveMediaService(
    dataSource,
    archiveSource?.sdk,
    {
      directory: config.wecom.archive.mediaDir,
      maxFileBytes: config.wecom.archive.maxMediaFileBytes,
      maxStoreBytes: config.wecom.archive.maxMediaStoreBytes,
    },
    logger.child({ component: 'archive-media' }),
  );
  const archiveRetention = new ArchiveRetention(
    dataSource,
    settings,
    archiveMedia,
    logger.child({ component: 'retention' }),
  );
  const archive = new ArchiveService(
    new ArchiveRepository(dataSource),
    scopes,
    dataSource,
    puller,
    settings,
    messageViolations,
    accessAudit,
  );
  notifyViolationsThroughBot({
    domainEvents,
    violations,
    recipients,
    agent: wecom.agent,
    publicUrl: config.http.publicUrl,
    logger,
  });

  const reassignRepository = new ReassignRepository(dataSource);
  const members = new MemberDirectory(dataSource);
  const customerDirectory = new CustomerDirectory(dataSource);
  const groupDirectory = new GroupDirectory(dataSource);
  const transferTracker = new TransferTracker({
    repository: reassignRepository,
    book,
    client: wecom.contact,
    domainEvents,
    logger: logger.child({ component: 'handover-tracker' }),
    now: clock,
  });
  const transferEngine = new TransferEngine({
    repository: reassignRepository,
    tracker: transferTracker,
    client: wecom.contact,
    groups,
    members,
    locks,
    domainEvents,
    logger: logger.child({ component: 'handover-engine' }),
    now: clock,
  });
  const departures = new Departures({
    repository: reassignRepository,
    client: wecom.contact,
    members,
    customers: customerDirectory,
    groups: groupDirectory,
    locks,
    domainEvents,
    logger: logger.child({ component: 'departures' }),
    now: clock,
  });
  const reassign = new ReassignService({
    repository: reassignRepository,
    planner: new Planner({
      repository: reassignRepository,
      client: wecom.contact,
      members,
      customers: customerDirectory,
      conversations: new ConversationDirectory(dataSource),
      now: clock,
    }),
    engine: transferEngine,
    tracker: transferTracker,
    scopes,
    members,
    customers: customerDirectory,
    groups: groupDirectory,
    audit: accessAudit,
    now: clock,
  });
  const handoverJobs = new HandoverJobs({
    departures,
    engine: transferEngine,
    domainEvents,
    logger: logger.child({ component: 'handovers' }),
  });
  keepCaseStatus({
    domainEvents,
    repository: reassignRepository,
    logger: logger.child({ component: 'handover-status' }),
    now: clock,
  });
  notifyHandoversThroughBot({
    domainEvents,
    reassign,
    recipients,
    agent: wecom.agent,
    publicUrl: config.http.publicUrl,
    logger,
  });

  const materialsRepository = new MaterialsRepository(dataSource);
  const materialStore = new MaterialStore(config.materials.dir);
  const materials = new MaterialsService({
    repository: materialsRepository,
    store: materialStore,
    now: clock,
  });
  const materialMedia = new MaterialMedia({
    repository: materialsRepository,
    store: materialStore,
    client: wecom.contact,
    locks,
    now: clock,
    logger: logger.child({ component: 'material-media' }),
  });

  const campaignsRepository = new CampaignsRepository(dataSource);
  const campaignScope = new CampaignScope(scopes);
  const resultSync = new ResultSync({
    repository: campaignsRepository,
    client: wecom.contact,
    domainEvents,
    logger: logger.child({ component: 'broadcast-results' }),
    now: clock,
  });
  const broadcastEngine = new SubmissionEngine({
    repository: campaignsRepository,
    audience: campaignAudience(),
    scope: campaignScope,
    recovery: new TaskRecovery({ repository: campaignsRepository, client: wecom.contact, now: clock }),
    results: resultSync,
    notices: new StaffNotices({
      dataSource,
      repository: campaignsRepository,
      agent: wecom.agent,
      logger: logger.child({ component: 'staff-notices' }),
      now: clock,
    }),
    attachments: materialMedia,
    client: wecom.contact,
    locks,
    domainEvents,
    logger: logger.child({ component: 'broadcast-engine' }),
    now: clock,
  });
  const campaigns = new CampaignsService({
    repository: campaignsRepository,
    audience: campaignAudience(),
    scope: campaignScope,
    engine: broadcastEngine,
    results: resultSync,
    reminders: new Reminders({
      repository: campaignsRepository,
      client: wecom.contact,
      agent: wecom.agent,
      publicUrl: config.http.publicUrl,
      logger: logger.child({ component: 'broadcast-reminders' }),
      now: clock,
    }),
    content: new CampaignContentCheck(materials, auditRules),
    segments,
    settings,
    scopes,
    members,
    customers: customerDirectory,
    customerBook: customers,
    groups: groupDirectory,
    audit: accessAudit,
    domainEvents,
    now: clock,
  });
  const broadcastJobs = new BroadcastJobs({
    engine: broadcastEngine,
    media: materialMedia,
    repository: campaignsRepository,
  });
  notifyApprovalsThroughBot({
    domainEvents,
    repository: campaignsRepository,
    recipients,
    agent: wecom.agent,
    publicUrl: config.http.publicUrl,
    logger,
  });
  function campaignAudience(): CampaignAudience {
    return new CampaignAudience({
      audience,
      frequency: frequencyGuard,
      members,
      groups: groupDirectory,
      scopes,
      settings,
      now: clock,
    });
  }

  const channelsRepository = new ChannelsRepository(dataSource);
  const channelDuty = new ChannelDuty({
    repository: channelsRepository,
    customers: customerDirectory,
    client: wecom.contact,
    locks,
    logger: logger.child({ component: 'channel-duty' }),
    now: clock,
  });
  const channels = new ChannelsService({
    repository: channelsRepository,
    duty: channelDuty,
    customers: customerDirectory,
    scopes,
    client: wecom.contact,
    now: clock,
  });
  const channelWelcomes = new ChannelWelcomes({
    repository: channelsRepository,
    duty: channelDuty,
    customers: customerDirectory,
    defaults: customers,
    attachments: materialMedia,
    client: wecom.contact,
    logger: logger.child({ component: 'channel-welcomes' }),
    now: clock,
  });

  const handlers = new EventHandlers();
  registerOrgEventHandlers(handlers, orgRepository, wecom.contact);
  registerCustomerEventHandlers(handlers, {
    book,
    // The welcome of a channel code goes first in the add handler (the callback route usually sent it already).
    channels: channelWelcomes,
    alerts,
    tags,
    groups,
    client: wecom.contact,
    transfers: transferTracker,
  });
  handlers.on('msgaudit_notify', async (_event, context) => {
    await context.commit((manager) => puller.recordNotify(manager, context.receivedAt));
    puller.nudge();
  });
  const { callback } = config.wecom;
  const inboxRepository = new InboxRepository(dataSource);
  const inbox =
    callback && config.wecom.corpId
      ? new InboxService(
          inboxRepository,
          new CallbackCodec({
            token: callback.token,
            encodingAesKey: callback.encodingAesKey,
            receiveId: config.wecom.corpId,
            maxBodyBytes: callback.maxBodyBytes,
          }),
        )
      : undefined;
  const dispatcher = new InboxDispatcher(
    inboxRepository,
    handlers,
    domainEvents,
    logger.child({ component: 'inbox' }),
    dispatcherOptions,
  );

  return {
    domainEvents,
    locks,
    sessions,
    users,
    auth,
    accessAudit,
    system,
    wecom,
    wecomState,
    connectionChecks,
    org,
    orgRepository,
    syncRuns,
    orgSync,
    scopes,
    alerts,
    tags,
    groups,
    customers,
    customerSync,
    audience,
    segments,
    campaigns,
    campaignsRepository,
    broadcastEngine,
    broadcastJobs,
    frequencyGuard,
    dashboard,
    recipients,
    archiveSource,
    settings,
    auditRules,
    violations,
    messageViolations,
    rescans,
    puller,
    archiveMedia,
    archiveRetention,
    archive,
    reassign,
    departures,
    transferEngine,
    handoverJobs,
    materials,
    materialMedia,
    channels,
    channelDuty,
    channelWelcomes,
    handlers,
    inbox,
    dispatcher,
  };
}

/** Builds the Koa app without listening: tests drive it in-process, main.ts serves it. */
export function createApp(deps: AppDependencies): {
  app: Koa<KeeperState>;
  services: Services;
  metrics: Registry;
} {
  const { config, logger } = deps;
  const services = createServices(deps);
  const metrics = createMetrics();
  const app = new Koa<KeeperState>({ proxy: config.http.trustProxy });

  app.use(requestId());
  app.use(errorHandler(logger));
  app.use(metrics.middleware);
  app.use(contentSecurityPolicy(config.wecom.apiBaseUrl));
  if (deps.consoleDist) app.use(staticConsole(deps.consoleDist, isWeComCallbackRequest));
  // Only the JSON API parses bodies. The WeCom callback reads its own raw body (the signature covers the exact
  // bytes), and a parser that ran first on a callback sent as application/json left it an emptied stream.
  const parseJson = bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' });
  app.use((ctx, next) => (ctx.path.startsWith('/api/') ? parseJson(ctx, next) : next()));
  app.use(authenticate(services.sessions, services.users));

  for (const router of [
    callbackRoutes({
      inbox: services.inbox,
      dispatcher: services.dispatcher,
      connection: services.connectionChecks,
      maxBodyBytes: config.wecom.callback?.maxBodyBytes ?? 256 * 1024,
      logger,
      // A channel code's welcome leaves as the callback is stored, not when the dispatcher reaches it.
      received: (event) => services.channelWelcomes.early(event),
    }),
    systemRoutes(services.system, { registry: metrics.registry, token: config.metrics.token }),
    authRoutes(services.auth, services.sessions, config),
    usersRoutes(services.users),
    accessAuditRoutes(services.accessAudit),
    orgRoutes(services.org, services.orgSync),
    inboxRoutes(services.inbox, services.dispatcher),
    wecomRoutes(services.connectionChecks),
    customersRoutes({
      customers: services.customers,
      sync: services.customerSync,
      runs: services.syncRuns,
    }),
    tagsRoutes(services.tags),
    groupsRoutes(services.groups),
    alertsRoutes(services.alerts),
    dashboardRoutes(services.dashboard),
    archiveRoutes({
      archive: services.archive,
      puller: services.puller,
      media: services.archiveMedia,
      retention: services.archiveRetention,
      settings: services.settings,
      rescans: services.rescans,
    }),
    auditRoutes(services.auditRules, services.violations),
    reassignRoutes(services.reassign),
    materialsRoutes(services.materials),
    // Before the campaign routes: their `/api/broadcasts/:id` would take `/api/broadcasts/segments`.
    segmentsRoutes(services.segments),
    broadcastsRoutes(services.campaigns),
    channelsRoutes(services.channels),
  ]) {
    app.use(router.routes()).use(router.allowedMethods());
  }

  app.on('error', (error: unknown) => logger.warn({ err: error }, 'unhandled koa error'));
  return { app, services, metrics: metrics.registry };
}
