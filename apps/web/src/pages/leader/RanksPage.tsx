import { useState } from 'react';
import type { FormEvent } from 'react';
import { useSession } from '../../app/session';
import type { RankChange } from '../../api/endpoints';
import type { DiscordRole, Page as ListPage, Rank } from '../../api/types';
import { FormError, problemOf, SelectField, TextField } from '../../components/Field';
import { Page } from '../../components/Page';
import { AsyncContent, LiveStatus } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { useResource } from '../../hooks/useResource';
import type { Resource } from '../../hooks/useResource';

/**
 * The rank table: each rank's name, the Discord role that stands for it and the in-game rank
 * indexes that map to it. Only the Guild Leader changes it; others see it read-only.
 */
export function RanksPage() {
  const { api, isGuildLeader, isOfficer } = useSession();
  const ranks = useResource('ranks', () => api.ranks.list());
  // The server's roles, to pick one by name (officers may read them; the page is read-only for them).
  const roles = useResource('discord-roles', (signal) => (isOfficer ? api.discord.roles(signal) : Promise.resolve(null)));
  const [announcement, setAnnouncement] = useState('');

  const saved = (rank: Rank) => {
    setAnnouncement(`${rank.name} saved.`);
    ranks.update((page) => ({ ...page, items: page.items.map((item) => (item.level === rank.level ? rank : item)) }));
  };

  return (
    <Page
      title="Ranks and Discord roles"
      intro={
        isGuildLeader
          ? 'In-game rank indexes count from 0, the guild master. The Discord bot gives each member the role of their rank.'
          : 'Only the Guild Leader can change the ranks; this is how they are set now.'
      }
    >
      <LiveStatus testId="rank-announcement">{announcement}</LiveStatus>
      <AsyncContent resource={ranks} what="the ranks" isEmpty={(page) => page.items.length === 0} empty="No ranks are defined.">
        {(page) => (
          <ul className="cards">
            {[...page.items]
              .sort((a, b) => b.level - a.level)
              .map((rank) => (
                <RankForm key={rank.level} rank={rank} roles={roles} editable={isGuildLeader} onSaved={saved} />
              ))}
          </ul>
        )}
      </AsyncContent>
    </Page>
  );
}

/** "0, 1" → [0, 1]; anything that is not a whole number is sent as is, for the API to name. */
export function parseIndexes(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
}

type RolesResource = Resource<ListPage<DiscordRole> | null>;

/** Why the bot could not give a role, if it could not. */
function roleNote(role: DiscordRole): string {
  if (role.managed) return ' (managed by an integration: the bot cannot give it)';
  if (!role.assignable) return ' (above the bot’s highest role: the bot cannot give it)';
  return '';
}

/**
 * The Discord role of a rank: picked by name from the server's roles; typed as an id only when
 * the roles cannot be read (the bot down, or no sync yet), so the mapping never waits on them.
 */
function RoleField({
  roles,
  value,
  editable,
  problem,
  onChange,
}: {
  roles: RolesResource;
  value: string;
  editable: boolean;
  problem?: string;
  onChange(roleId: string): void;
}) {
  const listed = roles.status === 'ready' && roles.data && roles.data.items.length > 0 ? roles.data.items : null;
  if (!editable) {
    const role = listed?.find((candidate) => candidate.id === value);
    return <TextField label="Discord role" name="discordRoleId" value={role ? role.name : value || 'No role'} readOnly />;
  }
  if (roles.status === 'loading') {
    return (
      <SelectField label="Discord role" name="discordRoleId" value="" disabled onChange={() => undefined}>
        <option value="">Loading the server’s roles…</option>
      </SelectField>
    );
  }
  if (!listed) {
    const why =
      roles.status === 'error'
        ? `The server’s roles could not be read (${roles.error.message}): type the role id.`
        : 'The bot has not read the server’s roles yet: type the role id.';
    return (
      <TextField
        label="Discord role id"
        name="discordRoleId"
        inputMode="numeric"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        hint={`${why} In Discord: Server Settings → Roles → ⋯ → Copy Role ID. Empty: no role.`}
        problem={problem}
      />
    );
  }
  const known = value === '' || listed.some((role) => role.id === value);
  return (
    <SelectField
      label="Discord role"
      name="discordRoleId"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      hint="The role the bot gives members of this rank. Roles the bot cannot give are shown but cannot be picked."
      problem={problem}
    >
      <option value="">No role</option>
      {!known && <option value={value}>{`A role no longer on the server (${value})`}</option>}
      {listed.map((role) => (
        <option key={role.id} value={role.id} disabled={!role.assignable && role.id !== value}>
          {role.name}
          {roleNote(role)}
        </option>
      ))}
    </SelectField>
  );
}

function RankForm({ rank, roles, editable, onSaved }: { rank: Rank; roles: RolesResource; editable: boolean; onSaved(rank: Rank): void }) {
  const { api } = useSession();
  const [name, setName] = useState(rank.name);
  const [roleId, setRoleId] = useState(rank.discordRoleId ?? '');
  const [indexes, setIndexes] = useState(rank.gameRankIndexes.join(', '));
  const [localProblem, setLocalProblem] = useState<string | undefined>();
  const save = useAction((change: RankChange) => api.ranks.update(rank.level, change));
  const titleId = `rank-${rank.level}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const gameRankIndexes = parseIndexes(indexes);
    if (gameRankIndexes.some(Number.isNaN)) {
      setLocalProblem('Give whole numbers from 0 up, separated by commas.');
      return;
    }
    setLocalProblem(undefined);
    const change: RankChange = {};
    if (name.trim() !== rank.name) change.name = name.trim();
    if ((roleId.trim() || null) !== rank.discordRoleId) change.discordRoleId = roleId.trim() || null;
    if (gameRankIndexes.join(',') !== rank.gameRankIndexes.join(',')) change.gameRankIndexes = gameRankIndexes;
    const updated = await save.run(change);
    if (updated) onSaved(updated);
  };

  return (
    <li className="card" data-testid="rank" data-level={rank.level}>
      <form onSubmit={(event) => void submit(event)} aria-labelledby={titleId} className="form">
        <h2 id={titleId} className="card-title">
          Level {rank.level}: {rank.name}
        </h2>
        <TextField label="Name" name="name" value={name} readOnly={!editable} onChange={(event) => setName(event.target.value)} problem={problemOf(save.error, 'name')} />
        <RoleField roles={roles} value={roleId} editable={editable} onChange={setRoleId} problem={problemOf(save.error, 'discordRoleId')} />
        <TextField
          label="In-game rank indexes"
          name="gameRankIndexes"
          value={indexes}
          readOnly={!editable}
          onChange={(event) => setIndexes(event.target.value)}
          hint="Comma-separated, e.g. 4, 5, 6"
          problem={localProblem ?? problemOf(save.error, 'gameRankIndexes')}
        />
        {editable && (
          <>
            <FormError error={save.error} />
            <button type="submit" disabled={save.pending}>
              {save.pending ? 'Saving…' : `Save ${rank.name}`}
            </button>
          </>
        )}
      </form>
    </li>
  );
}
