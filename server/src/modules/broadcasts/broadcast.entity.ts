import type {
  AudienceFilter,
  BroadcastContent,
  CampaignKind,
  CampaignStatus,
  ExclusionReason,
  GroupAudience,
  OwnerPolicy,
  RecipientState,
  StaffAudience,
  StaffMessage,
} from '@keeper/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, IdColumn, JsonColumn, UpdatedAtColumn } from '../../db/columns';

/** A saved audience (客户分群): a filter marketers reuse across campaigns. */
@Entity({ name: 'broadcast_segments' })
export class SegmentEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  description!: string | null;

  @JsonColumn()
  filter!: AudienceFilter;

  @Column({ name: 'last_count', type: 'int', nullable: true })
  lastCount!: number | null;

  /** The departments of the user who saved it: who else may use it (their scope must cover these). */
  @JsonColumn({ name: 'scope_departments', nullable: true })
  scopeDepartments!: string[] | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/**
 * A mass reachout. Its audience is resolved into recipient rows when it is submitted; from then on the
 * recipients, not the filter, are the truth, so the funnel always adds up.
 */
@Entity({ name: 'broadcast_campaigns' })
@Index('ix_broadcast_campaigns_status', ['status', 'id'])
export class CampaignEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 12 })
  kind!: CampaignKind;

  @Column({ type: 'varchar', length: 20 })
  status!: CampaignStatus;

  @JsonColumn({ nullable: true })
  audience!: AudienceFilter | null;

  @JsonColumn({ name: 'owner_policy' })
  ownerPolicy!: OwnerPolicy;

  @JsonColumn({ name: 'group_audience', nullable: true })
  groupAudience!: GroupAudience | null;

  @JsonColumn({ name: 'staff_audience', nullable: true })
  staffAudience!: StaffAudience | null;

  @JsonColumn()
  content!: BroadcastContent;

  @JsonColumn({ name: 'staff_message', nullable: true })
  staffMessage!: StaffMessage | null;

  @Column({ name: 'recent_days', type: 'int', nullable: true })
  recentDays!: number | null;

  @Column({ name: 'allow_select', type: 'boolean', default: false })
  allowSelect!: boolean;

  @DateTimeColumn({ name: 'scheduled_at', nullable: true })
  scheduledAt!: Date | null;

  @Column({ name: 'deadline_days', type: 'int', default: 7 })
  deadlineDays!: number;

  @DateTimeColumn({ name: 'deadline_at', nullable: true })
  deadlineAt!: Date | null;

  /**
   * The departments of the user who created it (null: corp-wide). Readers, approvers and the audience itself
   * are held to them: a marketer's campaign never reaches past the marketer's departments.
   */
  @JsonColumn({ name: 'scope_departments', nullable: true })
  scopeDepartments!: string[] | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @Column({ name: 'approved_by', type: 'varchar', length: 64, nullable: true })
  approvedBy!: string | null;

  @DateTimeColumn({ name: 'approved_at', nullable: true })
  approvedAt!: Date | null;

  @Column({ name: 'rejected_reason', type: 'varchar', length: 255, nullable: true })
  rejectedReason!: string | null;

  @DateTimeColumn({ name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  /** When results were last pulled from WeCom. */
  @DateTimeColumn({ name: 'synced_at', nullable: true })
  syncedAt!: Date | null;

  @DateTimeColumn({ name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/**
 * One customer, group or member of a campaign and where it stands. Written when the campaign is submitted
 * (the audience resolved once), then moved by WeCom's answers and results.
 */
@Entity({ name: 'broadcast_recipients' })
@Index('ix_broadcast_recipients_state', ['campaignId', 'state', 'senderUserId'])
@Index('ix_broadcast_recipients_task', ['taskId'])
@Index('ix_broadcast_recipients_target', ['targetId', 'campaignId'])
export class RecipientEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ name: 'campaign_id', type: 'int' })
  campaignId!: number;

  /** external_userid, chat_id or (staff notices) userid. */
  @IdColumn({ name: 'target_id', length: 64 })
  targetId!: string;

  /** The member whose task it is in (customers, groups); null for staff notices. */
  @IdColumn({ name: 'sender_userid', length: 64, nullable: true })
  senderUserId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  state!: RecipientState;

  @Column({ type: 'varchar', length: 20, nullable: true })
  reason!: ExclusionReason | null;

  /** The WeCom task (submission) it went out in; set before the call. */
  @Column({ name: 'task_id', type: 'int', nullable: true })
  taskId!: number | null;

  @DateTimeColumn({ name: 'sent_at', nullable: true })
  sentAt!: Date | null;
}

/** How a WeCom task stands: being submitted, submitted (msgid known), or answered with nothing to track. */
export type TaskStatus = 'submitting' | 'submitted' | 'empty';

/**
 * One `add_msg_template` call (one sender and ≤10,000 customers, or one owner and ≤2,000 groups), or one
 * `message/send` batch for staff notices. Inserted before the call; its msgid and fail_list are written with
 * the answer. A task still `submitting` after a crash or a lost answer is matched against WeCom's own list of
 * tasks before anything is sent again.
 */
@Entity({ name: 'broadcast_tasks' })
@Index('ix_broadcast_tasks_campaign', ['campaignId', 'status'])
@Index('ix_broadcast_tasks_poll', ['status', 'nextPollAt'])
export class TaskEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ name: 'campaign_id', type: 'int' })
  campaignId!: number;

  @IdColumn({ name: 'sender_userid', length: 64, nullable: true })
  senderUserId!: string | null;

  @Column({ type: 'int' })
  chunk!: number;

  @Column({ type: 'varchar', length: 12 })
  status!: TaskStatus;

  @Index('uq_broadcast_tasks_msgid', { unique: true })
  @Column({ type: 'varchar', length: 128, nullable: true })
  msgid!: string | null;

  /** When the call went out (the window WeCom's list is searched in if its answer is lost). */
  @DateTimeColumn({ name: 'requested_at' })
  requestedAt!: Date;

  @Column({ name: 'fail_count', type: 'int', default: 0 })
  failCount!: number;

  /**
   * Whether WeCom's fail_list is known. A task matched after a lost answer has none: its recipients that WeCom's
   * results never list are then found unsendable by the first complete pull.
   */
  @Column({ name: 'fail_list_known', type: 'boolean', default: true })
  failListKnown!: boolean;

  /** Whether the sender confirmed it in WeCom (get_groupmsg_task status 2), and when. */
  @DateTimeColumn({ name: 'confirmed_at', nullable: true })
  confirmedAt!: Date | null;

  @DateTimeColumn({ name: 'next_poll_at', nullable: true })
  nextPollAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  polls!: number;

  @DateTimeColumn({ name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;
}

/** Each `remind_groupmsg_send` of a task: WeCom allows three per task in 24 hours. */
@Entity({ name: 'broadcast_reminders' })
@Index('ix_broadcast_reminders_task', ['taskId', 'sentAt'])
export class ReminderEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ name: 'task_id', type: 'int' })
  taskId!: number;

  @Column({ type: 'varchar', length: 8 })
  via!: 'wecom' | 'bot';

  @Column({ name: 'sent_by', type: 'varchar', length: 64 })
  sentBy!: string;

  @DateTimeColumn({ name: 'sent_at' })
  sentAt!: Date;
}

/**
 * App messages Keeper sent to a member, for WeCom's per-member limits (30 a minute, 1,000 an hour): staff
 * notices wait for the next window instead of being refused.
 */
@Entity({ name: 'app_message_log' })
@Index('ix_app_message_log_member', ['userId', 'sentAt'])
export class AppMessageLogEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @IdColumn({ name: 'userid', length: 64 })
  userId!: string;

  @DateTimeColumn({ name: 'sent_at' })
  sentAt!: Date;
}
