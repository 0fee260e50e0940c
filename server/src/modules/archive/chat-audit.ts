import type { ViolationStatus } from '@keeper/shared';
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

export interface ChatMatcher {
  match(message: {
    action: 'send' | 'recall' | 'switch';
    msgtype: string;
    text: string;
    msgtime: Date;
    senderIsMember: boolean;
    senderDepartments: readonly string[];
    withCustomer: boolean;
  }): { ruleId: number; matched: string[]; excerpt: string | null }[];
  severityOf(ruleId: number): 'high' | 'medium' | 'low';
}

/** A rule hit on a stored message, to be kept as a violation. */
export interface NewViolation {
  ruleId: number;
  messageId: string;
  conversationId: string | number;
  memberId: string;
  severity: 'high' | 'medium' | 'low';
  matched: string;
  excerpt: string | null;
  status: ViolationStatus;
  occurredAt: Date;
}

export interface ChatViolations {
  /** Stores the hits of a page in the caller's transaction; the new violations' ids, in order. */
  record(manager: EntityManager, violations: NewViolation[]): Promise<string[]>;
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
