import { SEEDED_RANKS } from '../app/ranks';
import { useApi } from '../app/session';
import { useResource } from '../hooks/useResource';
import { SelectField } from './Field';

/**
 * The "Rank" filter of a list page (`name="rank"`): all ranks, or one, highest first, by the
 * guild's own names once GET /ranks has answered. `value` is the level as the address holds it
 * ('' for all).
 */
export function RankFilterField({ value, onChange }: { value: string; onChange(rank: string): void }) {
  const api = useApi();
  const ranks = useResource('ranks', () => api.ranks.list());
  const options = ranks.status === 'ready' ? [...ranks.data.items].sort((a, b) => b.level - a.level) : SEEDED_RANKS;
  return (
    <SelectField label="Rank" name="rank" value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">All ranks</option>
      {options.map((rank) => (
        <option key={rank.level} value={String(rank.level)}>
          {rank.name}
        </option>
      ))}
    </SelectField>
  );
}
