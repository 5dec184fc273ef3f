/**
 * A determinate progress bar with the ARIA a screen reader (and a test) reads: value, maximum and
 * a text like "120 of 400". With `max` still 0 (the total is not known yet) it is indeterminate.
 */
export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const known = max > 0;
  const percent = known ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={known ? max : undefined}
      aria-valuenow={known ? value : undefined}
      aria-valuetext={known ? `${value} of ${max}` : 'Starting'}
      data-testid="progress"
    >
      <div className={`progress-fill${known ? '' : ' indeterminate'}`} style={{ width: known ? `${percent}%` : undefined }} />
    </div>
  );
}
