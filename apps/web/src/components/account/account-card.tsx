import { Badge, Card, CardContent, CardDescription, CardHeader, CardTitle } from '@praxis/ui';
import type { ReactNode } from 'react';

/**
 * One section of the account screen: a titled card with what it is for. `on` adds the On/Off badge
 * of a sign-in method to the title.
 */
export function AccountCard({
  title,
  description,
  on,
  children,
}: {
  title: string;
  description: ReactNode;
  on?: boolean;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader>
        {on === undefined ? (
          <CardTitle>{title}</CardTitle>
        ) : (
          <CardTitle className="flex items-center gap-2">
            {title}
            <Badge variant={on ? 'success' : 'secondary'}>{on ? 'On' : 'Off'}</Badge>
          </CardTitle>
        )}
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}
