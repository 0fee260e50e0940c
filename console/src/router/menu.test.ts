import { afterEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import SideMenu from '@/layout/components/SideMenu.vue';
import { createTestApp, makeMe } from '@/test-utils/harness';
import type { Role } from '@keeper/shared';

async function menuTextFor(roles: Role[]): Promise<string> {
  const app = createTestApp(makeMe(roles));
  await app.router.push('/home');
  const wrapper = mount(SideMenu, { props: { collapsed: false }, global: { plugins: app.plugins } });
  const text = wrapper.find('[data-test="side-menu"]').text();
  wrapper.unmount();
  return text;
}

describe('the side menu', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows the system pages to an admin', async () => {
    const text = await menuTextFor(['admin']);

    expect(text).toContain('首页');
    expect(text).toContain('系统管理');
    expect(text).toContain('账号管理');
    expect(text).toContain('访问审计');
    expect(text).toContain('组织架构');
    expect(text).toContain('企业微信');
    expect(text).toContain('回调事件');
    expect(text).toContain('连接检查');
  });

  it('shows the organisation, but not the WeCom admin pages, to a marketer', async () => {
    const text = await menuTextFor(['marketer']);

    expect(text).toContain('组织架构');
    expect(text).not.toContain('企业微信');
    expect(text).not.toContain('回调事件');
  });

  it('shows the customer pages to everyone who may read customers, and alerts to auditors', async () => {
    const auditor = await menuTextFor(['auditor']);
    for (const title of ['客户', '客户列表', '标签管理', '客户群', '告警']) expect(auditor).toContain(title);

    const staff = await menuTextFor(['staff']);
    expect(staff).toContain('客户列表');
    expect(staff).not.toContain('告警');
  });

  it('shows 渠道活码 under 客户 to marketers and managers, not to staff or auditors', async () => {
    for (const roles of [['marketer'], ['manager'], ['admin']] as Role[][]) {
      const text = await menuTextFor(roles);
      expect(text, roles.join()).toContain('渠道活码');
    }
    for (const roles of [['staff'], ['auditor']] as Role[][]) {
      const text = await menuTextFor(roles);
      expect(text, roles.join()).toContain('客户列表');
      expect(text, roles.join()).not.toContain('渠道活码');
    }
  });

  it('shows the chat audit pages to whoever may read chats', async () => {
    const auditor = await menuTextFor(['auditor']);
    for (const title of ['会话审计', '会话', '消息搜索', '违规', '审计规则', '存档状态']) {
      expect(auditor).toContain(title);
    }

    const marketer = await menuTextFor(['marketer']);
    expect(marketer).not.toContain('会话审计');
    expect(marketer).not.toContain('消息搜索');
  });

  it('hides the admin pages, and their empty group, from a marketer', async () => {
    const text = await menuTextFor(['marketer']);

    expect(text).toContain('首页');
    expect(text).not.toContain('系统管理');
    expect(text).not.toContain('账号管理');
    expect(text).not.toContain('访问审计');
  });

  it('shows the marketing pages to a marketer, and only the campaigns to a manager who approves them', async () => {
    const marketer = await menuTextFor(['marketer']);
    for (const title of ['营销', '群发任务', '素材库', '客户分群']) expect(marketer).toContain(title);

    const manager = await menuTextFor(['manager']);
    expect(manager).toContain('营销');
    expect(manager).toContain('群发任务');
    expect(manager).not.toContain('素材库');
    expect(manager).not.toContain('客户分群');

    for (const roles of [['staff'], ['auditor']] as Role[][]) {
      const text = await menuTextFor(roles);
      expect(text).not.toContain('营销');
      expect(text).not.toContain('群发任务');
    }
  });
});

