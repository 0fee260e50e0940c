import type { WeComClient } from '@keeper/bot';
import { CampaignKind, RecipientState } from '@keeper/shared';
import type { CampaignEntity } from './broadcast.entity';
import { RecipientEntity, TaskEntity } from './broadcast.entity';
import type { CampaignsRepository } from './campaigns.repository';

/** Seconds around a task's request time in which WeCom's record of it is looked for (clocks differ a little). */
const WINDOW_BEFORE_S = 120;
const WINDOW_AFTER_S = 600;
/** WeCom's filter_type 0: tasks created by the corp (through the API), not by members. */
const BY_CORP = 0;

/**
 * Finds the WeCom task a Keeper task created when the answer never came back. add_msg_template has no
 * idempotency key, so WeCom's own list is the only witness: tasks created by the corp in the task's time window,
 * with the campaign's text, that no other Keeper task claims, whose sender is the task's sender. Of several such
 * (two chunks of one sender, both lost), the one whose recipients include the task's first recipient.
 */
export class TaskRecovery {
  constructor(
    private readonly deps: {
      repository: CampaignsRepository;
      client: WeComClient | undefined;
      now: () => Date;
    },
  ) {}

  /** The msgid of the WeCom task `task` created, or null when WeCom has none. Throws when WeCom cannot say. */
  async find(campaign: CampaignEntity, task: TaskEntity): Promise<string | null> {
    const client = this.deps.client;
    if (!client || !task.senderUserId) return null;
    const candidates = await this.unclaimedLookalikes(campaign, task);
    const senders: string[] = [];
    for (const msgid of candidates) {
      if (await this.hasSender(msgid, task.senderUserId)) senders.push(msgid);
    }
    if (senders.length <= 1) return senders[0] ?? null;
    const first = await this.deps.repository.firstRecipientOf(task.id);
    for (const msgid of senders) {
      if (first && (await this.lists(msgid, task.senderUserId, first.targetId))) return msgid;
    }
    return null;
  }

  /**
   * Takes WeCom's task as this task's: submitted with that msgid, every recipient pending. The fail_list is
   * unknown, so the first complete pull of results marks those WeCom does not list as unsendable.
   */
  async adopt(task: TaskEntity, msgid: string, nextPollAt: Date): Promise<void> {
    await this.deps.repository.transaction(async (manager) => {
      await manager.update(TaskEntity, task.id, {
        status: 'submitted',
        msgid,
        failListKnown: false,
        nextPollAt,
      });
      await manager.update(
        RecipientEntity,
        { taskId: task.id, state: RecipientState.Submitting },
        { state: RecipientState.Pending },
      );
    });
  }

  private async unclaimedLookalikes(campaign: CampaignEntity, task: TaskEntity): Promise<string[]> {
    const client = this.deps.client!;
    const requested = Math.floor(task.requestedAt.getTime() / 1000);
    const now = Math.floor(this.deps.now().getTime() / 1000);
    const text = campaign.content.text ?? '';
    const found: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listGroupMessages({
        chat_type: campaign.kind === CampaignKind.Groups ? 'group' : 'single',
        start_time: requested - WINDOW_BEFORE_S,
        end_time: Math.min(now, requested + WINDOW_AFTER_S) + 60,
        filter_type: BY_CORP,
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      for (const message of page.group_msg_list) {
        const sameText = (message.text?.content ?? '') === text;
        const sameAttachments = (message.attachments?.length ?? 0) === campaign.content.materialIds.length;
        if (sameText && sameAttachments) found.push(message.msgid);
      }
      cursor = page.next_cursor || undefined;
    } while (cursor);
    const claimed = new Set((await this.deps.repository.knownMsgIds(found)).map((each) => each.msgid));
    return found.filter((msgid) => !claimed.has(msgid));
  }

  private async hasSender(msgid: string, senderUserId: string): Promise<boolean> {
    let cursor: string | undefined;
    do {
      const page = await this.deps.client!.getGroupMessageTasks({
        msgid,
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      });
      if (page.task_list.some((each) => each.userid === senderUserId)) return true;
      cursor = page.next_cursor || undefined;
    } while (cursor);
    return false;
  }

  private async lists(msgid: string, senderUserId: string, targetId: string): Promise<boolean> {
    let cursor: string | undefined;
    do {
      const page = await this.deps.client!.getGroupMessageSendResult({
        msgid,
        userid: senderUserId,
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      });
      if (page.send_list.some((each) => (each.external_userid ?? each.chat_id) === targetId)) return true;
      cursor = page.next_cursor || undefined;
    } while (cursor);
    return false;
  }
}
