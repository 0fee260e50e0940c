import { WeComError, type WeComCallbackEvent, type WeComClient } from '@keeper/bot';
import type { Logger } from '../../logger';
import type { ChannelAdd, ChannelAdds } from '../customers/customer-events.handler';
import type { CustomerDirectory } from '../customers/customer-directory.service';
import type { ChannelCodeEntity } from './channel.entity';
import type { ChannelDuty } from './channel-duty';
import type { ChannelsRepository } from './channels.repository';
import type { ChannelDefaultsWriter, WelcomeAttachments } from './ports';

/** 41051: the customer and member chatted before, or another app sent first; 41096: the code is being used. */
const ALREADY = new Set([41051, 41096]);
/** 41050: the code is invalid or past its 20 s. */
const EXPIRED = 41050;

/** WeCom's remark is at most 20 characters. */
const REMARK_MAX = 20;

/**
 * The welcome message of a channel code, sent with the add's welcome code (20 s, once) before Keeper does
 * anything else about the add, then the code's tags and remark. Two paths may send: the callback route as soon
 * as a callback is stored (`early`), and the customer handler first thing (`welcomeFirst`); a claimed row per
 * welcome code lets exactly one of them call WeCom, and the other never waits for it.
 */
export class ChannelWelcomes implements ChannelAdds {
  constructor(
    private readonly deps: {
      repository: ChannelsRepository;
      duty: ChannelDuty;
      customers: CustomerDirectory;
      defaults: ChannelDefaultsWriter;
      attachments: WelcomeAttachments;
      client: WeComClient | undefined;
      logger: Logger;
      now: () => Date;
    },
  ) {}

  /** A callback was just stored: send its welcome now rather than when the dispatcher gets to it. */
  early(event: WeComCallbackEvent): void {
    if (
      event.type !== 'change_external_contact.add_external_contact' &&
      event.type !== 'change_external_contact.add_half_external_contact'
    )
      return;
    if (!event.welcomeCode || !event.state) return;
    void this.welcomeFirst({
      userId: event.userId,
      externalUserId: event.externalUserId,
      state: event.state,
      welcomeCode: event.welcomeCode,
      createTime: event.createTime,
      receivedAt: this.deps.now(),
    });
  }

  /** Sends the code's welcome unless it has none or another path has it; never throws. */
  async welcomeFirst(add: ChannelAdd): Promise<void> {
    try {
      await this.send(add);
    } catch (error) {
      this.deps.logger.warn({ err: error, state: add.state }, 'channel welcome failed');
    }
  }

  /** The add is in the book: the code's tags and remark, then who the code rings next. */
  async added(add: ChannelAdd): Promise<void> {
    if (!add.state) return;
    const code = await this.deps.repository.byState(add.state);
    if (!code || code.deletedAt) return;
    try {
      if (code.enabled) {
        const remark = code.remarkPrefix ? await this.remarkFor(code.remarkPrefix, add.externalUserId) : null;
        await this.deps.defaults.applyChannelDefaults(add.externalUserId, add.userId, {
          addTagIds: code.tagIds,
          remark,
          by: `channel:${code.state}`,
        });
      }
    } catch (error) {
      this.deps.logger.warn({ err: error, channelId: code.id }, 'channel tags or remark failed');
    }
    try {
      await this.deps.duty.refresh(code.id);
    } catch (error) {
      this.deps.logger.warn({ err: error, channelId: code.id }, 'channel duty update failed');
    }
  }

  private async remarkFor(prefix: string, externalUserId: string): Promise<string> {
    const name = (await this.deps.customers.namesOf([externalUserId])).get(externalUserId) ?? '';
    return [...`${prefix}${name}`].slice(0, REMARK_MAX).join('');
  }

  private async send(add: ChannelAdd): Promise<void> {
    if (!add.welcomeCode || !add.state || !this.deps.client) return;
    const code = await this.deps.repository.byState(add.state);
    if (!code || !hasWelcome(code)) return;
    const claim = await this.deps.repository.claimWelcome({
      welcomeCode: add.welcomeCode,
      channelId: code.id,
      userId: add.userId,
      externalUserId: add.externalUserId,
      receivedAt: add.receivedAt,
    });
    if (claim === null) return; // the other path has it
    try {
      const attachments =
        code.welcome.materialIds.length > 0
          ? await this.deps.attachments.attachmentsFor(code.welcome.materialIds.map(Number))
          : [];
      await this.deps.client.sendWelcomeMessage({
        welcome_code: add.welcomeCode,
        ...(code.welcome.text ? { text: { content: code.welcome.text } } : {}),
        ...(attachments.length > 0 ? { attachments } : {}),
      });
      await this.deps.repository.recordWelcome(claim, 'sent', this.deps.now(), null);
    } catch (error) {
      // Never retried: the code lives 20 s and is good once.
      const codeOf = error instanceof WeComError ? error.code : null;
      const outcome =
        codeOf !== null && ALREADY.has(codeOf) ? 'already_chatting' : codeOf === EXPIRED ? 'late' : 'failed';
      await this.deps.repository.recordWelcome(claim, outcome, null, codeOf);
      if (outcome === 'failed') throw error;
    }
  }
}

function hasWelcome(code: ChannelCodeEntity): boolean {
  return (
    !code.deletedAt &&
    code.enabled &&
    (code.welcome.text.trim() !== '' || code.welcome.materialIds.length > 0)
  );
}
