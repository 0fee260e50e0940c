import type { Component } from 'vue';
import type { Permission } from '@keeper/shared';
import type { MessageKey } from '@/locales';

export type MenuBadge = 'openAlerts' | 'newViolations' | 'handoverInbox';

declare module 'vue-router' {
  interface RouteMeta {
    /** Shown in the menu, the breadcrumb and the document title. */
    title?: MessageKey;
    icon?: Component;
    /** Needed to open the route and to see it in the menu; of a list, any one will do. */
    permission?: Permission | readonly Permission[];
    /** Reachable without signing in. */
    public?: boolean;
    hideInMenu?: boolean;
    /** The menu entry to highlight for a page that is not in the menu itself (a detail page). */
    activeMenu?: string;
    /** A live count shown beside the menu entry. */
    badge?: MenuBadge;
  }
}

/** The route that renders the main layout; the menu is built from its children. */
export const LAYOUT_ROUTE_NAME = 'layout';
