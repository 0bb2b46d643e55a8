import { Button, Field, Input } from '@praxis/ui';
import { useEffect, useRef, useState } from 'react';
import type { FieldErrors } from '../../lib/zod-form';
import { ADDRESS_FIELDS, type AddressValues, emptyAddress, moveAddress } from './profile-values';

const MAX_ADDRESSES = 20;

interface Props {
  rows: AddressValues[];
  errors: FieldErrors;
  onChange: (rows: AddressValues[]) => void;
  onBlurField: (key: string) => void;
}

/**
 * The repeatable address group: add, remove and reorder with buttons, so the keyboard does all of it.
 * After a move the focus stays on the moved row's button (or its other one at an end), and a live
 * region says where the row went.
 */
export function AddressList({ rows, errors, onChange, onBlurField }: Props) {
  const [announcement, setAnnouncement] = useState('');
  const focusNext = useRef<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!focusNext.current) return;
    const element = document.getElementById(focusNext.current);
    focusNext.current = null;
    element?.focus();
  });

  const move = (index: number, by: -1 | 1) => {
    const row = rows[index];
    if (!row) return;
    const next = moveAddress(rows, index, by);
    const to = index + by;
    // At either end the button just pressed is disabled: keep the focus on the row's other one.
    const direction = to === 0 ? 'down' : to === next.length - 1 ? 'up' : by === -1 ? 'up' : 'down';
    focusNext.current = `${row.key}-${direction}`;
    setAnnouncement(`Address moved to position ${to + 1} of ${next.length}.`);
    onChange(next);
  };
  const remove = (index: number) => {
    const next = rows.filter((_, i) => i !== index);
    setAnnouncement(`Address ${index + 1} removed.`);
    onChange(next);
    addButton.current?.focus();
  };
  const add = () => {
    const row = emptyAddress();
    focusNext.current = `${row.key}-addressLine1`;
    setAnnouncement(`Address ${rows.length + 1} added.`);
    onChange([...rows, row]);
  };
  const set = (index: number, field: keyof AddressValues, value: string) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, [field]: value } : row)));

  return (
    <div className="grid gap-4">
      {rows.length === 0 ? <p className="text-muted-foreground text-sm">No addresses.</p> : null}
      <ol className="grid gap-4">
        {rows.map((row, index) => {
          const n = index + 1;
          return (
            <li key={row.key}>
              <fieldset className="grid gap-3 rounded-md border border-border p-4">
                <legend className="px-1 font-medium text-sm">Address {n}</legend>
                <div className="grid items-start gap-3 sm:grid-cols-2">
                  {ADDRESS_FIELDS.map(([field, label]) => (
                    <Field key={field} label={label} errors={errors[`addresses.${index}.${field}`]}>
                      <Input
                        id={`${row.key}-${field}`}
                        value={row[field]}
                        onChange={(event) => set(index, field, event.target.value)}
                        onBlur={() => onBlurField(`addresses.${index}.${field}`)}
                        autoComplete="off"
                      />
                    </Field>
                  ))}
                </div>
                <div className="flex flex-wrap gap-2">
                  <Button
                    type="button"
                    variant="outline"
                    size="sm"
                    id={`${row.key}-up`}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                    aria-label={`Move address ${n} up`}
                  >
                    ↑ Up
                  </Button>
                  <Button
                    type="button"
                    variant="outline"
                    size="sm"
                    id={`${row.key}-down`}
                    disabled={index === rows.length - 1}
                    onClick={() => move(index, 1)}
                    aria-label={`Move address ${n} down`}
                  >
                    ↓ Down
                  </Button>
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    id={`${row.key}-remove`}
                    onClick={() => remove(index)}
                    aria-label={`Remove address ${n}`}
                  >
                    Remove
                  </Button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div>
        <Button
          ref={addButton}
          type="button"
          variant="outline"
          onClick={add}
          disabled={rows.length >= MAX_ADDRESSES}
        >
          Add address
        </Button>
      </div>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </div>
  );
}
