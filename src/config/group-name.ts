/** How the notice names groups: 第三组, 第十六组 (附件1). */

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–99 in Chinese numerals: 3 → 三, 10 → 十, 16 → 十六, 21 → 二十一; other numbers as digits. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

/** 3 → 第三组. */
export function groupName(n: number): string {
  return `第${chineseNumber(n)}组`;
}
