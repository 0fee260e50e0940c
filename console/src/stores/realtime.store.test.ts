import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { SocketEvent } from '@keeper/shared';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import { makeAlert, makeArchiveStatus, makeViolation } from '@/test-utils/fixtures';
import { useAuthStore } from './auth.store';
import { useRealtimeStore } from './realtime.store';

type Handler = (payload?: unknown) => void;

const socket = vi.hoisted(() => {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    options: [] as unknown[],
    disconnect: vi.fn(),
    emit: (event: string, payload?: unknown) => handlers.get(event)?.(payload),
  };
});

vi.mock('socket.io-client', () => ({
  io: (options: unknown) => {
    socket.options.push(options);
    return {
      on: (event: string, handler: Handler) => socket.handlers.set(event, handler),
      removeAllListeners: () => socket.handlers.clear(),
      disconnect: socket.disconnect,
    };
  },
}));

describe('the realtime store', () => {
  beforeEach(() => {
    socket.handlers.clear();
    socket.options.length = 0;
    socket.disconnect.mockClear();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(200, { open: 4 })),
    );
  });

  afterEach(() => {
    useRealtimeStore().stop();
  });

  it('connects on the same origin with the session cookie and loads the open-alert count', async () => {
    createTestApp(makeMe(['auditor']));
    const realtime = useRealtimeStore();

    realtime.start();
    await flushPromises();

    expect(socket.options).toEqual([
      { path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] },
    ]);
    expect(realtime.openAlerts).toBe(4);
    socket.emit('connect');
    expect(realtime.connection).toBe('connected');
  });

  it('counts a pushed alert, passes it to subscribers, and takes pushed counts as they are', async () => {
    createTestApp(makeMe(['auditor']));
    const realtime = useRealtimeStore();
    realtime.start();
    await flushPromises();
    const received: string[] = [];
    realtime.onAlertCreated((alert) => received.push(alert.id));

    socket.emit(SocketEvent.AlertCreated, makeAlert({ id: 'a9' }));
    expect(realtime.openAlerts).toBe(5);
    expect(received).toEqual(['a9']);

    socket.emit(SocketEvent.AlertCounts, { open: 2 });
    expect(realtime.openAlerts).toBe(2);

    socket.emit(SocketEvent.SyncProgress, { runId: 3, phase: 'customers', processed: 10, total: 40 });
    expect(realtime.syncProgress).toEqual({ runId: 3, phase: 'customers', processed: 10, total: 40 });
  });

  it('counts new violations, passes them to subscribers, and keeps the pushed archive status', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        jsonResponse(200, url.startsWith('/api/violations/counts') ? { new: 3 } : { open: 4 }),
      ),
    );
    createTestApp(makeMe(['auditor']));
    const realtime = useRealtimeStore();
    realtime.start();
    await flushPromises();
    expect(realtime.newViolations).toBe(3);
    const received: string[] = [];
    realtime.onViolationCreated((violation) => received.push(violation.id));

    socket.emit(SocketEvent.ViolationCreated, makeViolation({ id: 'v9' }));
    expect(realtime.newViolations).toBe(4);
    expect(received).toEqual(['v9']);

    socket.emit(SocketEvent.ArchiveStatus, makeArchiveStatus({ checkpointSeq: '777' }));
    expect(realtime.archiveStatus?.checkpointSeq).toBe('777');
  });

  it('keeps the departures badge for whoever hands over, and passes case progress to the pages', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        jsonResponse(200, url === '/api/reassign/inbox' ? { open: 3 } : { open: 0 }),
      ),
    );
    createTestApp(makeMe(['manager']));
    const realtime = useRealtimeStore();
    realtime.start();
    await flushPromises();
    expect(realtime.handoverInbox).toBe(3);
    const progressed: string[] = [];
    realtime.onHandoverProgress((caseId) => progressed.push(caseId));

    socket.emit(SocketEvent.HandoverInbox, { open: 4 });
    socket.emit(SocketEvent.HandoverProgress, { caseId: 'c7' });
    // A payload that breaks the contract is dropped.
    socket.emit(SocketEvent.HandoverInbox, { open: 'many' });
    socket.emit(SocketEvent.HandoverProgress, { id: 'c8' });

    expect(realtime.handoverInbox).toBe(4);
    expect(progressed).toEqual(['c7']);
  });

  it('does not ask for the departures count without reassign.run', async () => {
    const fetchMock = vi.fn(async (_url: string) => jsonResponse(200, { open: 4 }));
    vi.stubGlobal('fetch', fetchMock);
    createTestApp(makeMe(['auditor']));
    useRealtimeStore().start();
    await flushPromises();

    expect(fetchMock.mock.calls.map(([url]) => url)).not.toContain('/api/reassign/inbox');
  });

  it('on every connection asks for the counts again and tells open pages to reload', async () => {
    let openAlerts = 4;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(200, { open: openAlerts })),
    );
    createTestApp(makeMe(['auditor']));
    const realtime = useRealtimeStore();
    realtime.start();
    await flushPromises();
    let reloads = 0;
    realtime.onConnected(() => (reloads += 1));

    // An alert raised before the socket joined its rooms only shows in the count asked for on connect.
    openAlerts = 5;
    socket.emit('connect');
    await flushPromises();
    expect(realtime.openAlerts).toBe(5);
    expect(reloads).toBe(1);

    socket.emit('disconnect');
    expect(realtime.connection).toBe('disconnected');
    openAlerts = 7;
    socket.emit('connect');
    await flushPromises();
    expect(realtime.openAlerts).toBe(7);
    expect(reloads).toBe(2);
  });

  it('drops a payload that does not match the contract', async () => {
    createTestApp(makeMe(['auditor']));
    const realtime = useRealtimeStore();
    realtime.start();
    await flushPromises();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    socket.emit(SocketEvent.AlertCreated, { id: 1 });

    expect(realtime.openAlerts).toBe(4);
    expect(warn).toHaveBeenCalled();
  });

  it('closes the socket when the session ends', async () => {
    createTestApp(makeMe(['auditor']));
    const realtime = useRealtimeStore();
    realtime.start();
    await flushPromises();

    useAuthStore().clear();
    await flushPromises();

    expect(socket.disconnect).toHaveBeenCalledTimes(1);
    expect(realtime.openAlerts).toBe(0);
    expect(realtime.connection).toBe('idle');
  });
});
