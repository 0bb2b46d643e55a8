import { Button, Label } from '@praxis/ui';
import { Link } from '@tanstack/react-router';
import { number, pageWindow, totalLabel } from '../list-pager';
import { cleanSearch, nextPageSearch, PAGE_SIZES, type UsersSearch, withChange } from './users-search';

interface PageInfo {
  total: number;
  totalPages: number;
  totalExact: boolean;
  nextCursor: string | null;
  itemCount: number;
}

/** Page size, the range shown and the total, and page links (by number, by cursor when deep). */
export function UsersPager({
  search,
  info,
  onPageSize,
}: {
  search: UsersSearch;
  info: PageInfo | undefined;
  onPageSize: (size: number) => void;
}) {
  const page = search.page ?? 1;
  const size = search.size ?? 20;
  const byCursor = Boolean(search.cursor);
  const first = (page - 1) * size + 1;
  const hasNext = info ? (byCursor ? info.nextCursor !== null : page < info.totalPages) : false;
  const to = (next: UsersSearch) => ({ to: '/users' as const, search: next });
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center gap-4 text-sm">
      <div className="flex items-center gap-2">
        <Label htmlFor="page-size">Rows per page</Label>
        <select
          id="page-size"
          className="h-9 rounded-md border border-input bg-background px-2"
          value={size}
          onChange={(event) => onPageSize(Number(event.target.value))}
        >
          {PAGE_SIZES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </div>
      <p aria-live="polite" className="text-muted-foreground">
        {info
          ? info.itemCount === 0
            ? 'No users'
            : `${number(first)}–${number(first + info.itemCount - 1)} of ${totalLabel(info.total, info.totalExact)}`
          : 'Loading…'}
      </p>
      <div className="ml-auto flex items-center gap-1">
        {page > 1 ? (
          <Button variant="outline" size="sm" asChild>
            <Link {...to(withChange(search, {}))}>First</Link>
          </Button>
        ) : null}
        {!byCursor && page > 1 ? (
          <Button variant="outline" size="sm" asChild>
            <Link {...to(cleanSearch({ ...search, page: page - 1 }))} rel="prev">
              Previous
            </Link>
          </Button>
        ) : null}
        {!byCursor && info
          ? pageWindow(page, info.totalPages).map((n) => (
              <Button key={n} variant={n === page ? 'default' : 'ghost'} size="sm" asChild>
                <Link
                  {...to(cleanSearch({ ...search, page: n }))}
                  aria-label={`Page ${n}`}
                  aria-current={n === page ? 'page' : undefined}
                >
                  {number(n)}
                </Link>
              </Button>
            ))
          : null}
        {byCursor ? <span className="px-2">Page {number(page)}</span> : null}
        {hasNext && info ? (
          <Button variant="outline" size="sm" asChild>
            <Link {...to(nextPageSearch(search, info.nextCursor))} rel="next">
              Next
            </Link>
          </Button>
        ) : null}
      </div>
    </nav>
  );
}
