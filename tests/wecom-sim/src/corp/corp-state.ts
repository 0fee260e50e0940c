import { ChatLog } from './chat-log.js';
import type { Clock } from './clock.js';
import { Customers } from './customers.js';
import { Directory } from './directory.js';
import { IdFactory } from './ids.js';
import { Rng } from './rng.js';
import { CorpTags } from './tags.js';
import type {
  AgreeRecord,
  ContactWay,
  GroupChat,
  GroupTransferRecord,
  MassMessage,
  OutboxMessage,
  SentWelcome,
  TransferRecord,
  WelcomeCode,
} from './types.js';

export interface OauthCode {
  code: string;
  userid?: string;
  external_userid?: string;
  openid?: string;
  issuedAt: number;
  used: boolean;
}

/** Everything the fake corp knows. Plain collections; the rules live in the API handlers and scenarios. */
export class CorpState {
  readonly directory = new Directory();
  readonly customers = new Customers();
  readonly tags = new CorpTags();
  readonly groups = new Map<string, GroupChat>();
  readonly contactWays = new Map<string, ContactWay>();
  readonly welcomeCodes = new Map<string, WelcomeCode>();
  readonly sentWelcomes: SentWelcome[] = [];
  readonly outbox: OutboxMessage[] = [];
  readonly transfers: TransferRecord[] = [];
  readonly groupTransfers: GroupTransferRecord[] = [];
  readonly massMessages = new Map<string, MassMessage>();
  readonly chats: ChatLog;
  /** Archive consent per `userid|external_userid`; absent means Default_Agree. */
  readonly agreements = new Map<string, AgreeRecord>();
  /** Members whose chats are archived (msgaudit/get_permit_user_list). */
  readonly permitUsers = new Set<string>();
  readonly oauthCodes = new Map<string, OauthCode>();
  /** Deterministic ids and choices for everything created after the seed, so a seeded run replays the same. */
  readonly rng: Rng;
  readonly ids: IdFactory;

  constructor(
    readonly corpId: string,
    readonly clock: Clock,
    seed: number,
    /** The archive public-key version new chat messages are encrypted with (the simulator's current one). */
    archiveKeyVersion: () => number | undefined = () => undefined,
  ) {
    this.chats = new ChatLog(archiveKeyVersion);
    this.rng = new Rng(seed ^ 0x5eed);
    this.ids = new IdFactory(this.rng);
  }

  /** Groups with the member (or customer) in them, for scenarios that remove someone everywhere. */
  groupsWith(id: string): GroupChat[] {
    return [...this.groups.values()].filter((g) => !g.dismissed && g.members.some((m) => m.userid === id));
  }
}
