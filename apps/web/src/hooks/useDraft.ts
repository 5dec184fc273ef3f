import { useState } from 'react';

/**
 * An editable copy of `value`, e.g. the text of a search box whose committed query lives in the
 * address. The user edits the draft freely; when `value` itself changes (a search submitted, Back,
 * a link), the draft starts over from it. The reset happens while rendering, so no frame ever
 * shows the stale draft.
 */
export function useDraft<T>(value: T): [T, (draft: T) => void] {
  const [draft, setDraft] = useState(value);
  const [source, setSource] = useState(value);
  if (!Object.is(source, value)) {
    setSource(value);
    setDraft(value);
  }
  return [draft, setDraft];
}
