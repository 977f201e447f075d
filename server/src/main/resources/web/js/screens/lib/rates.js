// The six rates of docs/EVENTS.md from an EventStats reply, computed as the CLI's `stats`
// computes them (client StatsCommand / EventJson.rate): numerator / denominator rounded half up
// to 4 decimals, or null when the denominator is 0 ("no events to measure" is not 0%). Integer
// arithmetic (BigInt), so 2/3 is "0.6667" here exactly as in Java's BigDecimal.

export const RATES = [
  // key (CLI JSON name), Chinese name, short name (a chart axis label), numerator, denominator
  ['valid', '有效率', '有效', 'valid', 'reported'],
  ['transfer', '流转率', '流转', 'transferred', 'valid'],
  ['closure', '办结率', '办结', 'closed', 'valid'],
  ['onTimeClosure', '按期办结率', '按期', 'closed_on_time', 'closed'],
  ['satisfaction', '满意率', '满意', 'satisfied', 'rated'],
  ['followUp', '回访率', '回访', 'followed_up', 'closed'],
].map(([key, name, short, numerator, denominator]) => ({key, name, short, numerator, denominator}));

/** The counts in the CLI's order: its JSON name, the wire field, the Chinese name. */
export const COUNTS = [
  ['reported', 'reported', '上报'],
  ['valid', 'valid', '有效'],
  ['transferred', 'transferred', '流转'],
  ['closed', 'closed', '办结'],
  ['closedOnTime', 'closed_on_time', '按期办结'],
  ['rated', 'rated', '已评价'],
  ['satisfied', 'satisfied', '满意'],
  ['followedUp', 'followed_up', '已回访'],
  ['overdue', 'overdue', '超期'],
].map(([key, field, name]) => ({key, field, name}));

function big(value) {
  if (value === undefined || value === null || value === '') return 0n;
  return BigInt(typeof value === 'number' ? Math.trunc(value) : String(value));
}

/** "0.6667" for (2, 3), "1.0000" for (5, 5), null for (0, 0). */
export function rate(numerator, denominator) {
  const n = big(numerator);
  const d = big(denominator);
  if (d === 0n) return null;
  const scaled = (2n * n * 10000n + d) / (2n * d); // half up, n and d >= 0
  const whole = scaled / 10000n;
  const fraction = String(scaled % 10000n).padStart(4, '0');
  return `${whole}.${fraction}`;
}

/** "66.67%" for "0.6667"; "—" for null. */
export function percent(value) {
  if (value === null) return '—';
  const [whole, fraction] = value.split('.');
  const hundredths = BigInt(whole) * 10000n + BigInt(fraction);
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}%`;
}

/** Every rate of a stats reply: [{key, name, value ("0.6667" | null), numerator, denominator}]. */
export function rates(stats) {
  return RATES.map((r) => ({...r, value: rate(stats[r.numerator], stats[r.denominator]),
    n: big(stats[r.numerator]), d: big(stats[r.denominator])}));
}
