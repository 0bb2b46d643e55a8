const unit = (value: number, name: string) => `${value} ${name}${value === 1 ? '' : 's'}`;

/** A duration in seconds as people say it: "12 hours", "7 days", "1 hour 30 minutes", "45 seconds". */
export function formatDuration(totalSeconds: number): string {
  const parts: string[] = [];
  let rest = Math.round(totalSeconds);
  for (const [name, size] of [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(unit(count, name));
    rest -= count * size;
  }
  if (rest > 0 || parts.length === 0) parts.push(unit(rest, 'second'));
  return parts.join(' ');
}
