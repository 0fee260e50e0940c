import { vi } from 'vitest';
import type { Channel, ChannelInput } from '@keeper/shared';
import { pageOf } from './fixtures';
import { jsonResponse } from './harness';
import { serveMarketing, type MarketingWorld } from './marketing-server';

export function makeChannel(overrides: Partial<Channel> = {}): Channel {
  return {
    id: 'c1',
    name: '春季展会',
    state: 'expo-2026',
    memberIds: ['LiLei'],
    shifts: [],
    dailyCap: null,
    backupMemberIds: [],
    skipVerify: true,
    tagIds: [],
    remarkPrefix: null,
    welcome: { text: '', materialIds: [] },
    configId: 'cfg1',
    enabled: true,
    onDuty: ['LiLei', 'HanMeimei'],
    figures: { adds: 120, losses: 8, kept7: 90, added7: 100, kept30: null, added30: 0, addsToday: 6 },
    createdBy: 'ada',
    createdAt: '2026-03-01T02:00:00.000Z',
    updatedAt: '2026-03-02T02:00:00.000Z',
    ...overrides,
  };
}

export interface ChannelsWorld extends MarketingWorld {
  channels?: Channel[];
  /** Answers a create or an update instead of echoing it (a 409 for a taken channel parameter). */
  refuseSave?: () => Response;
}

function body<T>(init: RequestInit | undefined): T {
  return JSON.parse(String(init?.body ?? '{}')) as T;
}

/**
 * `/api/channels` answered from `world` as the contract says, everything else (members, tags, materials) as
 * the marketing pages' fake server answers it; `fetch` is replaced for the test.
 */
export function serveChannels(world: ChannelsWorld = {}) {
  const marketing = serveMarketing(world);
  const channels = world.channels ?? [makeChannel()];
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const path = new URL(url, 'http://console.test').pathname;
    const method = init?.method ?? 'GET';
    if (path === '/api/channels') {
      if (method === 'POST') {
        if (world.refuseSave) return world.refuseSave();
        const input = body<ChannelInput>(init);
        return jsonResponse(201, makeChannel({ ...input, id: 'c9', onDuty: input.memberIds }));
      }
      return jsonResponse(200, channels);
    }
    if (path === '/api/org/members') {
      const member = (userId: string, name: string) => ({
        userId,
        name,
        departmentIds: ['d1'],
        mainDepartmentId: 'd1',
        position: null,
        mobile: null,
        status: 'active',
        departedAt: null,
        updatedAt: '2026-03-01T02:00:00.000Z',
      });
      return jsonResponse(200, pageOf([member('LiLei', '李雷'), member('HanMeimei', '韩梅梅')]));
    }
    const match = /^\/api\/channels\/([^/]+)$/.exec(path);
    if (match) {
      const channel = channels.find((each) => each.id === match[1]);
      if (!channel) return jsonResponse(404, { code: 'not_found', message: 'Not found', requestId: 'r' });
      if (method === 'DELETE') return jsonResponse(204, undefined);
      if (method === 'PATCH') return jsonResponse(200, { ...channel, ...body<{ enabled: boolean }>(init) });
      if (method === 'PUT') {
        if (world.refuseSave) return world.refuseSave();
        return jsonResponse(200, { ...channel, ...body<ChannelInput>(init) });
      }
    }
    return marketing(url, init);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
