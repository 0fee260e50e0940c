import { JobLockEntity } from '../jobs/job-lock.entity';
import { SyncRunEntity } from '../jobs/sync-run.entity';
import { RevisionEntity } from './revision.entity';
import { AlertEntity } from '../modules/alerts/alert.entity';
import {
  CustomerEntity,
  CustomerEventEntity,
  CustomerFollowEntity,
  CustomerFollowTagEntity,
} from '../modules/customers/customer.entity';
import {
  CustomerGroupEntity,
  CustomerGroupEventEntity,
  CustomerGroupMemberEntity,
} from '../modules/groups/group.entity';
import { TagEntity, TagGroupEntity } from '../modules/tags/tag.entity';
import {
  ArchiveConversationEntity,
  ArchiveMediaEntity,
  ArchiveMessageContentEntity,
  ArchiveMessageEntity,
  ArchiveStateEntity,
  RescanJobEntity,
} from '../modules/archive/archive.entity';
import { AuditRuleEntity, ViolationEntity } from '../modules/audit/audit.entity';
import { SettingEntity } from '../modules/settings/setting.entity';
import { AccessAuditEntity } from '../modules/access-audit/access-audit.entity';
import { SessionEntity } from '../modules/auth/session.entity';
import { InboxEntity } from '../modules/inbox/inbox.entity';
import { DepartmentEntity, MemberDepartmentEntity, MemberEntity } from '../modules/org/org.entity';
import {
  HandoverBatchEntity,
  HandoverCaseEntity,
  HandoverItemEntity,
  HandoverPollEntity,
} from '../modules/reassign/reassign.entity';
import {
  AppMessageLogEntity,
  CampaignEntity,
  RecipientEntity,
  ReminderEntity,
  SegmentEntity,
  TaskEntity,
} from '../modules/broadcasts/broadcast.entity';
import { MaterialEntity } from '../modules/materials/material.entity';
import { ChannelCodeEntity, ChannelWelcomeEntity } from '../modules/channels/channel.entity';
import { UserEntity, UserRoleEntity, UserScopeEntity } from '../modules/users/user.entity';
import { WeComStateEntity, WeComTokenEntity } from '../modules/wecom/wecom-state.entity';

/** Every entity Keeper persists. The migrations of both dialects must produce exactly this schema. */
export const entities = [
  SegmentEntity,
  CampaignEntity,
  RecipientEntity,
  TaskEntity,
  ReminderEntity,
  AppMessageLogEntity,
  MaterialEntity,
  ChannelCodeEntity,
  ChannelWelcomeEntity,
  HandoverCaseEntity,
  HandoverItemEntity,
  HandoverBatchEntity,
  HandoverPollEntity,
  UserEntity,
  UserRoleEntity,
  UserScopeEntity,
  SessionEntity,
  AccessAuditEntity,
  InboxEntity,
  DepartmentEntity,
  MemberEntity,
  MemberDepartmentEntity,
  SyncRunEntity,
  JobLockEntity,
  RevisionEntity,
  WeComStateEntity,
  WeComTokenEntity,
  CustomerEntity,
  CustomerFollowEntity,
  CustomerFollowTagEntity,
  CustomerEventEntity,
  TagGroupEntity,
  TagEntity,
  CustomerGroupEntity,
  CustomerGroupMemberEntity,
  CustomerGroupEventEntity,
  AlertEntity,
  ArchiveMessageEntity,
  ArchiveMessageContentEntity,
  ArchiveConversationEntity,
  ArchiveStateEntity,
  ArchiveMediaEntity,
  RescanJobEntity,
  AuditRuleEntity,
  ViolationEntity,
  SettingEntity,
];
