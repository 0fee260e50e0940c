import type { FollowStatus } from '@keeper/shared';
import { i18n, translate } from '@/locales';

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

/** WeCom's add_way code in words; a code newer than this console shows as "other (code)". */
export function addWayLabel(code: number | null | undefined): string {
  if (code === null || code === undefined) return '—';
  const key = `addWay.${code}`;
  return i18n.global.te(key) ? i18n.global.t(key) : translate('addWay.other', { code });
}

/** How someone joined a customer group: 1 invited directly, 2 by link, 3 by QR code. */
export function joinSceneLabel(scene: number | null | undefined): string {
  if (scene === null || scene === undefined) return translate('joinScene.unknown');
  const key = `joinScene.${scene}`;
  return i18n.global.te(key) ? i18n.global.t(key) : translate('joinScene.other', { code: scene });
}

/** A member deleting a customer is the event Keeper exists to catch: red. */
export const FOLLOW_STATUS_TAG: Record<FollowStatus, { type: TagType; effect: 'dark' | 'light' }> = {
  active: { type: 'success', effect: 'light' },
  deleted_by_member: { type: 'danger', effect: 'dark' },
  deleted_by_customer: { type: 'warning', effect: 'light' },
  transferred: { type: 'primary', effect: 'light' },
  removed_by_sync: { type: 'info', effect: 'light' },
};
