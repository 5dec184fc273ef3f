import { useState } from 'react';
import type { FormEvent } from 'react';
import { useApi, useSession } from '../../app/session';
import type { Member, Rank } from '../../api/types';
import { FormError, problemOf, SelectField } from '../../components/Field';
import { LiveStatus } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { useResource } from '../../hooks/useResource';

/** The choice that gives the rank back to the member's characters. */
const FROM_CHARACTERS = '';

/**
 * An officer sets a member's rank by hand, or gives it back to their characters. The API holds the
 * rank rules (an officer acts only on members below them, up to the rank below their own) and says
 * why it refuses; with role sync enforcing, the member's Discord role follows the new rank.
 */
export function RankForm({ member, onChanged }: { member: Member; onChanged(member: Member): void }) {
  const api = useApi();
  const { user } = useSession();
  const ranks = useResource('ranks', () => api.ranks.list());
  const [choice, setChoice] = useState(FROM_CHARACTERS);
  const [outcome, setOutcome] = useState('');
  const save = useAction((rankLevel: number | null) => api.members.update(member.id, { rankLevel }));
  const options: Array<Pick<Rank, 'level' | 'name'>> = ranks.status === 'ready' ? [...ranks.data.items].sort((a, b) => b.level - a.level) : [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome('');
    const changed = await save.run(choice === FROM_CHARACTERS ? null : Number(choice));
    if (!changed) return;
    onChanged(changed);
    setOutcome(
      `${changed.displayName} is now ${changed.rank.name}${choice === FROM_CHARACTERS ? ' (from their characters)' : ''}.` +
        (changed.discord ? ' Their Discord role follows when role sync enforces ranks.' : ''),
    );
  };

  return (
    <form className="form inline" onSubmit={(event) => void submit(event)} data-testid="rank-form">
      <SelectField label="Set rank" name="rankLevel" value={choice} onChange={(event) => setChoice(event.target.value)} problem={problemOf(save.error, 'rankLevel')}>
        <option value={FROM_CHARACTERS}>From their characters</option>
        {options.map((rank) => (
          <option key={rank.level} value={String(rank.level)}>
            {rank.name}
          </option>
        ))}
      </SelectField>
      <button type="submit" disabled={save.pending || ranks.status !== 'ready'}>
        {save.pending ? 'Saving…' : 'Save rank'}
      </button>
      <FormError error={save.error} />
      <LiveStatus testId="rank-outcome">{outcome}</LiveStatus>
      {user?.personId === member.id && <p className="hint">This is you: the API does not let an officer change their own rank.</p>}
    </form>
  );
}
