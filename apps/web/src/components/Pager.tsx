interface PagerProps {
  total: number;
  limit: number;
  offset: number;
  onOffset(offset: number): void;
  /** What is counted, plural ("members"); `one` is the singular, by default the plural less its "s". */
  noun: string;
  one?: string;
}

/** Previous / next through a list of `total`, with where the user is in it. */
export function Pager({ total, limit, offset, onOffset, noun, one = noun.replace(/s$/, '') }: PagerProps) {
  if (total <= limit && offset === 0) {
    return (
      <p className="pager-summary" data-testid="pager-summary">
        {total} {total === 1 ? one : noun}
      </p>
    );
  }
  const first = Math.min(total, offset + 1);
  const last = Math.min(total, offset + limit);
  return (
    <nav className="pager" aria-label={`Pages of ${noun}`}>
      <button type="button" className="secondary" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        Previous
      </button>
      <span data-testid="pager-summary">
        {first}–{last} of {total} {noun}
      </span>
      <button type="button" className="secondary" disabled={offset + limit >= total} onClick={() => onOffset(offset + limit)}>
        Next
      </button>
    </nav>
  );
}
