// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD_RULE } from './new-password';
import { NewPasswordFields } from './new-password-fields';

afterEach(cleanup);

describe('NewPasswordFields', () => {
  it('shows the rule before anything is sent, read with the first field', () => {
    render(<NewPasswordFields errors={{}} />);
    const field = screen.getByLabelText('New password');
    const hint = screen.getByText(PASSWORD_RULE);
    expect(field.getAttribute('aria-describedby')).toBe(hint.id);
    expect(field.getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByLabelText('Repeat the new password').getAttribute('type')).toBe('password');
  });

  it('puts each error beside its own field', () => {
    render(
      <NewPasswordFields
        label="Password"
        errors={{
          newPassword: ['Password must be at least 10 characters'],
          confirmPassword: ['Not the same'],
        }}
      />,
    );
    const first = screen.getByLabelText('Password');
    const repeat = screen.getByLabelText('Repeat the password');
    expect(first.getAttribute('aria-invalid')).toBe('true');
    expect(repeat.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (element: HTMLElement) =>
      (element.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent)
        .join(' | ');
    expect(describedBy(first)).toContain('Password must be at least 10 characters');
    expect(describedBy(repeat)).toBe('Not the same');
  });
});
