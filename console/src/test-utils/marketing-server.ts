import { vi } from 'vitest';
import type {
  AudienceCount,
  AudienceCountRequest,
  BroadcastSettings,
  Campaign,
  CampaignFunnel,
  CampaignPreview,
  CampaignStatus,
  Material,
  MaterialInput,
  ReachedCampaign,
  Recipient,
  RemindResult,
  Segment,
  SegmentInput,
} from '@keeper/shared';
import { jsonResponse } from './harness';
import { makeCampaign, makeCampaignFunnel, makeMaterial, makeSegment, pageOf, tagGroups } from './fixtures';

/** What the fake server holds; every part has a default a page can load with. */
export interface MarketingWorld {
  campaigns?: Campaign[];
  /** The campaign `/api/broadcasts/:id` answers (and acts on). */
  campaign?: Campaign;
  funnel?: CampaignFunnel;
  recipients?: Recipient[];
  count?: (request: AudienceCountRequest) => AudienceCount;
  preview?: CampaignPreview;
  settings?: BroadcastSettings;
  materials?: Material[];
  segments?: Segment[];
  reached?: ReachedCampaign[];
  remind?: RemindResult;
  /** The status a campaign has after each action. */
  after?: Partial<Record<'submit' | 'approve' | 'reject' | 'cancel' | 'refresh', CampaignStatus>>;
}

const notFound = () => jsonResponse(404, { code: 'not_found', message: 'Not found', requestId: 'r' });

function body<T>(init: RequestInit | undefined): T {
  return JSON.parse(String(init?.body ?? '{}')) as T;
}

/**
 * The broadcasts, materials, org, tags and customer-group endpoints the marketing pages call, answered from
 * `world` the way the contract says; `fetch` is replaced for the test.
 */
export function serveMarketing(world: MarketingWorld = {}) {
  const campaign = world.campaign ?? makeCampaign();
  let settings: BroadcastSettings = world.settings ?? { receiveRule: 'month', approvalRequired: false };
  const campaignPath = `/api/broadcasts/${campaign.id}`;

  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const parsed = new URL(url, 'http://console.test');
    const path = parsed.pathname;
    const method = init?.method ?? 'GET';

    if (path === '/api/broadcasts/audience/count' && method === 'POST') {
      const request = body<AudienceCountRequest>(init);
      return jsonResponse(
        200,
        world.count?.(request) ?? { customers: 100, merged: 0, senders: 2, tookMs: 5 },
      );
    }
    if (path === '/api/broadcasts/segments') {
      if (method === 'POST') {
        const input = body<SegmentInput>(init);
        return jsonResponse(201, makeSegment({ id: 's9', ...input, lastCount: 100 }));
      }
      return jsonResponse(200, world.segments ?? [makeSegment()]);
    }
    if (path.startsWith('/api/broadcasts/segments/')) {
      if (method === 'DELETE') return jsonResponse(204, undefined);
      const input = body<SegmentInput>(init);
      return jsonResponse(200, makeSegment({ id: path.split('/').at(-1)!, ...input }));
    }
    if (path === '/api/broadcasts/settings') {
      if (method === 'PUT') settings = body<BroadcastSettings>(init);
      return jsonResponse(200, settings);
    }
    if (path.startsWith('/api/broadcasts/reached/')) return jsonResponse(200, world.reached ?? []);
    if (path === '/api/broadcasts') {
      if (method === 'POST') {
        const input = body<Partial<Campaign>>(init);
        return jsonResponse(201, makeCampaign({ ...campaign, ...input, id: campaign.id, status: 'draft' }));
      }
      const status = parsed.searchParams.get('status');
      const all = world.campaigns ?? [campaign];
      return jsonResponse(200, pageOf(status ? all.filter((each) => each.status === status) : all));
    }
    if (path === campaignPath) {
      if (method === 'DELETE') return jsonResponse(204, undefined);
      if (method === 'PUT') return jsonResponse(200, { ...campaign, ...body<Partial<Campaign>>(init) });
      return jsonResponse(200, campaign);
    }
    if (path === `${campaignPath}/preview`)
      return world.preview ? jsonResponse(200, world.preview) : notFound();
    for (const action of ['submit', 'approve', 'reject', 'cancel', 'refresh'] as const) {
      if (path === `${campaignPath}/${action}` && method === 'POST') {
        return jsonResponse(200, { ...campaign, status: world.after?.[action] ?? campaign.status });
      }
    }
    if (path === `${campaignPath}/remind`)
      return jsonResponse(200, world.remind ?? { reminded: 1, remindersLeft: 2 });
    if (path === `${campaignPath}/funnel`) return jsonResponse(200, world.funnel ?? makeCampaignFunnel());
    if (path === `${campaignPath}/recipients`) return jsonResponse(200, pageOf(world.recipients ?? []));

    if (path === '/api/materials') {
      if (method === 'POST') {
        const form = init?.body instanceof FormData ? init.body : null;
        const meta = form
          ? (JSON.parse(String(form.get('meta'))) as MaterialInput)
          : body<MaterialInput>(init);
        return jsonResponse(201, makeMaterial({ id: 'm9', ...meta }));
      }
      const kind = parsed.searchParams.get('kind');
      const all = world.materials ?? [makeMaterial()];
      return jsonResponse(200, pageOf(kind ? all.filter((each) => each.kind === kind) : all));
    }
    if (path.startsWith('/api/materials/')) {
      if (method === 'DELETE') return jsonResponse(204, undefined);
      return jsonResponse(200, makeMaterial({ id: path.split('/').at(-1)!, ...body<MaterialInput>(init) }));
    }

    if (path === '/api/org/members') {
      return jsonResponse(
        200,
        pageOf([
          { userId: 'LiLei', name: '李雷', departmentIds: ['d1'], position: null, status: 'active' },
          { userId: 'HanMeimei', name: '韩梅梅', departmentIds: ['d1'], position: null, status: 'active' },
        ]),
      );
    }
    if (path === '/api/org/overview') {
      return jsonResponse(200, {
        departments: [{ id: 'd1', name: '销售部', parentId: null, order: 0, memberCount: 2 }],
        counts: { active: 2, disabled: 0, inactive: 0, departed: 0 },
        lastSync: null,
      });
    }
    if (path === '/api/tags') return jsonResponse(200, tagGroups);
    if (path === '/api/customer-groups') return jsonResponse(200, pageOf([]));
    return notFound();
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

export type FetchMock = ReturnType<typeof serveMarketing>;

/** The requests made to one path (any method unless given), with their query and parsed JSON body. */
export function requestsTo(fetchMock: FetchMock, path: string, method?: string) {
  return fetchMock.mock.calls
    .map(([url, init]) => ({ url: new URL(url, 'http://console.test'), init }))
    .filter(({ url, init }) => url.pathname === path && (!method || (init?.method ?? 'GET') === method))
    .map(({ url, init }) => ({
      query: Object.fromEntries(url.searchParams),
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : init?.body,
    }));
}
