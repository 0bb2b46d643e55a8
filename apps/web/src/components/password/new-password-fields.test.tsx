// @vitest-environment jsdom

import { assessPassword } from '@praxis/validators';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_RULE } from './new-password';
import { NewPasswordFields } from './new-password-fields';

afterEach(cleanup);

// The first check loads the strength dictionaries (a lazy chunk in the app): once, up front.
beforeAll(() => assessPassword('warm up the dictionaries', { email: '' }), 60_000);

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
          newPassword: ['Password must be at least 12 characters'],
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
    expect(describedBy(first)).toContain('Password must be at least 12 characters');
    expect(describedBy(repeat)).toBe('Not the same');
  });

  it('shows the strength of what is typed, from the server rule, with the owner counted against it', async () => {
    render(
      <NewPasswordFields errors={{}} owner={{ email: 'ada.lovelace@example.test', lastName: 'Lovelace' }} />,
    );
    const field = screen.getByLabelText('New password');
    fireEvent.change(field, { target: { value: 'password1234' } });
    expect((await screen.findByText(/^Strength: Weak/)).textContent).toMatch(/Add more words/);
    fireEvent.change(field, { target: { value: 'short' } });
    await screen.findByText(/^Strength: Too short/);
    // Strong for anyone else, but it is made of the owner's name.
    fireEvent.change(field, { target: { value: 'lovelace.1815' } });
    await screen.findByText(/^Strength: Fair/);
    fireEvent.change(field, { target: { value: 'plum lantern orbit cobalt' } });
    await screen.findByText(/^Strength: Very strong/);
  });
});
