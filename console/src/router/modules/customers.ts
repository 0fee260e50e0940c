import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import {
  ChatLineRound,
  Connection,
  CollectionTag,
  Document,
  List,
  Promotion,
  Switch,
  UserFilled,
} from '@element-plus/icons-vue';
import { Permission } from '@keeper/shared';

export const customerRoutes: RouteRecordRaw[] = [
  {
    path: 'customers',
    meta: { title: 'menu.customers', icon: markRaw(UserFilled), permission: Permission.CustomersRead },
    children: [
      {
        path: '',
        name: 'customer-list',
        component: () => import('@/views/customers/index.vue'),
        meta: { title: 'menu.customerList', icon: markRaw(List), permission: Permission.CustomersRead },
      },
      {
        path: 'tags',
        name: 'customer-tags',
        component: () => import('@/views/customers/tags/index.vue'),
        meta: { title: 'menu.tags', icon: markRaw(CollectionTag), permission: Permission.CustomersRead },
      },
      {
        path: 'groups',
        name: 'customer-groups',
        component: () => import('@/views/customers/groups/index.vue'),
        meta: {
          title: 'menu.customerGroups',
          icon: markRaw(ChatLineRound),
          permission: Permission.CustomersRead,
        },
      },
      {
        path: 'groups/:chatId',
        name: 'customer-group-detail',
        component: () => import('@/views/customers/groups/detail/index.vue'),
        meta: {
          title: 'menu.customerGroupDetail',
          permission: Permission.CustomersRead,
          hideInMenu: true,
          activeMenu: '/customers/groups',
        },
      },
      {
        path: 'channels',
        name: 'customer-channels',
        component: () => import('@/views/customers/channels/index.vue'),
        meta: { title: 'menu.channels', icon: markRaw(Connection), permission: Permission.ChannelsManage },
      },
      {
        path: 'handover',
        name: 'handover-departures',
        component: () => import('@/views/customers/handover/index.vue'),
        meta: {
          title: 'menu.handoverDepartures',
          icon: markRaw(Promotion),
          permission: Permission.ReassignRun,
          badge: 'handoverInbox',
        },
      },
      {
        path: 'handover/on-job',
        name: 'handover-on-job',
        component: () => import('@/views/customers/handover/on-job/index.vue'),
        meta: { title: 'menu.handoverOnJob', icon: markRaw(Switch), permission: Permission.ReassignRun },
      },
      {
        path: 'handover/records',
        name: 'handover-records',
        component: () => import('@/views/customers/handover/records/index.vue'),
        meta: { title: 'menu.handoverRecords', icon: markRaw(Document), permission: Permission.ReassignRun },
      },
      {
        path: 'handover/on-job/:caseId',
        name: 'handover-on-job-case',
        component: () => import('@/views/customers/handover/detail/index.vue'),
        meta: {
          title: 'menu.handoverCase',
          permission: Permission.ReassignRun,
          hideInMenu: true,
          activeMenu: '/customers/handover/on-job',
        },
      },
      // Static siblings (`on-job`, `records`) outrank this dynamic segment.
      {
        path: 'handover/:caseId',
        name: 'handover-case',
        component: () => import('@/views/customers/handover/detail/index.vue'),
        meta: {
          title: 'menu.handoverCase',
          permission: Permission.ReassignRun,
          hideInMenu: true,
          activeMenu: '/customers/handover',
        },
      },
      // Static siblings (`tags`, `groups`, `channels`, `handover`) outrank this dynamic segment, so no customer id can shadow them.
      {
        path: ':externalUserId',
        name: 'customer-detail',
        component: () => import('@/views/customers/detail/index.vue'),
        meta: {
          title: 'menu.customerDetail',
          permission: Permission.CustomersRead,
          hideInMenu: true,
          activeMenu: '/customers',
        },
      },
    ],
  },
];
