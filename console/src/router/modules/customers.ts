import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { ChatLineRound, CollectionTag, List, UserFilled } from '@element-plus/icons-vue';
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
      // Static siblings (`tags`, `groups`) outrank this dynamic segment, so no customer id can shadow them.
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
