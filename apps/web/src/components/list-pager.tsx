import { Button } from '@praxis/ui';

export interface ListPageInfo {
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
  totalExact: boolean;
  itemCount: number;
}

export const number = (value: number) => value.toLocaleString();

/** "about 100,000" when the server estimated the total (beyond its exact-count limit). */
export function totalLabel(total: number, exact: boolean): string {
  return exact ? number(total) : `about ${number(total)}`;
}

/** Up to five page numbers around the current one. */
export function pageWindow(current: number, last: number): number[] {
  const from = Math.max(1, Math.min(current - 2, last - 4));
  const to = Math.min(last, from + 4);
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** "21–40 of 135" and page buttons, for a list paged by number (the page lives in the URL). */
export function ListPager({
  label,
  noun,
  info,
  onPage,
}: {
  /** The navigation's accessible name, e.g. "Organisation pages". */
  label: string;
  /** Plural, for "No organisations". */
  noun: string;
  info: ListPageInfo | undefined;
  onPage: (page: number) => void;
}) {
  if (!info) return null;
  const { page, pageSize, total, totalPages, itemCount } = info;
  const first = (page - 1) * pageSize + 1;
  const totalText = totalLabel(total, info.totalExact);
  return (
    <nav aria-label={label} className="flex flex-wrap items-center gap-4 text-sm">
      <p aria-live="polite" className="text-muted-foreground">
        {itemCount === 0 ? `No ${noun}` : `${number(first)}–${number(first + itemCount - 1)} of ${totalText}`}
      </p>
      {totalPages > 1 ? (
        <div className="ml-auto flex items-center gap-1">
          <Button variant="outline" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            Previous
          </Button>
          {pageWindow(page, totalPages).map((n) => (
            <Button
              key={n}
              variant={n === page ? 'default' : 'ghost'}
              size="sm"
              aria-label={`Page ${n}`}
              aria-current={n === page ? 'page' : undefined}
              onClick={() => onPage(n)}
            >
              {number(n)}
            </Button>
          ))}
          <Button variant="outline" size="sm" disabled={page >= totalPages} onClick={() => onPage(page + 1)}>
            Next
          </Button>
        </div>
      ) : null}
    </nav>
  );
}
