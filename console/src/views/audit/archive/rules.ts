import { retentionSchema } from '@keeper/shared';

export type RetentionMode = 'forever' | 'days';

export interface RetentionFormModel {
  mode: RetentionMode;
  days: number;
}

// The limits come from the contract's schema, so the form and the server cannot disagree about them.
const days = retentionSchema.shape.days.unwrap();
export const RETENTION_MIN_DAYS = days.minValue ?? 1;
export const RETENTION_MAX_DAYS = days.maxValue ?? 3650;
export const DEFAULT_RETENTION_DAYS = 180;

export function isValidRetentionDays(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= RETENTION_MIN_DAYS &&
    value <= RETENTION_MAX_DAYS
  );
}
