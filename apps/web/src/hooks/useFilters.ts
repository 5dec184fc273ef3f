import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const PAGE_SIZE = 50;

export type Filters<K extends string> = Record<K, string> & { offset: number };

/**
 * A list page's filters and position, kept in the address (`?q=trog&rank=4&offset=50`) so that
 * every view is a link to share and Back returns to it. Changing a filter goes back to the first page.
 */
export function useFilters<K extends string>(keys: readonly K[]): [Filters<K>, (changes: Partial<Record<K | 'offset', string | number>>) => void] {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const names = keys.join(',');
  const filters = useMemo(() => {
    const current = new URLSearchParams(search);
    const values = Object.fromEntries(names.split(',').map((key) => [key, current.get(key) ?? ''])) as Record<K, string>;
    const offset = Math.max(0, Number.parseInt(current.get('offset') ?? '0', 10) || 0);
    return { ...values, offset } as Filters<K>;
  }, [search, names]);

  const change = useCallback(
    (changes: Partial<Record<K | 'offset', string | number>>) => {
      setParams((previous) => {
        const next = new URLSearchParams(previous);
        if (!('offset' in changes)) next.delete('offset');
        for (const [key, value] of Object.entries(changes)) {
          if (value === '' || value === undefined || (key === 'offset' && value === 0)) next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      });
    },
    [setParams],
  );
  return [filters, change];
}
