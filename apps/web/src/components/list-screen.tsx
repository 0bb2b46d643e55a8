import { Alert, AlertDescription, AlertTitle, Button, cn, Input, Label } from '@praxis/ui';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { errorMessage } from '../lib/errors';

/** A list screen's title row: the heading, its views (if any) and the create button (if allowed). */
export function ListHeader({
  title,
  views,
  action,
}: {
  title: string;
  views?: ReactNode;
  action?: { label: string; onClick: () => void } | null | undefined;
}) {
  return (
    <div className="flex flex-wrap items-center gap-4">
      <h1 className="font-semibold text-2xl">{title}</h1>
      {views}
      {action ? (
        <Button className="ml-auto" onClick={action.onClick}>
          {action.label}
        </Button>
      ) : null}
    </div>
  );
}

const tabClass = (current: boolean) =>
  `rounded-md border px-3 py-1.5 text-sm hover:bg-background ${current ? 'border-border bg-background font-medium' : 'border-transparent'}`;

/** What a tab's link gets from `ArchiveViewTabs`: spread it onto the screen's own typed `Link`. */
export interface ViewTabProps {
  className: string;
  'aria-current': 'page' | undefined;
  children: string;
}

/**
 * The "Current / Archived" views of a list, as a named nav. Each screen renders its own link
 * (`tab`), so the router's types check its path and search.
 */
export function ArchiveViewTabs({
  label,
  archived,
  tab,
}: {
  /** The nav's accessible name, e.g. "Organisation views". */
  label: string;
  /** Whether the archived view is the one shown. */
  archived: boolean;
  tab: (archived: boolean, props: ViewTabProps) => ReactNode;
}) {
  return (
    <nav aria-label={label} className="flex gap-1 text-sm">
      {tab(false, {
        className: tabClass(!archived),
        'aria-current': archived ? undefined : 'page',
        children: 'Current',
      })}
      {tab(true, {
        className: tabClass(archived),
        'aria-current': archived ? 'page' : undefined,
        children: 'Archived',
      })}
    </nav>
  );
}

/**
 * A search box with its Search button. It shows `value` (the URL's) until the user types, and again
 * when the URL changes; submitting hands the text to `onSearch`.
 */
export function SearchForm({
  id,
  placeholder,
  value,
  onSearch,
}: {
  id: string;
  placeholder: string;
  value: string;
  onSearch: (q: string) => void;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text);
  };
  return (
    <form onSubmit={submit} className="flex items-end gap-2">
      <div className="grid gap-1.5">
        <Label htmlFor={id}>Search</Label>
        <Input
          id={id}
          type="search"
          placeholder={placeholder}
          value={text}
          onChange={(event) => setText(event.target.value)}
          className="w-72"
        />
      </div>
      <Button type="submit" variant="outline">
        Search
      </Button>
    </form>
  );
}

export const selectClass = 'h-10 rounded-md border border-input bg-background px-2 text-sm';

/** A labelled native select filter: "" (the first option, `anyLabel`) means no filter. */
export function FilterSelect<V extends string>({
  id,
  label,
  value,
  options,
  anyLabel = 'Any',
  onChange,
  className,
  selectClassName,
}: {
  id: string;
  label: string;
  value: V | undefined;
  options: readonly { value: V; label: string }[];
  anyLabel?: string;
  onChange: (value: V | undefined) => void;
  /** For the wrapper (label and select). */
  className?: string;
  selectClassName?: string;
}) {
  return (
    <div className={cn('grid gap-1.5', className)}>
      <Label htmlFor={id}>{label}</Label>
      <select
        id={id}
        className={cn(selectClass, selectClassName)}
        value={value ?? ''}
        // Only the options' values (or "") can be chosen.
        onChange={(event) => onChange((event.target.value || undefined) as V | undefined)}
      >
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The alert shown when a list (or one item) could not be loaded; nothing without an error. */
export function LoadError({ title, error }: { title: string; error: unknown }) {
  if (!error) return null;
  return (
    <Alert variant="destructive">
      <AlertTitle>{title}</AlertTitle>
      <AlertDescription>{errorMessage(error)}</AlertDescription>
    </Alert>
  );
}

/** The dashed box that stands for an empty list. */
export function EmptyList({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-md border border-dashed border-border p-8 text-center font-medium">{children}</p>
  );
}
