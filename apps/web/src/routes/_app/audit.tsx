import {
  Alert,
  AlertDescription,
  AlertTitle,
  Button,
  buttonVariants,
  Skeleton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@praxis/ui';
import { useInfiniteQuery } from '@tanstack/react-query';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { AuditDetail, type AuditEvent } from '../../components/audit/audit-detail';
import { AuditFilters } from '../../components/audit/audit-filters';
import {
  auditExportHref,
  auditSearchSchema,
  cleanAuditSearch,
  toAuditInput,
} from '../../components/audit/audit-search';
import { RelativeTime } from '../../components/relative-time';
import { errorMessage } from '../../lib/errors';
import { useTRPC, useTRPCClient } from '../../trpc';

export const Route = createFileRoute('/_app/audit')({
  validateSearch: auditSearchSchema,
  component: AuditPage,
});

const short = (id: string | null | undefined) => (id ? `${id.slice(0, 8)}…` : '—');

function AuditPage() {
  const search = Route.useSearch();
  const navigate = useNavigate({ from: '/audit' });
  const trpc = useTRPC();
  const [selected, setSelected] = useState<AuditEvent | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const client = useTRPCClient();
  const input = toAuditInput(search);
  // Not trpc.audit.list.infiniteQueryOptions: it adds a `direction` field to the input, which
  // audit.list's strict schema refuses. The cursor goes in by hand; the key is tRPC's own.
  const list = useInfiniteQuery({
    queryKey: trpc.audit.list.infiniteQueryKey(input),
    queryFn: ({ pageParam, signal }) =>
      client.audit.list.query(pageParam ? { ...input, cursor: pageParam } : input, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const events = list.data?.pages.flatMap((page) => page.items) ?? [];

  // Infinite scroll: the "Load more" button fetches the next page when it scrolls into view (and
  // stays a button, so keyboard and screen-reader users load more the same way).
  const more = useRef<HTMLButtonElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    const button = more.current;
    if (!button || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(button);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="font-semibold text-2xl">Audit log</h1>
        {/* A plain link: the browser downloads the streamed file itself (cookie included). */}
        <a href={auditExportHref(search)} download className={buttonVariants({ variant: 'outline' })}>
          Export CSV
        </a>
      </div>
      <AuditFilters search={search} onApply={(next) => void navigate({ search: cleanAuditSearch(next) })} />
      {list.error ? (
        <Alert variant="destructive">
          <AlertTitle>The audit log could not be loaded</AlertTitle>
          <AlertDescription>{errorMessage(list.error)}</AlertDescription>
        </Alert>
      ) : null}
      <div className="rounded-md border border-border bg-background">
        <Table aria-label="Audit events">
          <TableHeader>
            <TableRow>
              <TableHead>Time</TableHead>
              <TableHead>Action</TableHead>
              <TableHead>Actor</TableHead>
              <TableHead>Target</TableHead>
              <TableHead>IP address</TableHead>
              <TableHead>
                <span className="sr-only">Details</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.isPending
              ? Array.from({ length: 5 }, (_, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
                  <TableRow key={i}>
                    <TableCell colSpan={6}>
                      <Skeleton className="h-5 w-full" />
                    </TableCell>
                  </TableRow>
                ))
              : events.map((event) => (
                  <TableRow key={event.id}>
                    <TableCell className="whitespace-nowrap">
                      <RelativeTime date={new Date(event.createdAt)} />
                    </TableCell>
                    <TableCell className="font-medium">{event.action}</TableCell>
                    <TableCell className="font-mono text-xs" title={event.actorId ?? undefined}>
                      {short(event.actorId)}
                    </TableCell>
                    <TableCell className="text-sm">
                      {event.targetType ? `${event.targetType} ` : ''}
                      <span className="font-mono text-xs" title={event.targetId ?? undefined}>
                        {event.targetId ? short(event.targetId) : event.targetType ? '' : '—'}
                      </span>
                    </TableCell>
                    <TableCell className="font-mono text-xs">{event.ip ?? '—'}</TableCell>
                    <TableCell className="text-right">
                      <Button
                        variant="outline"
                        size="sm"
                        aria-label={`Details of ${event.action}`}
                        onClick={(click) => {
                          opener.current = click.currentTarget;
                          setSelected(event);
                        }}
                      >
                        Details
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
          </TableBody>
        </Table>
      </div>
      {list.data && events.length === 0 ? (
        <p className="rounded-md border border-dashed border-border p-8 text-center font-medium">
          {Object.keys(search).length ? 'No events match these filters.' : 'No events yet.'}
        </p>
      ) : null}
      {hasNextPage ? (
        <Button
          ref={more}
          variant="outline"
          className="justify-self-center"
          disabled={isFetchingNextPage}
          onClick={() => void fetchNextPage()}
        >
          {isFetchingNextPage ? 'Loading…' : 'Load more'}
        </Button>
      ) : list.data && events.length > 0 ? (
        <p className="text-center text-muted-foreground text-sm">
          {events.length === 1 ? '1 event' : `${events.length} events`}, no more.
        </p>
      ) : null}
      <AuditDetail event={selected} opener={opener.current} onClose={() => setSelected(null)} />
    </div>
  );
}
