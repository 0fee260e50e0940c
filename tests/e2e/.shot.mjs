import { chromium } from 'playwright-core';
const [base, user, pass, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const tall = process.env.TALL ? Number(process.env.TALL) : 900;
const width = process.env.WIDTH ? Number(process.env.WIDTH) : 1440;
const page = await browser.newPage({ viewport: { width, height: tall }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
await page.goto(`${base}/login`);
await page.locator('input').nth(0).fill(user);
await page.locator('input[type="password"]').fill(pass);
await page.keyboard.press('Enter');
await page.waitForURL(`${base}/home`);
for (const p of paths) {
  await page.goto(`${base}${p}`);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(800);
  const name = p.replace(/[^a-z0-9]+/gi, '_');
  await page.screenshot({ path: `/tmp/shots/${name}.png` });
  console.log(`/tmp/shots/${name}.png`);
}
await browser.close();
