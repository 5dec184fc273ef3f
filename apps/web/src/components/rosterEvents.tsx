import type { RosterEvent, RosterEventType } from '../api/types';

export const ROSTER_EVENT_NAMES: Record<RosterEventType, string> = {
  joined: 'Joined',
  left: 'Left',
  rejoined: 'Rejoined',
  rank_changed: 'Rank changed',
  renamed: 'Renamed',
  level_changed: 'Level changed',
  note_changed: 'Note changed',
};

/** What happened, in words: "Rank changed from 3 to 2", "Renamed from Trog to Trogg". */
export function describeRosterEvent(event: RosterEvent): string {
  const name = ROSTER_EVENT_NAMES[event.type] ?? event.type;
  if (event.from !== null && event.to !== null) {
    const what = event.type === 'rank_changed' ? ' (in-game rank index)' : '';
    return `${name} from ${event.from} to ${event.to}${what}`;
  }
  if (event.to !== null) return `${name}: ${event.to}`;
  return name;
}
