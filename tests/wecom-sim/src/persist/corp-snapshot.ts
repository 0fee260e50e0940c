import { z } from 'zod';
import type { IssuedToken } from '../api/tokens.js';
import type { Clock } from '../corp/clock.js';
import { CorpState, type OauthCode } from '../corp/corp-state.js';
import type {
  AgreeRecord,
  ChatMessage,
  ContactWay,
  CorpTagGroup,
  Customer,
  Department,
  Follow,
  GroupChat,
  GroupTransferRecord,
  MassMessage,
  OutboxMessage,
  SentWelcome,
  Staff,
  TransferRecord,
  WelcomeCode,
} from '../corp/types.js';

/** Bumped when the shape changes; an older snapshot is refused rather than half read. */
export const SNAPSHOT_FORMAT = 1;

/**
 * Everything a simulator must remember to be the same corp after a restart, as plain JSON: the corp's records,
 * the archive with its seqs, the generators' positions (new ids never repeat old ones), the clock offset, the
 * archive keys and the access tokens handed out. The callback log and armed faults are left out: they belong to
 * one run, as a network's state does.
 */
export interface SimSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  savedAt: string;
  corpId: string;
  seed: number;
  customerCount: number;
  clockOffsetSeconds: number;
  archiveKeys: { publicKeys: Record<string, string>; currentKeyVersion: number | null };
  tokens: IssuedToken[];
  corp: {
    rng: number;
    chatMsgCount: number;
    departments: Department[];
    staff: Staff[];
    customers: Customer[];
    follows: Follow[];
    tagGroups: CorpTagGroup[];
    groups: GroupChat[];
    contactWays: ContactWay[];
    welcomeCodes: WelcomeCode[];
    sentWelcomes: SentWelcome[];
    outbox: OutboxMessage[];
    transfers: TransferRecord[];
    groupTransfers: GroupTransferRecord[];
    massMessages: MassMessage[];
    chats: { lastSeq: number; messages: ChatMessage[] };
    agreements: Array<[string, AgreeRecord]>;
    permitUsers: string[];
    oauthCodes: OauthCode[];
  };
}

export function corpSnapshot(state: CorpState): SimSnapshot['corp'] {
  return {
    rng: state.rng.position(),
    chatMsgCount: state.ids.chatMsgCount(),
    departments: [...state.directory.departments.values()],
    staff: [...state.directory.staff.values()],
    customers: [...state.customers.customers.values()],
    follows: state.customers.allFollows(),
    tagGroups: state.tags.groups,
    groups: [...state.groups.values()],
    contactWays: [...state.contactWays.values()],
    welcomeCodes: [...state.welcomeCodes.values()],
    sentWelcomes: state.sentWelcomes,
    outbox: state.outbox,
    transfers: state.transfers,
    groupTransfers: state.groupTransfers,
    massMessages: [...state.massMessages.values()],
    chats: { lastSeq: state.chats.latestSeq(), messages: [...state.chats.all()] },
    agreements: [...state.agreements],
    permitUsers: [...state.permitUsers],
    oauthCodes: [...state.oauthCodes.values()],
  };
}

/** A CorpState holding exactly what the snapshot saved. */
export function restoreCorp(
  snapshot: SimSnapshot,
  clock: Clock,
  archiveKeyVersion: () => number | undefined,
): CorpState {
  const saved = snapshot.corp;
  const state = new CorpState(snapshot.corpId, clock, snapshot.seed, archiveKeyVersion);
  state.rng.seek(saved.rng);
  state.ids.restoreChatMsgCount(saved.chatMsgCount);
  for (const d of saved.departments) state.directory.departments.set(d.id, d);
  for (const s of saved.staff) state.directory.staff.set(s.userid, s);
  for (const c of saved.customers) state.customers.customers.set(c.external_userid, c);
  for (const f of saved.follows) state.customers.putFollow(f);
  state.tags.groups.push(...saved.tagGroups);
  for (const g of saved.groups) state.groups.set(g.chat_id, g);
  for (const w of saved.contactWays) state.contactWays.set(w.config_id, w);
  for (const w of saved.welcomeCodes) state.welcomeCodes.set(w.code, w);
  state.sentWelcomes.push(...saved.sentWelcomes);
  state.outbox.push(...saved.outbox);
  state.transfers.push(...saved.transfers);
  state.groupTransfers.push(...saved.groupTransfers);
  for (const m of saved.massMessages) state.massMessages.set(m.msgid, m);
  state.chats.restore(saved.chats.messages, saved.chats.lastSeq);
  for (const [key, record] of saved.agreements) state.agreements.set(key, record);
  for (const userid of saved.permitUsers) state.permitUsers.add(userid);
  for (const code of saved.oauthCodes) state.oauthCodes.set(code.code, code);
  return state;
}

/** The outer shape is checked; the records inside are the simulator's own writing. */
const snapshotShape = z.looseObject({
  format: z.literal(SNAPSHOT_FORMAT),
  corpId: z.string().min(1),
  seed: z.number().int(),
  customerCount: z.number().int().min(0),
  clockOffsetSeconds: z.number(),
  archiveKeys: z.object({
    publicKeys: z.record(z.string(), z.string()),
    currentKeyVersion: z.number().int().nullable(),
  }),
  tokens: z.array(z.object({ token: z.string(), secret: z.string(), expiresAt: z.number() })),
  corp: z.looseObject({
    rng: z.number().int(),
    chatMsgCount: z.number().int(),
    groupTransfers: z.array(z.unknown()),
    chats: z.object({
      lastSeq: z.number().int().min(0),
      messages: z.array(z.looseObject({ seq: z.number() })),
    }),
  }),
});

/** Parses a snapshot file's text; a damaged or foreign file is an error naming it, never a silent fresh corp. */
export function parseSnapshot(text: string, file: string): SimSnapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}); move it away to start afresh`);
  }
  const result = snapshotShape.safeParse(json);
  if (!result.success) {
    throw new Error(
      `${file} is not a simulator snapshot of format ${SNAPSHOT_FORMAT} (${result.error.issues[0]?.message ?? 'bad shape'}); move it away to start afresh`,
    );
  }
  return json as SimSnapshot;
}
