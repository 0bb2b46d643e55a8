import { Button, Input, Label } from '@praxis/ui';
import { ROLE_VALUES, USER_STATUS_VALUES } from '@praxis/validators';
import { useEffect, useId, useState } from 'react';
import type { RouterOutputs } from '../../trpc';
import { FilterSelect } from '../list-screen';
import { roleLabel } from './user-cells';
import { activeFilterCount, type UsersSearch } from './users-search';

type FilterOptions = RouterOutputs['users']['filterOptions'];
const SEARCH_DEBOUNCE_MS = 250;

/** Search as you type: the URL (and so the request) follows the box once typing pauses. */
export function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  // Back/forward or a cleared filter changes the URL: show what it says.
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value.trim()) return;
    const timer = setTimeout(() => onSearch(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value, onSearch]);
  return (
    <div className="grid gap-1.5">
      <Label htmlFor="users-search">Search</Label>
      <Input
        id="users-search"
        type="search"
        placeholder="Name, email or username"
        value={text}
        onChange={(event) => setText(event.target.value)}
        className="w-72"
      />
    </div>
  );
}

const yesNo = (value: boolean | undefined) => (value === undefined ? undefined : value ? 'yes' : 'no');
const fromYesNo = (value: 'yes' | 'no' | undefined) => (value === undefined ? undefined : value === 'yes');

function TriState({
  label,
  value,
  onChange,
  yes = 'Yes',
  no = 'No',
}: {
  label: string;
  value: boolean | undefined;
  onChange: (value: boolean | undefined) => void;
  yes?: string;
  no?: string;
}) {
  const id = useId();
  return (
    <FilterSelect
      id={id}
      label={label}
      value={yesNo(value)}
      options={[
        { value: 'yes', label: yes },
        { value: 'no', label: no },
      ]}
      onChange={(choice) => onChange(fromYesNo(choice))}
    />
  );
}

function CheckList<T extends string>({
  legend,
  values,
  selected,
  onChange,
  label = (value: T) => value,
}: {
  legend: string;
  values: readonly T[];
  selected: readonly T[] | undefined;
  onChange: (values: T[]) => void;
  label?: (value: T) => string;
}) {
  const chosen = new Set(selected ?? []);
  return (
    <fieldset className="grid gap-1">
      <legend className="mb-1 font-medium text-sm">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {values.map((value) => (
          <label key={value} className="flex items-center gap-1.5 text-sm">
            <input
              type="checkbox"
              className="size-4"
              checked={chosen.has(value)}
              onChange={(event) => {
                const next = new Set(chosen);
                if (event.target.checked) next.add(value);
                else next.delete(value);
                onChange(values.filter((v) => next.has(v)));
              }}
            />
            {label(value)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Every filter of users.list; each change goes to the URL at once. */
export function UsersFilters({
  search,
  options,
  onChange,
}: {
  search: UsersSearch;
  options: FilterOptions | undefined;
  onChange: (change: Partial<UsersSearch>) => void;
}) {
  const count = activeFilterCount(search);
  const orgId = useId();
  return (
    <details className="rounded-md border border-border p-3" open={count > 0}>
      <summary className="cursor-pointer font-medium text-sm">Filters{count ? ` (${count})` : ''}</summary>
      <div className="mt-3 grid gap-4">
        <CheckList
          legend="Roles"
          values={options?.roles ?? ROLE_VALUES}
          selected={search.roles}
          onChange={(roles) => onChange({ roles })}
          label={roleLabel}
        />
        <CheckList
          legend="Status"
          values={options?.statuses ?? USER_STATUS_VALUES}
          selected={search.status}
          onChange={(status) => onChange({ status })}
        />
        <div className="flex flex-wrap items-end gap-4">
          <TriState label="Active" value={search.active} onChange={(active) => onChange({ active })} />
          <TriState
            label="Clinical"
            value={search.clinical}
            onChange={(clinical) => onChange({ clinical })}
          />
          <TriState
            label="Email confirmed"
            value={search.confirmed}
            onChange={(confirmed) => onChange({ confirmed })}
          />
          <TriState
            label="Online"
            value={search.online}
            onChange={(online) => onChange({ online })}
            yes="Online"
            no="Offline"
          />
          <FilterSelect
            id={orgId}
            label="Organisation"
            selectClassName="max-w-64"
            value={search.org}
            options={options?.organizations.map((org) => ({ value: org.id, label: org.name })) ?? []}
            onChange={(org) => onChange({ org })}
          />
          <div className="grid gap-1.5">
            <Label htmlFor="created-from">Created from</Label>
            <Input
              id="created-from"
              type="date"
              className="w-40"
              value={search.from ?? ''}
              onChange={(event) => onChange({ from: event.target.value || undefined })}
            />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="created-to">Created to</Label>
            <Input
              id="created-to"
              type="date"
              className="w-40"
              value={search.to ?? ''}
              onChange={(event) => onChange({ to: event.target.value || undefined })}
            />
          </div>
          {count ? (
            <Button
              variant="ghost"
              onClick={() =>
                onChange({
                  roles: undefined,
                  status: undefined,
                  active: undefined,
                  clinical: undefined,
                  confirmed: undefined,
                  online: undefined,
                  org: undefined,
                  from: undefined,
                  to: undefined,
                })
              }
            >
              Clear filters
            </Button>
          ) : null}
        </div>
      </div>
    </details>
  );
}
