import { Button } from '@praxis/ui';
import { BULK_ACTIONS } from '@praxis/validators';

type BulkAction = (typeof BULK_ACTIONS)[number];
const LABELS: Record<BulkAction, string> = {
  archive: 'Archive',
  unarchive: 'Unarchive',
  enable: 'Enable',
  disable: 'Disable',
  approve: 'Approve',
};

/** The bulk actions for the selected rows; each row's own result shows in the table. */
export function BulkBar({
  count,
  pending,
  onAction,
  onClear,
  archivedView,
}: {
  count: number;
  pending: boolean;
  onAction: (action: BulkAction) => void;
  onClear: () => void;
  archivedView: boolean;
}) {
  if (count === 0) return null;
  const actions = BULK_ACTIONS.filter((action) =>
    archivedView ? action !== 'archive' : action !== 'unarchive',
  );
  return (
    <section
      aria-label="Bulk actions"
      className="flex flex-wrap items-center gap-2 rounded-md border border-border bg-muted/50 p-2 text-sm"
    >
      <span className="px-2 font-medium">{count} selected</span>
      {actions.map((action) => (
        <Button key={action} size="sm" variant="outline" disabled={pending} onClick={() => onAction(action)}>
          {LABELS[action]}
        </Button>
      ))}
      <Button size="sm" variant="ghost" onClick={onClear}>
        Clear selection
      </Button>
    </section>
  );
}
