// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SearchBox } from './users-filters';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('SearchBox', () => {
  it('searches once typing pauses (250 ms), not on every keystroke', () => {
    const onSearch = vi.fn();
    render(<SearchBox value="" onSearch={onSearch} />);
    const box = screen.getByLabelText('Search');
    for (const text of ['a', 'ad', 'ada']) {
      fireEvent.change(box, { target: { value: text } });
      act(() => vi.advanceTimersByTime(100));
    }
    expect(onSearch).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(250));
    expect(onSearch).toHaveBeenCalledTimes(1);
    expect(onSearch).toHaveBeenCalledWith('ada');
  });

  it('shows what the URL says after Back, without searching again', () => {
    const onSearch = vi.fn();
    const { rerender } = render(<SearchBox value="ada" onSearch={onSearch} />);
    rerender(<SearchBox value="bob" onSearch={onSearch} />);
    expect((screen.getByLabelText('Search') as HTMLInputElement).value).toBe('bob');
    act(() => vi.advanceTimersByTime(1000));
    expect(onSearch).not.toHaveBeenCalled();
  });
});
