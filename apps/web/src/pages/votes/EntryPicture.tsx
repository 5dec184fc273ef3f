import type { Entry } from '../../api/types';

/** An entry's picture, when it has one: beside its name, which says what it is (so no alt text of its own). */
export function EntryPicture({ entry }: { entry: Pick<Entry, 'imageUrl'> }) {
  if (!entry.imageUrl) return null;
  return <img className="entry-picture" src={entry.imageUrl} alt="" loading="lazy" referrerPolicy="no-referrer" />;
}
