import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { cn } from './cn';

type Toast = { id: number; message: string; variant: 'default' | 'destructive' };
type ToastApi = { toast: (message: string, variant?: Toast['variant']) => void };

const ToastContext = createContext<ToastApi | null>(null);
const TOAST_MS = 5000;

/** Short confirmations ("Saved") in a live region; errors belong beside what failed instead. */
export function Toaster({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const toast = useCallback((message: string, variant: Toast['variant'] = 'default') => {
    const id = Date.now() + Math.random();
    setToasts((all) => [...all, { id, message, variant }]);
    setTimeout(() => setToasts((all) => all.filter((t) => t.id !== id)), TOAST_MS);
  }, []);
  const api = useMemo(() => ({ toast }), [toast]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <ol aria-live="polite" className="fixed right-4 bottom-4 z-50 flex w-80 flex-col gap-2">
        {toasts.map((t) => (
          <li
            key={t.id}
            className={cn(
              'rounded-md border px-4 py-3 text-sm shadow-md',
              t.variant === 'destructive'
                ? 'border-destructive/50 bg-red-50 text-red-900'
                : 'border-border bg-background',
            )}
          >
            {t.message}
          </li>
        ))}
      </ol>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast needs a <Toaster> above it');
  return api;
}
