import { Button, Field, Input } from '@praxis/ui';
import { type FormEvent, useEffect, useState } from 'react';
import { type AuditSearch, auditFilterErrors } from './audit-search';

type Values = Record<keyof AuditSearch, string>;
const toValues = (search: AuditSearch): Values => ({
  actor: search.actor ?? '',
  action: search.action ?? '',
  target: search.target ?? '',
  from: search.from ?? '',
  to: search.to ?? '',
});

/** The audit filters: applied together on submit (Enter in any field), so the URL changes once. */
export function AuditFilters({
  search,
  onApply,
}: {
  search: AuditSearch;
  onApply: (search: AuditSearch) => void;
}) {
  const [values, setValues] = useState(() => toValues(search));
  const [errors, setErrors] = useState<Partial<Values>>({});
  // Back/forward or "Clear" changes the URL: show what it says.
  useEffect(() => {
    setValues(toValues(search));
    setErrors({});
  }, [search]);
  const set = (key: keyof Values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [key]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = auditFilterErrors(values);
    setErrors(found);
    if (Object.keys(found).length) return;
    onApply({
      actor: values.actor || undefined,
      action: values.action || undefined,
      target: values.target || undefined,
      from: values.from || undefined,
      to: values.to || undefined,
    });
  };
  const any = Object.values(search).some(Boolean);
  return (
    <form
      aria-label="Audit filters"
      onSubmit={submit}
      className="flex flex-wrap items-start gap-4"
      noValidate
    >
      <Field label="Actor id" errors={errors.actor ? [errors.actor] : undefined}>
        <Input className="w-64 font-mono text-xs" value={values.actor} onChange={set('actor')} />
      </Field>
      <Field
        label="Action"
        hint="Exact, or an area like auth.*"
        errors={errors.action ? [errors.action] : undefined}
      >
        <Input className="w-48" value={values.action} onChange={set('action')} placeholder="auth.*" />
      </Field>
      <Field label="Target id" errors={errors.target ? [errors.target] : undefined}>
        <Input className="w-64 font-mono text-xs" value={values.target} onChange={set('target')} />
      </Field>
      <Field label="From">
        <Input type="date" className="w-40" value={values.from} onChange={set('from')} />
      </Field>
      <Field label="To" errors={errors.to ? [errors.to] : undefined}>
        <Input type="date" className="w-40" value={values.to} onChange={set('to')} />
      </Field>
      <div className="flex gap-2 self-end pb-0.5">
        <Button type="submit">Apply filters</Button>
        {any ? (
          <Button type="button" variant="ghost" onClick={() => onApply({})}>
            Clear
          </Button>
        ) : null}
      </div>
    </form>
  );
}
