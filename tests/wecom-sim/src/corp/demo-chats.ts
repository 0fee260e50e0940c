import { completeMediaBody } from './chat-media.js';
import type { CorpState } from './corp-state.js';
import {
  GROUP_SCRIPT,
  MARKETING_PHASES,
  PRIVATE_DEAL,
  SALES_PHASES,
  SUCCESS_PHASES,
  SUPPORT_PHASES,
  type Phase,
  type ScriptContent,
} from './demo-chat-scripts.js';
import { CITIES } from './demo-data.js';
import type { MediaFixtureName } from './media-fixtures.js';
import type { Rng } from './rng.js';
import type { Customer, Follow, GroupChat, Staff } from './types.js';
import { violationText, type ViolationKind } from './violation-texts.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Asia/Shanghai has no daylight saving: local time is UTC+8 all year. */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;
/** The fewest lines a seeded conversation has (real ones run from a few dozen to a few hundred). */
export const MIN_CONVERSATION_LINES = 20;

interface Pending {
  time: number;
  msgid: string;
  from: string;
  tolist: string[];
  roomid: string;
  msgtype: string;
  body: Record<string, unknown>;
  fixture?: MediaFixtureName;
  action: 'send' | 'recall';
}

interface Parties {
  member: Staff;
  customer: Customer;
}

/** Which flow a member's chats follow, by department: sales, customer success, tech support, marketing. */
function flowOf(member: Staff): 'sales' | 'success' | 'support' | 'marketing' | undefined {
  switch (member.main_department) {
    case 2:
    case 5:
    case 6:
      return 'sales';
    case 3:
      return 'success';
    case 7:
      return 'support';
    case 4:
      return 'marketing';
    default:
      return undefined;
  }
}

/** The scripted violations: every few sales conversations, a member takes the deal private. */
function privateDealOf(salesIndex: number): ViolationKind | undefined {
  if (salesIndex % 11 === 1) return 'private_wechat';
  if (salesIndex % 11 === 4) return 'bank_card';
  if (salesIndex % 11 === 7) return 'private_payment';
  return undefined;
}

/** The phases of one conversation: a flow followed as far as this customer got, at least 20 lines. */
function phasesFor(rng: Rng, flow: NonNullable<ReturnType<typeof flowOf>>, salesIndex: number): Phase[] {
  const fill = (all: Phase[], first: number): Phase[] => {
    let take = first;
    while (take < all.length && all.slice(0, take).flat().length < MIN_CONVERSATION_LINES) take++;
    return all.slice(0, take);
  };
  switch (flow) {
    case 'sales': {
      const deal = privateDealOf(salesIndex);
      const all = Object.entries(SALES_PHASES).map(([name, phase]) =>
        name === 'negotiate' && deal ? [...phase.slice(0, 3), ...PRIVATE_DEAL[deal]] : phase,
      );
      // A private deal needs the negotiation to have happened; the rest stop anywhere after the first talks.
      return fill(all, deal ? rng.int(6, all.length) : rng.int(3, all.length));
    }
    case 'success':
      return fill(Object.values(SUCCESS_PHASES), rng.int(2, 3));
    case 'support':
      return fill(rng.sample(Object.values(SUPPORT_PHASES), 4), rng.int(2, 4));
    case 'marketing':
      return fill(Object.values(MARKETING_PHASES), rng.int(2, 3));
  }
}

const COMPOUND_SURNAMES = ['欧阳', '司马', '上官'];

/** How a member addresses the customer: 王总, 李经理, 张女士. */
function addressOf(customer: Customer): string {
  const surname = COMPOUND_SURNAMES.find((s) => customer.name.startsWith(s)) ?? customer.name.slice(0, 1);
  if (customer.position.includes('总') || customer.position === '创始人') return `${surname}总`;
  if (customer.position.includes('经理')) return `${surname}经理`;
  return `${surname}${customer.gender === 2 ? '女士' : '先生'}`;
}

