import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { ChatDotRound, ChatLineSquare, Files, Search, Warning, Memo } from '@element-plus/icons-vue';
import { Permission } from '@keeper/shared';

const children: RouteRecordRaw[] = [
  {
    path: 'conversations',
    name: 'audit-conversations',
    component: () => import('@/views/audit/conversations/index.vue'),
    meta: { title: 'menu.conversations', icon: markRaw(ChatLineSquare), permission: Permission.ChatsRead },
  },
  {
    path: 'conversations/:id',
    name: 'audit-conversation',
    component: () => import('@/views/audit/conversations/detail/index.vue'),
    meta: {
      title: 'menu.conversationDetail',
      permission: Permission.ChatsRead,
      hideInMenu: true,
      activeMenu: '/audit/conversations',
    },
  },
  {
    path: 'search',
    name: 'audit-search',
    component: () => import('@/views/audit/search/index.vue'),
    meta: { title: 'menu.messageSearch', icon: markRaw(Search), permission: Permission.ChatsRead },
  },
  {
    path: 'violations',
    name: 'audit-violations',
    component: () => import('@/views/audit/violations/index.vue'),
    meta: {
      title: 'menu.violations',
      icon: markRaw(Warning),
      permission: Permission.ChatsRead,
      badge: 'newViolations',
    },
  },
  {
    path: 'rules',
    name: 'audit-rules',
    component: () => import('@/views/audit/rules/index.vue'),
    meta: { title: 'menu.auditRules', icon: markRaw(Memo), permission: Permission.ChatsRead },
  },
  {
    path: 'archive',
    name: 'audit-archive',
    component: () => import('@/views/audit/archive/index.vue'),
    meta: { title: 'menu.archiveStatus', icon: markRaw(Files), permission: Permission.ChatsRead },
  },
];

export const auditRoutes: RouteRecordRaw[] = [
  {
    path: 'audit',
    name: 'audit',
    meta: { title: 'menu.audit', icon: markRaw(ChatDotRound), permission: Permission.ChatsRead },
    redirect: { name: 'audit-conversations' },
    children,
  },
];
