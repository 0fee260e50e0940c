import { ConversationKind } from '@keeper/shared';
import type { ChatHistorySql } from '../customers/customer-audience';

const SINGLE = `'${ConversationKind.Single}'`;

/**
 * When members last chatted with customers, as SQL other modules' queries embed (the audience builder's
 * silence filter and its "who chatted last" owner policy) without reading the archive's tables themselves.
 * Both lean on ix_archive_conversations_customer (customer_id, last_message_at) and ..._last (last_message_at).
 */
export const conversationSql: ChatHistorySql = {
  lastChatAt: (memberColumn, customerColumn) =>
    `(SELECT MAX(lc.last_message_at) FROM archive_conversations lc WHERE lc.customer_id = ${customerColumn} ` +
    `AND lc.member_id = ${memberColumn} AND lc.kind = ${SINGLE})`,
  customersChattedSince: (param) =>
    `SELECT cs.customer_id AS id FROM archive_conversations cs WHERE cs.last_message_at >= :${param} ` +
    `AND cs.kind = ${SINGLE} AND cs.customer_id IS NOT NULL`,
};
