/** 13812345678 → 138****5678; shorter numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.trim();
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}
