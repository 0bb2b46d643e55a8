import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@praxis/ui';
import type { ReactNode } from 'react';
import type { RouterOutputs } from '../../trpc';
import { RelativeTime } from '../relative-time';

export type AuditEvent = RouterOutputs['audit']['list']['items'][number];

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-muted-foreground text-xs uppercase tracking-wide">{label}</dt>
      <dd className="break-all text-sm">{children}</dd>
    </div>
  );
}

const mono = (value: string | null | undefined) =>
  value ? (
    <span className="font-mono text-xs">{value}</span>
  ) : (
    <span className="text-muted-foreground">—</span>
  );

/** One event in full, in a panel at the right edge (a modal dialog: focus stays in it, Escape closes). */
export function AuditDetail({
  event,
  onClose,
  opener,
}: {
  event: AuditEvent | null;
  onClose: () => void;
  /** The button that opened the panel: focus goes back to it (there is no DialogTrigger to do so). */
  opener?: HTMLElement | null;
}) {
  return (
    <Dialog open={event !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent
        onCloseAutoFocus={(closing) => {
          if (!opener?.isConnected) return;
          closing.preventDefault();
          opener.focus();
        }}
        className="top-0 right-0 left-auto h-full max-w-md translate-x-0 translate-y-0 content-start overflow-y-auto rounded-none"
      >
        {event ? (
          <>
            <DialogHeader>
              <DialogTitle>{event.action}</DialogTitle>
              <DialogDescription>Audit event {event.id}</DialogDescription>
            </DialogHeader>
            <dl className="grid gap-3">
              <Row label="Time">
                <RelativeTime date={new Date(event.createdAt)} />
              </Row>
              <Row label="Actor">{mono(event.actorId)}</Row>
              {event.impersonatorId ? <Row label="Impersonated by">{mono(event.impersonatorId)}</Row> : null}
              <Row label="Action">{event.action}</Row>
              <Row label="Target">
                {event.targetType ? <span className="mr-1">{event.targetType}</span> : null}
                {mono(event.targetId)}
              </Row>
              <Row label="Organisation">{mono(event.organizationId)}</Row>
              <Row label="IP address">{mono(event.ip)}</Row>
              <Row label="Metadata">
                <pre className="max-h-80 overflow-auto rounded-md bg-muted p-2 font-mono text-xs">
                  {JSON.stringify(event.metadata ?? {}, null, 2)}
                </pre>
              </Row>
            </dl>
          </>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
