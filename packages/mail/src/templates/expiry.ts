/** "10 minutes (at 2026-11-23 10:53 UTC)": how long a code or link in a mail stays valid. */
export function describeExpiry(expiresAt: string, now: Date): string {
  const at = new Date(expiresAt);
  const minutes = Math.max(1, Math.round((at.getTime() - now.getTime()) / 60_000));
  return `${inWords(minutes)} (at ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
}

// Whole hours and days round down, so a mail never promises more time than is left.
function inWords(minutes: number): string {
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
