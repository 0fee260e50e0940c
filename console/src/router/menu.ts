import type { Component } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import type { Permission } from '@keeper/shared';
import type { MessageKey } from '@/locales';
import type { MenuBadge } from './meta';

export interface MenuItem {
  path: string;
  title: MessageKey;
  icon: Component | undefined;
  badge?: MenuBadge;
  children: MenuItem[];
}

function joinPath(parent: string, path: string): string {
  if (path.startsWith('/')) return path;
  // A group's own page (`path: ''`) lives at the group's address.
  if (!path) return parent;
  return `${parent.replace(/\/$/, '')}/${path}`;
}

/**
 * The side menu is the route table filtered by what the user may do: a route needing a permission the user lacks
 * disappears, and so does a group left with no visible child.
 */
export function buildMenu(
  routes: readonly RouteRecordRaw[],
  can: (permission: Permission | readonly Permission[] | undefined) => boolean,
  parentPath = '/',
): MenuItem[] {
  return routes.flatMap((route): MenuItem[] => {
    const { meta } = route;
    if (!meta?.title || meta.hideInMenu || !can(meta.permission)) return [];
    const path = joinPath(parentPath, route.path);
    if (!route.children?.length) {
      return [{ path, title: meta.title, icon: meta.icon, badge: meta.badge, children: [] }];
    }
    const children = buildMenu(route.children, can, path);
    return children.length ? [{ path, title: meta.title, icon: meta.icon, children }] : [];
  });
}
