import { Card } from '@praxis/ui';

export interface Summary {
  totalUsers: number;
  activeUsers: number;
  newUsersThisMonth: number;
  clinicalUsers: number;
  providerUsers: number;
  /** null: presence could not be read (e.g. Redis unreachable). */
  onlineUsers: number | null;
}

const number = new Intl.NumberFormat();

/** The counts of dashboard.summary, one card each; an unknown online count says so. */
export function Metrics({ summary }: { summary: Summary }) {
  const metrics: [string, number | null][] = [
    ['Users', summary.totalUsers],
    ['Active', summary.activeUsers],
    ['Online now', summary.onlineUsers],
    ['New this month', summary.newUsersThisMonth],
    ['Clinical', summary.clinicalUsers],
    ['Providers', summary.providerUsers],
  ];
  return (
    <dl className="grid grid-cols-2 gap-4 md:grid-cols-3 lg:grid-cols-6">
      {metrics.map(([label, value]) => (
        <Card key={label} className="flex flex-col-reverse gap-1 p-4">
          <dt className="text-sm text-muted-foreground">{label}</dt>
          <dd className="text-2xl font-semibold tabular-nums">
            {value === null ? <span className="text-muted-foreground">unknown</span> : number.format(value)}
          </dd>
        </Card>
      ))}
    </dl>
  );
}
