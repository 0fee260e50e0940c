import type { ConnectionFact } from '@keeper/shared';
import { translate } from '@/locales';
import { assertUnreachable } from '@/utils/assert-unreachable';
import { formatDateTime } from '@/utils/datetime';

/** What a check found, in the console's language; times in China time. */
export function describeFact(fact: ConnectionFact): string {
  switch (fact.code) {
    case 'missing_variables':
    case 'optional_not_set':
      return translate(`checks.facts.${fact.code}`, { names: fact.names.join(', ') });
    case 'needs_check':
      return translate('checks.facts.needs_check', { check: translate(`checks.items.${fact.check}`) });
    case 'departments_visible':
    case 'follow_members':
    case 'archived_members':
      return translate(`checks.facts.${fact.code}`, { count: fact.count });
    case 'no_department_visible':
      return translate('checks.facts.no_department_visible');
    case 'callback_seen':
      return translate('checks.facts.callback_seen', {
        verifiedAt: formatDateTime(fact.verifiedAt),
        receivedAt: formatDateTime(fact.receivedAt),
      });
    case 'agent':
      return translate('checks.facts.agent', { agentId: fact.agentId });
    default:
      return assertUnreachable(fact);
  }
}
