import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { Aim, Picture, Position, TrendCharts } from '@element-plus/icons-vue';
import { Permission } from '@keeper/shared';
import { useAuthStore } from '@/stores/auth.store';

/** Campaigns are read by those who send them and by the managers who approve them. */
const CAMPAIGN_READERS = [Permission.BroadcastsSend, Permission.BroadcastsApprove] as const;

const children: RouteRecordRaw[] = [
  {
    path: 'campaigns',
    name: 'marketing-campaigns',
    component: () => import('@/views/marketing/campaigns/index.vue'),
    meta: { title: 'menu.campaigns', icon: markRaw(Position), permission: CAMPAIGN_READERS },
  },
  {
    path: 'campaigns/new',
    name: 'marketing-campaign-new',
    component: () => import('@/views/marketing/campaigns/edit/index.vue'),
    meta: {
      title: 'menu.campaignNew',
      permission: Permission.BroadcastsSend,
      hideInMenu: true,
      activeMenu: '/marketing/campaigns',
    },
  },
  {
    path: 'campaigns/:id/edit',
    name: 'marketing-campaign-edit',
    component: () => import('@/views/marketing/campaigns/edit/index.vue'),
    meta: {
      title: 'menu.campaignEdit',
      permission: Permission.BroadcastsSend,
      hideInMenu: true,
      activeMenu: '/marketing/campaigns',
    },
  },
  // The static `new` sibling outranks this dynamic segment.
  {
    path: 'campaigns/:id',
    name: 'marketing-campaign',
    component: () => import('@/views/marketing/campaigns/detail/index.vue'),
    meta: {
      title: 'menu.campaignDetail',
      permission: CAMPAIGN_READERS,
      hideInMenu: true,
      activeMenu: '/marketing/campaigns',
    },
  },
  {
    path: 'materials',
    name: 'marketing-materials',
    component: () => import('@/views/marketing/materials/index.vue'),
    meta: { title: 'menu.materials', icon: markRaw(Picture), permission: Permission.BroadcastsSend },
  },
  {
    path: 'segments',
    name: 'marketing-segments',
    component: () => import('@/views/marketing/segments/index.vue'),
    meta: { title: 'menu.segments', icon: markRaw(Aim), permission: Permission.BroadcastsSend },
  },
];

export const marketingRoutes: RouteRecordRaw[] = [
  {
    path: 'marketing',
    name: 'marketing',
    meta: { title: 'menu.marketing', icon: markRaw(TrendCharts), permission: CAMPAIGN_READERS },
    // `/marketing` opens the first page this user may see (a manager sees only the campaigns).
    redirect: () => {
      const auth = useAuthStore();
      const first = children.find((route) => !route.meta?.hideInMenu && auth.can(route.meta?.permission));
      return first?.name ? { name: first.name } : { name: 'forbidden' };
    },
    children,
  },
];
