import { z } from 'zod';

export const dashboardQuerySchema = z.object({
  /** Inclusive calendar days in Asia/Shanghai, YYYY-MM-DD. */
  from: z.iso.date(),
  to: z.iso.date(),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

const dailyCount = z.object({ day: z.string(), added: z.number().int(), lost: z.number().int() });

export const dashboardSchema = z.object({
  totals: z.object({
    customers: z.number().int(),
    activeCustomers: z.number().int(),
    lostCustomers: z.number().int(),
    members: z.number().int(),
    openAlerts: z.number().int(),
  }),
  /** Per day in Asia/Shanghai: new follow relations, and relations ended by either side. */
  daily: z.array(dailyCount),
  byMember: z.array(
    z.object({ userId: z.string(), name: z.string(), added: z.number().int(), lost: z.number().int() }),
  ),
  byChannel: z.array(z.object({ state: z.string().nullable(), added: z.number().int() })),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
