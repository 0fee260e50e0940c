import { consentSchema, type Consent, type CustomerEvent, type CustomerEventKind } from '@keeper/shared';
import { i18n, translate } from '@/locales';
import { addWayLabel } from '../labels';

type TimelineType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

export const EVENT_TYPE: Record<CustomerEventKind, TimelineType> = {
  added: 'success',
  half_added: 'primary',
  deleted_by_member: 'danger',
  deleted_by_customer: 'warning',
  transferred_out: 'info',
  transferred_in: 'primary',
  transfer_failed: 'danger',
  added_by_sync: 'success',
  removed_by_sync: 'info',
  edited: 'primary',
  archive_consent: 'success',
};

export interface EventFact {
  label: string;
  value: string;
}

export interface EventChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface EventDescription {
  facts: EventFact[];
  changes: EventChange[];
}

export interface EventContext {
  /** Tag id → name, for the tag lists an edit recorded. */
  tagNames: ReadonlyMap<string, string>;
  /** userid → name, for the members a transfer names. */
  memberNames: ReadonlyMap<string, string>;
}

type DetailValue = string | number | boolean | null;

const isConsent = (value: DetailValue): value is Consent => consentSchema.safeParse(value).success;

function labelOf(key: string): string {
  const path = `eventDetail.${key}`;
  return i18n.global.te(path) ? i18n.global.t(path) : key;
}

function changeValue(field: string, value: DetailValue | undefined, context: EventContext): string {
  if (value === null || value === undefined || value === '') return translate('eventDetail.emptyValue');
  if (field === 'tags') {
    return String(value)
      .split(',')
      .filter(Boolean)
      .map((id) => context.tagNames.get(id) ?? id)
      .join('、');
  }
  return String(value);
}

function factValue(key: string, value: DetailValue, context: EventContext): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'boolean') return translate(value ? 'common.yes' : 'common.no');
  if (key === 'addWay' && typeof value === 'number') return addWayLabel(value);
  if (key === 'consent' && isConsent(value)) return translate(`consent.${value}`);
  const code = `eventDetail.values.${key}.${String(value)}`;
  if (i18n.global.te(code)) return i18n.global.t(code);
  if (/userid$/i.test(key) && typeof value === 'string') {
    const name = context.memberNames.get(value);
    return name ? `${name} (${value})` : value;
  }
  return String(value);
}

/**
 * An event's `detail` as readable facts (the channel, the add way, the other member of a transfer) and, for an
 * edit, before → after pairs from its `<field>Before` / `<field>After` keys. Keys this console does not know
 * are shown by name rather than hidden: the record is the point.
 */
export function describeEvent(event: CustomerEvent, context: EventContext): EventDescription {
  const detail = event.detail ?? {};
  const facts: EventFact[] = [];
  const changes: EventChange[] = [];
  const pairs = new Set<string>();

  for (const key of Object.keys(detail)) {
    const match = /^(.+)(Before|After)$/.exec(key);
    if (match?.[1]) pairs.add(match[1]);
  }
  for (const field of pairs) {
    changes.push({
      field,
      label: labelOf(field),
      before: changeValue(field, detail[`${field}Before`], context),
      after: changeValue(field, detail[`${field}After`], context),
    });
  }
  for (const [key, value] of Object.entries(detail)) {
    const match = /^(.+)(Before|After)$/.exec(key);
    if (match?.[1] && pairs.has(match[1])) continue;
    facts.push({ label: labelOf(key), value: factValue(key, value, context) });
  }
  return { facts, changes };
}

/** Newest first, whatever order the server sent. */
export function newestFirst(events: readonly CustomerEvent[]): CustomerEvent[] {
  return [...events].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt));
}
