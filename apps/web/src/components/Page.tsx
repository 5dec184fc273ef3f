import { useEffect } from 'react';
import type { ReactNode } from 'react';

export const APP_NAME = 'PATT';

/**
 * A page: its title in the tab and its one h1. The h1 takes focus after each navigation (see
 * Layout), so a screen reader announces where the user has arrived.
 */
export function Page({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · ${APP_NAME}`;
  }, [title]);
  return (
    <>
      <h1 tabIndex={-1}>{title}</h1>
      {intro && <p className="intro">{intro}</p>}
      {children}
    </>
  );
}
