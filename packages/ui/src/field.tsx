import { cloneElement, type ReactElement, useId } from 'react';
import { cn } from './cn';
import { Label } from './label';

type ControlProps = {
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
};

export interface FieldProps {
  label: string;
  /** Messages shown under the control and read by screen readers with it. */
  errors?: readonly string[] | undefined;
  hint?: string;
  className?: string;
  children: ReactElement<ControlProps>;
}

/** A label, its control and the control's errors, wired together for assistive technology. */
export function Field({ label, errors, hint, className, children }: FieldProps) {
  const id = useId();
  const controlId = children.props.id ?? `${id}-control`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const invalid = Boolean(errors?.length);
  const describedBy = [hint ? hintId : null, invalid ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cn('grid gap-1.5', className)}>
      <Label htmlFor={controlId}>{label}</Label>
      {cloneElement(children, {
        id: controlId,
        'aria-invalid': invalid || undefined,
        'aria-describedby': describedBy,
      })}
      {hint ? (
        <p id={hintId} className="text-muted-foreground text-sm">
          {hint}
        </p>
      ) : null}
      {invalid ? (
        <p id={errorId} className="text-destructive text-sm">
          {errors?.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
