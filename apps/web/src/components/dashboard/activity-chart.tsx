// Recharts is large: this module is only ever imported lazily (see dashboard-page.tsx), so it
// stays out of the sign-in and first-screen bundle.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface ActivityDay {
  date: string;
  signIns: number;
  newUsers: number;
}

// The series are UTC days: label them as such, whatever the viewer's timezone.
const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const formatDay = (date: string) => dayLabel.format(new Date(`${date}T00:00:00Z`));

/** Sign-ins and new users per day, as grouped bars. */
export default function ActivityChart({ days }: { days: ActivityDay[] }) {
  return (
    <ResponsiveContainer width="100%" height={280}>
      <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid vertical={false} stroke="var(--color-border)" />
        <XAxis
          dataKey="date"
          tickFormatter={formatDay}
          tickLine={false}
          axisLine={false}
          minTickGap={24}
          tick={{ fill: 'var(--color-muted-foreground)', fontSize: 12 }}
        />
        <YAxis
          allowDecimals={false}
          tickLine={false}
          axisLine={false}
          tick={{ fill: 'var(--color-muted-foreground)', fontSize: 12 }}
        />
        <Tooltip
          labelFormatter={(label) => formatDay(String(label))}
          cursor={{ fill: 'var(--color-muted)' }}
          contentStyle={{ borderRadius: 6, borderColor: 'var(--color-border)', fontSize: 13 }}
        />
        <Legend
          iconType="circle"
          itemSorter={null}
          wrapperStyle={{ fontSize: 13 }}
          formatter={(value) => <span className="text-foreground">{value}</span>}
        />
        <Bar dataKey="signIns" name="Sign-ins" fill="#1d4ed8" radius={[3, 3, 0, 0]} />
        <Bar dataKey="newUsers" name="New users" fill="#0d9488" radius={[3, 3, 0, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}
