import type { ConversationKind, ViolationStatus } from '@keeper/shared';
import type { EntityManager } from 'typeorm';

/*
 * What the archive asks of the audit module, whose rules screen new messages and whose violations are shown
 * beside them. Declared here and served by audit (wired in app.ts): audit reads the archive, and the archive
 * knows nothing of audit.
 */

/** The enabled rules, compiled once per page. */
export interface ChatRules {
  matcher(): Promise<ChatMatcher>;
}

/** What the matcher needs to know about one message. */
export interface MatchableMessage {
  action: 'send' | 'recall' | 'switch';
  msgtype: string;
  /** Lower-cased searchable text. */
  text: string;
  msgtime: Date;
  /** The sender is a member of the corp (rules judge staff, not customers). */
  senderIsMember: boolean;
  senderDepartments: readonly string[];
  /** The chat includes a customer. */
  withCustomer: boolean;
}

export interface ChatMatcher {
  match(message: MatchableMessage): { ruleId: number; matched: string[]; excerpt: string | null }[];
  severityOf(ruleId: number): 'high' | 'medium' | 'low';
}

/** An archived message as the rules judge it. */
export interface MessageForRules {
  messageId: string;
  conversationId: string;
  /** The kind of the message's conversation; null for a message in none (a switch log). */
  conversationKind: ConversationKind | null;
  senderId: string;
  /** The sender's departments when the sender is a member of the corp; null otherwise (rules judge staff). */
  senderDepartments: readonly string[] | null;
  action: 'send' | 'recall' | 'switch';
  msgtype: string;
  /** Lower-cased searchable text. */
  text: string;
  msgtime: Date;
}

export interface RecordedViolation {
  id: string;
  ruleId: number;
  messageId: string;
  conversationId: string;
  memberId: string;
}

export interface ChatViolations {
  /**
   * Judges archived messages by the rules and records each new (rule, message) hit once, in the caller's
   * transaction: a page coming in and a re-scan of old messages both come here.
   */
  record(
    manager: EntityManager,
    matcher: ChatMatcher,
    messages: readonly MessageForRules[],
  ): Promise<RecordedViolation[]>;
  /** The violations on these messages, with their rules' names. */
  ofMessages(messageIds: string[]): Promise<
    {
      id: string;
      messageId: string;
      ruleName: string;
      severity: 'high' | 'medium' | 'low';
      status: ViolationStatus;
    }[]
  >;
}