/** A time on a working day's afternoon or morning in Shanghai, `daysAgo` days before `now`. */
function workingTime(rng: Rng, now: number, daysAgo: number): number {
  const localMidnight = Math.floor((now + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
  return localMidnight - daysAgo * DAY_MS + rng.int(9 * 60 + 15, 17 * 60) * 60_000;
}

class ConversationWriter {
  readonly out: Pending[] = [];

  constructor(
    private readonly state: CorpState,
    private readonly rng: Rng,
  ) {}

  /** A one-to-one conversation: its phases on separate days, the last one a few days ago. */
  single(parties: Parties, phases: Phase[], now: number): void {
    const { member, customer } = parties;
    const words: Record<string, string> = {
      c: addressOf(customer),
      s: member.name,
      corp: customer.corp_full_name || '贵司',
      // The quote picture (fixtures/media/quote.jpg) is for 50 seats.
      n: '50',
      city: this.rng.pick(CITIES),
    };
    let daysAgo = this.rng.int(1, 5);
    const days = phases.map(() => {
      const day = daysAgo;
      daysAgo += this.rng.int(1, 6);
      return day;
    });
    phases.forEach((phase, p) => {
      let time = workingTime(this.rng, now, days[phases.length - 1 - p]!);
      for (const [speaker, content] of phase) {
        const memberSpeaks = speaker === 's';
        this.line(
          memberSpeaks ? member.userid : customer.external_userid,
          [memberSpeaks ? customer.external_userid : member.userid],
          '',
          time,
          fillIn(content, words),
        );
        // Replies come within seconds to a few minutes; a customer sometimes takes longer.
        time += this.rng.int(20, memberSpeaks ? 180 : 600) * 1000;
      }
    });
  }

  group(group: GroupChat, now: number): void {
    const staff = group.members.filter((m) => m.type === 1);
    const customers = group.members.filter((m) => m.type === 2);
    const colleague = staff.find((m) => m.userid !== group.owner) ?? staff[0];
    if (!colleague || customers.length === 0) return;
    let time = workingTime(this.rng, now, this.rng.int(1, 4));
    let customer = this.rng.pick(customers);
    for (const [role, content] of GROUP_SCRIPT) {
      if (role === 'customer' && this.rng.chance(0.6)) customer = this.rng.pick(customers);
      const from = role === 'owner' ? group.owner : role === 'colleague' ? colleague.userid : customer.userid;
      const tolist = group.members.map((m) => m.userid).filter((id) => id !== from);
      this.line(from, tolist, group.chat_id, time, content);
      time += this.rng.int(30, 900) * 1000;
    }
  }

  private line(from: string, tolist: string[], roomid: string, time: number, content: ScriptContent): void {
    const send = (msgtype: string, body: Record<string, unknown>, fixture?: MediaFixtureName): string => {
      const msgid = this.state.ids.chatMsgId();
      this.out.push({
        time,
        msgid,
        from,
        tolist,
        roomid,
        msgtype,
        body,
        action: 'send',
        ...(fixture ? { fixture } : {}),
      });
      return msgid;
    };
    if (typeof content === 'string') {
      send('text', { text: { content } });
    } else if ('media' in content) {
      const msgtype = content.media === 'voice' ? 'voice' : content.media === 'demo' ? 'video' : 'image';
      const media = completeMediaBody(this.rng, msgtype, {}, content.media);
      send(msgtype, media.body, media.fixture);
    } else if ('file' in content) {
      const ext = content.file.split('.').pop() ?? '';
      const media = completeMediaBody(this.rng, 'file', {
        file: { filename: content.file, fileext: ext, filesize: content.size },
      });
      send('file', media.body);
    } else if ('violation' in content) {
      send('text', { text: { content: violationText(this.rng, content.violation) } });
    } else {
      const original = send('text', { text: { content: content.recall } });
      this.out.push({
        time: time + 60_000,
        msgid: this.state.ids.chatMsgId(),
        from,
        tolist,
        roomid,
        msgtype: 'revoke',
        body: { revoke: { pre_msgid: original } },
        action: 'recall',
      });
    }
  }
}

function fillIn(content: ScriptContent, words: Record<string, string>): ScriptContent {
  return typeof content === 'string'
    ? content.replace(/\{(\w+)\}/g, (all, key: string) => words[key] ?? all)
    : content;
}

/**
 * The demo corp's chat history: for most active members, conversations with their own customers that follow a
 * sales, customer-success, support or marketing flow over days or weeks (20–150 messages each, pictures,
 * voice, video and files included), a customer group talking, and a few scripted violations (a personal WeChat,
 * a bank card, a private payment, a recall). Archived in time order, so seqs follow the clock.
 */
export function seedDemoChats(state: CorpState, rng: Rng, now: number): void {
  const writer = new ConversationWriter(state, rng);
  let salesIndex = 0;
  for (const member of state.directory.members()) {
    const flow = flowOf(member);
    if (!flow || !state.permitUsers.has(member.userid)) continue;
    const follows = state.customers.followsOfUser(member.userid);
    const count = flow === 'sales' ? 2 : 1;
    for (const follow of rng.sample(follows, count) as Follow[]) {
      const customer = state.customers.customers.get(follow.external_userid);
      if (!customer) continue;
      const phases = phasesFor(rng, flow, flow === 'sales' ? salesIndex++ : 0);
      writer.single({ member, customer }, phases, now);
    }
  }
  const group = [...state.groups.values()][0];
  if (group) writer.group(group, now);

  writer.out.sort((a, b) => a.time - b.time);
  for (const m of writer.out) {
    state.chats.append({
      msgid: m.msgid,
      action: m.action,
      from: m.from,
      tolist: m.tolist,
      roomid: m.roomid,
      msgtime: m.time,
      msgtype: m.msgtype,
      body: m.body,
      ...(m.fixture ? { mediaFixture: m.fixture } : {}),
    });
  }
}
