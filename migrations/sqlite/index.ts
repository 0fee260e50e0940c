import type { MigrationInterface } from 'typeorm';

import { Initial1795489020930 } from './1795489020930-Initial';
import { ChatArchive1795491640149 } from './1795491640149-ChatArchive';
import { RelationEventOrder1795970006050 } from './1795970006050-RelationEventOrder';
import { ArchiveNotifyStall1795970418427 } from './1795970418427-ArchiveNotifyStall';
import { RuleRevisionsAndRescanJobs1795970596272 } from './1795970596272-RuleRevisionsAndRescanJobs';
import { FailureCodes1795974169258 } from './1795974169258-FailureCodes';
import { ConversationLastMsgtype1795977279178 } from './1795977279178-ConversationLastMsgtype';
import { HandoverCases1795978826531 } from './1795978826531-HandoverCases';
import { AudienceIndex1795990147515 } from './1795990147515-AudienceIndex';
import { Broadcasts1795990853224 } from './1795990853224-Broadcasts';
import { ChannelCodes1795993249548 } from './1795993249548-ChannelCodes';

type MigrationClass = new () => MigrationInterface;

/** The sqlite migrations in the order they run. Add new ones at the end, by hand. */
export const sqliteMigrations: MigrationClass[] = [
  Initial1795489020930,
  ChatArchive1795491640149,
  RelationEventOrder1795970006050,
  ArchiveNotifyStall1795970418427,
  RuleRevisionsAndRescanJobs1795970596272,
  FailureCodes1795974169258,
  ConversationLastMsgtype1795977279178,
  HandoverCases1795978826531,
  AudienceIndex1795990147515,
  Broadcasts1795990853224,
  ChannelCodes1795993249548,
];
