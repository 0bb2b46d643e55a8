import { useEffect, useState } from 'react';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 minutes ago" / "in 2 days" in the viewer's language; "just now" under a minute. */
export function relativeTime(date: Date, now = new Date(), locale?: string): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, 'second') === 'now' ? 'just now' : format.format(0, 'second');
}

/** The exact time in the viewer's timezone, e.g. for a tooltip. */
export function exactTime(date: Date, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

/**
 * A date as "3 minutes ago", with the exact local time on hover and for screen readers
 * (`<time dateTime title>`, and a visually hidden copy); refreshed every 30 s. `fallback` shows for a missing date.
 */
export function RelativeTime({ date, fallback = '—' }: { date: Date | null | undefined; fallback?: string }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!date) return <span>{fallback}</span>;
  const exact = exactTime(date);
  return (
    <time dateTime={date.toISOString()} title={exact}>
      {relativeTime(date, now)}
      <span className="sr-only"> ({exact})</span>
    </time>
  );
}
