import { useState } from 'react';

/** Copies `text` to the clipboard and says so; where the browser refuses, it says to copy by hand. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [outcome, setOutcome] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome('Copied.');
    } catch {
      setOutcome('The browser did not allow copying; select the text and copy it.');
    }
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => void copy()}>
        {label}
      </button>
      <span className="copy-outcome" role="status" aria-live="polite">
        {outcome}
      </span>
    </>
  );
}
