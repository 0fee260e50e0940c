import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { ChatDotRound, Connection, Message } from '@element-plus/icons-vue';
import { Permission } from '@keeper/shared';

export const wecomRoutes: RouteRecordRaw[] = [
  {
    path: 'wecom',
    name: 'wecom',
    meta: { title: 'menu.wecom', icon: markRaw(ChatDotRound), permission: Permission.WeComAdmin },
    redirect: { name: 'wecom-inbox' },
    children: [
      {
        path: 'inbox',
        name: 'wecom-inbox',
        component: () => import('@/views/wecom/inbox/index.vue'),
        meta: { title: 'menu.inbox', icon: markRaw(Message), permission: Permission.WeComAdmin },
      },
      {
        path: 'checks',
        name: 'wecom-checks',
        component: () => import('@/views/wecom/checks/index.vue'),
        meta: { title: 'menu.checks', icon: markRaw(Connection), permission: Permission.WeComAdmin },
      },
    ],
  },
];
