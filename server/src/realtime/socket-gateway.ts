import type http from 'node:http';
import { Permission, SocketCommand, SocketEvent } from '@keeper/shared';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import type { Services } from '../app';
import type { AuthUser } from '../http/context';
import type { Logger } from '../logger';
import { SESSION_COOKIE } from '../http/auth.middleware';

const CUSTOMERS_ROOM = 'customers';
const CHATS_ROOM = 'chats';
const userRoom = (userId: number) => `user:${userId}`;
/** Customer news goes by scope: corp-wide readers in one room, everyone else in a room per covered department. */
const CUSTOMERS_CORP_ROOM = 'customers:corp';
const customersDepartmentRoom = (departmentId: string) => `customers:department:${departmentId}`;
const conversationRoom = (conversationId: string) => `conversation:${conversationId}`;
/**
 * A campaign being submitted changes with every task (hundreds a minute): its readers hear of it at most this
 * often, and refetch what they show.
 */
const BROADCAST_PUSH_MS = 1_000;

/**
 * Live updates for the console over socket.io. Connections authenticate with the session cookie; messages
 * go to per-user rooms, so with the Redis adapter they reach a user's sockets on every Keeper process.
 */
export function attachSocketGateway(options: {
  server: http.Server;
  services: Services;
  logger: Logger;
  redis?: Redis;
}): Server {
  const { services, logger } = options;
  const io = new Server(options.server, { path: '/socket.io', serveClient: false });
  if (options.redis) io.adapter(createAdapter(options.redis.duplicate(), options.redis.duplicate()));

  io.use((socket, next) => {
    void authenticate(socket, services)
      .then((user) => {
        if (!user) return next(new Error('unauthenticated'));
        socket.data.user = user;
        // Resolved before the connection opens, so no customer event reaches it outside its rooms. The rooms
        // follow the scope and department tree of the moment it connects (sign-in, page load, reconnect).
        return customerRoomsOf(user).then((rooms) => {
          socket.data.customerRooms = rooms;
          next();
        });
      })
      .catch(next);
  });

  io.on('connection', (socket) => {
    const user = socket.data.user as AuthUser;
    void socket.join(userRoom(user.id));
    if (user.permissions.has(Permission.CustomersRead)) {
      void socket.join([CUSTOMERS_ROOM, ...(socket.data.customerRooms as string[])]);
    }
    if (user.permissions.has(Permission.ChatsRead)) void socket.join(CHATS_ROOM);
    if (user.permissions.has(Permission.AlertsRead)) {
      void services.alerts.countOpen(user).then((open) => socket.emit(SocketEvent.AlertCounts, { open }));
    }
    if (user.permissions.has(Permission.ReassignRun)) {
      void services.reassign
        .countOpenDepartures(user)
        .then((open) => socket.emit(SocketEvent.HandoverInbox, { open }));
    }
    watchConversations(socket, user);
  });

  services.domainEvents.on('alert.created', (event) => {
    void notifyAlert(event.alertId, event.userId).catch((error: unknown) =>
      logger.warn({ err: error }, 'alert push failed'),
    );
  });
  services.domainEvents.on('customers.sync_progress', (progress) =>
    io.to(CUSTOMERS_ROOM).emit(SocketEvent.SyncProgress, progress),
  );
  services.domainEvents.on('customer.changed', (change) => {
    void roomsCovering(change.externalUserId)
      .then((rooms) => io.to(rooms).emit(SocketEvent.CustomerChanged, change))
      .catch((error: unknown) => logger.warn({ err: error }, 'customer push failed'));
  });

  for (const name of ['handover.opened', 'handover.updated'] as const) {
    services.domainEvents.on(name, ({ caseId, handoverUserId }) => {
      void notifyHandover(caseId, handoverUserId).catch((error: unknown) =>
        logger.warn({ err: error }, 'handover push failed'),
      );
    });
  }

  const broadcastPushes = new Map<string, NodeJS.Timeout>();
  services.domainEvents.on('broadcast.progress', ({ campaignId }) => {
    if (broadcastPushes.has(campaignId)) return;
    const timer = setTimeout(() => {
      broadcastPushes.delete(campaignId);
      void notifyBroadcast(campaignId).catch((error: unknown) =>
        logger.warn({ err: error }, 'campaign push failed'),
      );
    }, BROADCAST_PUSH_MS);
    timer.unref();
    broadcastPushes.set(campaignId, timer);
  });

  services.domainEvents.on('violation.created', (event) => {
    void notifyViolation(event.violationId, event.memberId).catch((error: unknown) =>
      logger.warn({ err: error }, 'violation push failed'),
    );
  });
  // Only a notice: the console fetches the messages through the API, which checks scope and leaves a trace.
  services.domainEvents.on('archive.conversation_grew', ({ conversationId }) =>
    io.to(conversationRoom(conversationId)).emit(SocketEvent.ConversationMessages, { conversationId }),
  );
  services.domainEvents.on('archive.pulled', () => {
    void services.archive
      .status()
      .then((status) => io.to(CHATS_ROOM).emit(SocketEvent.ArchiveStatus, status));
  });

  async function customerRoomsOf(user: AuthUser): Promise<string[]> {
    if (!user.permissions.has(Permission.CustomersRead)) return [];
    const departments = await services.scopes.departmentsFor(user);
    return departments === 'all' ? [CUSTOMERS_CORP_ROOM] : departments.map(customersDepartmentRoom);
  }

  /** The rooms of everyone who may see the customer: corp-wide readers and the departments of its members. */
  async function roomsCovering(externalUserId: string): Promise<string[]> {
    const members = await services.customers.followerIds(externalUserId);
    const departments = await services.scopes.departmentsOfMembers(members);
    return [CUSTOMERS_CORP_ROOM, ...departments.map(customersDepartmentRoom)];
  }

  /**
   * An open conversation page watches its conversation; the socket joins the conversation's room only if the
   * archive says this user may read it. The acknowledgement tells the page whether it is live.
   */
  function watchConversations(socket: Socket, user: AuthUser): void {
    socket.on(SocketCommand.WatchConversation, (conversationId: unknown, ack?: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (watching: boolean) => void) : () => undefined;
      if (typeof conversationId !== 'string' || !/^\d{1,20}$/.test(conversationId)) return reply(false);
      void services.archive
        .canRead(conversationId, user)
        .then(async (allowed) => {
          if (allowed) await socket.join(conversationRoom(conversationId));
          reply(allowed);
        })
        .catch((error: unknown) => {
          logger.warn({ err: error }, 'conversation watch failed');
          reply(false);
        });
    });
    socket.on(SocketCommand.UnwatchConversation, (conversationId: unknown) => {
      if (typeof conversationId === 'string') void socket.leave(conversationRoom(conversationId));
    });
  }

  /** Sends a new alert to every user whose role reads alerts and whose scope covers the member. */
  async function notifyAlert(alertId: string, memberUserId: string): Promise<void> {
    for (const { user } of await services.recipients.covering(Permission.AlertsRead, memberUserId)) {
      const alert = await services.alerts.get(alertId, user);
      if (!alert) continue;
      io.to(userRoom(user.id)).emit(SocketEvent.AlertCreated, alert);
      io.to(userRoom(user.id)).emit(SocketEvent.AlertCounts, { open: await services.alerts.countOpen(user) });
    }
  }

  /** Tells everyone who hands over in the member's departments that the case moved, with their inbox count. */
  async function notifyHandover(caseId: string, handoverUserId: string): Promise<void> {
    for (const { user } of await services.recipients.covering(Permission.ReassignRun, handoverUserId)) {
      io.to(userRoom(user.id)).emit(SocketEvent.HandoverProgress, { caseId });
      io.to(userRoom(user.id)).emit(SocketEvent.HandoverInbox, {
        open: await services.reassign.countOpenDepartures(user),
      });
    }
  }

  /** Tells everyone who may read the campaign (those who send or approve, covering its departments) it moved. */
  async function notifyBroadcast(campaignId: string): Promise<void> {
    const scopeDepartments = await services.campaigns.scopeDepartmentsOf(campaignId);
    if (scopeDepartments === undefined) return;
    const readers = await services.recipients.coveringDepartments(
      [Permission.BroadcastsSend, Permission.BroadcastsApprove],
      scopeDepartments,
    );
    for (const { user } of readers)
      io.to(userRoom(user.id)).emit(SocketEvent.BroadcastProgress, { campaignId });
  }

  /** Sends a new violation to every user who reads chats in the member's departments. */
  async function notifyViolation(violationId: string, memberUserId: string): Promise<void> {
    for (const { user } of await services.recipients.covering(Permission.ChatsRead, memberUserId)) {
      const violation = await services.violations.get(violationId, user);
      if (violation) io.to(userRoom(user.id)).emit(SocketEvent.ViolationCreated, violation);
    }
  }

  return io;
}

async function authenticate(socket: Socket, services: Services): Promise<AuthUser | null> {
  const token = parseCookie(socket.handshake.headers.cookie ?? '', SESSION_COOKIE);
  if (!token) return null;
  const session = await services.sessions.find(token);
  return session ? services.users.loadAuthUser(session.userId) : null;
}

function parseCookie(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