describe('the route guard', () => {
  it('sends a signed-out visitor to the login page with the page they wanted', async () => {
    const app = createTestApp(null);

    await app.router.push('/system/users');

    expect(app.router.currentRoute.value.fullPath).toBe('/login?redirect=/system/users');
  });

  it('shows 403 to a marketer who opens an admin page by its address', async () => {
    const app = createTestApp(makeMe(['marketer']));

    await app.router.push('/system/access-audit');

    expect(app.router.currentRoute.value.name).toBe('forbidden');
  });

  it('keeps the WeCom admin pages from a manager, and the organisation from staff', async () => {
    const manager = createTestApp(makeMe(['manager']));
    await manager.router.push('/wecom/checks');
    expect(manager.router.currentRoute.value.name).toBe('forbidden');

    const staff = createTestApp(makeMe(['staff']));
    await staff.router.push('/org');
    expect(staff.router.currentRoute.value.name).toBe('forbidden');
  });

  it('opens a customer by id without shadowing the tags and groups pages', async () => {
    const app = createTestApp(makeMe(['staff']));

    await app.router.push('/customers/tags');
    expect(app.router.currentRoute.value.name).toBe('customer-tags');
    await app.router.push('/customers/groups/wrChat1');
    expect(app.router.currentRoute.value.name).toBe('customer-group-detail');
    await app.router.push('/customers/wmCustomer1');
    expect(app.router.currentRoute.value.name).toBe('customer-detail');
    await app.router.push('/alerts');
    expect(app.router.currentRoute.value.name).toBe('forbidden');
  });

  it('opens 渠道活码 for a marketer and a manager, not as a customer id, and keeps it from staff', async () => {
    for (const roles of [['marketer'], ['manager']] as Role[][]) {
      const app = createTestApp(makeMe(roles));
      await app.router.push('/customers/channels');
      expect(app.router.currentRoute.value.name, roles.join()).toBe('customer-channels');
    }

    const staff = createTestApp(makeMe(['staff']));
    await staff.router.push('/customers/channels');
    expect(staff.router.currentRoute.value.name).toBe('forbidden');
  });

  it('opens a conversation by id and keeps the chat audit from staff', async () => {
    const auditor = createTestApp(makeMe(['auditor']));
    await auditor.router.push('/audit');
    expect(auditor.router.currentRoute.value.name).toBe('audit-conversations');
    await auditor.router.push('/audit/conversations/7?message=100');
    expect(auditor.router.currentRoute.value.name).toBe('audit-conversation');

    const staff = createTestApp(makeMe(['staff']));
    await staff.router.push('/audit/search');
    expect(staff.router.currentRoute.value.name).toBe('forbidden');
  });

  it('opens the marketing pages by what each role may do there', async () => {
    const marketer = createTestApp(makeMe(['marketer']));
    await marketer.router.push('/marketing');
    expect(marketer.router.currentRoute.value.name).toBe('marketing-campaigns');
    await marketer.router.push('/marketing/campaigns/new');
    expect(marketer.router.currentRoute.value.name).toBe('marketing-campaign-new');
    await marketer.router.push('/marketing/campaigns/12');
    expect(marketer.router.currentRoute.value.name).toBe('marketing-campaign');
    expect(marketer.router.currentRoute.value.meta.activeMenu).toBe('/marketing/campaigns');
    await marketer.router.push('/marketing/campaigns/12/edit');
    expect(marketer.router.currentRoute.value.name).toBe('marketing-campaign-edit');

    // A manager reads and approves campaigns, but neither writes them nor keeps the library.
    const manager = createTestApp(makeMe(['manager']));
    await manager.router.push('/marketing/campaigns/12');
    expect(manager.router.currentRoute.value.name).toBe('marketing-campaign');
    for (const path of ['/marketing/campaigns/new', '/marketing/materials', '/marketing/segments']) {
      await manager.router.push(path);
      expect(manager.router.currentRoute.value.name, path).toBe('forbidden');
    }

    const staff = createTestApp(makeMe(['staff']));
    await staff.router.push('/marketing/campaigns');
    expect(staff.router.currentRoute.value.name).toBe('forbidden');
  });

  it('shows 404 for an unknown address', async () => {
    const app = createTestApp(makeMe(['staff']));

    await app.router.push('/no/such/page');

    expect(app.router.currentRoute.value.name).toBe('not-found');
  });
});
