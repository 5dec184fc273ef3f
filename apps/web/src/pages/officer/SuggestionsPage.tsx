import { useState } from 'react';
import { useApi } from '../../app/session';
import type { Endpoints } from '../../api/endpoints';
import type { DiscordMember, Suggestion } from '../../api/types';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { AsyncContent, ErrorMessage, LiveStatus } from '../../components/Status';
import { ClassBadge, characterLabel } from '../../components/wow';
import { useAction } from '../../hooks/useAction';
import { useFilters } from '../../hooks/useFilters';
import { useResource } from '../../hooks/useResource';

const SUGGESTIONS_PER_PAGE = 20;
/** Suggestions name Discord users by id; their names come from one page of the unlinked mirror. */
const DISCORD_NAMES_LIMIT = 500;
const NO_FILTERS = [] as const;

/** The links identity proposes, with their evidence and score, for an officer to confirm or reject. */
export function SuggestionsPage() {
  const api = useApi();
  const [filters, setFilters] = useFilters(NO_FILTERS);
  const paging = { limit: SUGGESTIONS_PER_PAGE, offset: filters.offset };
  const suggestions = useResource(`suggestions:${filters.offset}`, (signal) => api.identity.suggestions(paging, signal));
  const discord = useResource('discord:unlinked', (signal) => api.discord.members({ linked: false, limit: DISCORD_NAMES_LIMIT, offset: 0 }, signal));
  const discordNames = new Map((discord.status === 'ready' ? discord.data.items : []).map((member) => [member.userId, member]));
  const [outcome, setOutcome] = useState('');

  const settled = (decided: readonly Suggestion[], sentence: string) => {
    setOutcome(sentence);
    const gone = new Set(decided.map((item) => item.id));
    suggestions.update((page) => ({ items: page.items.filter((item) => !gone.has(item.id)), total: page.total - gone.size }));
  };

  return (
    <Page title="Suggestions" intro="Links between characters and Discord users that the matching found likely but not certain.">
      <LiveStatus testId="suggestion-outcome">{outcome}</LiveStatus>
      <AsyncContent resource={suggestions} what="the suggestions" isEmpty={(page) => page.items.length === 0} empty="No suggestions are waiting.">
        {(page) => (
          <>
            <ul className="cards" data-testid="suggestion-list">
              {page.items.map((suggestion) => (
                <SuggestionCard
                  key={suggestion.id}
                  suggestion={suggestion}
                  sameName={sameNameAs(suggestion, page.items)}
                  discordUser={discordNames.get(suggestion.discordUserId)}
                  api={api}
                  onSettled={settled}
                />
              ))}
            </ul>
            <Pager total={page.total} limit={SUGGESTIONS_PER_PAGE} offset={filters.offset} noun="suggestions" onOffset={(offset) => setFilters({ offset })} />
          </>
        )}
      </AsyncContent>
    </Page>
  );
}

/** Names as the matching compares them: case and accents aside (Zatañña is Zatanna). */
function folded(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The other suggestions on the page of the same Discord user for characters of the same name: one
 * player's characters on several realms. Confirming one leaves them suggested; "all" joins them too.
 */
function sameNameAs(suggestion: Suggestion, items: readonly Suggestion[]): Suggestion[] {
  if (!suggestion.characterName) return [];
  const name = folded(suggestion.characterName);
  return items.filter(
    (item) => item.id !== suggestion.id && item.discordUserId === suggestion.discordUserId && item.characterName !== undefined && folded(item.characterName) === name,
  );
}

interface SuggestionCardProps {
  suggestion: Suggestion;
  /** Suggestions of the same Discord user for characters of this name (other realms). */
  sameName: Suggestion[];
  discordUser: DiscordMember | undefined;
  api: Endpoints;
  onSettled(decided: readonly Suggestion[], sentence: string): void;
}

function SuggestionCard({ suggestion, sameName, discordUser, api, onSettled }: SuggestionCardProps) {
  const character = useResource(`character:${suggestion.characterId}`, (signal) => api.characters.get(suggestion.characterId, signal));
  const characterName =
    character.status === 'ready' ? characterLabel(character.data) : (suggestion.characterName ?? `character ${suggestion.characterId}`);
  const discordName = discordUser?.username ?? suggestion.discordUsername ?? `Discord user ${suggestion.discordUserId}`;
  const confirm = useAction(() => api.identity.confirm(suggestion.id));
  const confirmAll = useAction(() => api.identity.confirm(suggestion.id, { all: true }));
  const reject = useAction(() => api.identity.reject(suggestion.id));
  const actions: Array<{ run(): Promise<unknown>; reset(): void; pending: boolean; error: unknown }> = [confirm, confirmAll, reject];
  const error = confirm.error ?? confirmAll.error ?? reject.error;
  const busy = actions.some((action) => action.pending);
  const titleId = `suggestion-${suggestion.id}`;
  const realms = sameName.length + 1;

  const decide = async (action: (typeof actions)[number], decided: readonly Suggestion[], sentence: string) => {
    for (const other of actions) if (other !== action) other.reset();
    if ((await action.run()) !== undefined) onSettled(decided, sentence);
  };

  return (
    <li className="card" data-testid="suggestion" data-suggestion-id={suggestion.id}>
      <h2 id={titleId} className="card-title">
        {characterName} ↔ {discordName}
      </h2>
      <dl className="facts-list">
        <dt>Character</dt>
        <dd>
          {characterName} {character.status === 'ready' && <ClassBadge className={character.data.className} />}
          {character.status === 'ready' && character.data.guildNote && <span className="muted"> · note “{character.data.guildNote}”</span>}
        </dd>
        <dt>Discord</dt>
        <dd>{discordUser ? `${discordUser.username} (${discordUser.displayName})` : discordName}</dd>
        <dt>Score</dt>
        <dd data-testid="suggestion-score">{formatScore(suggestion.score)}</dd>
        <dt>Evidence</dt>
        <dd data-testid="suggestion-reason">{suggestion.reason}</dd>
      </dl>
      <div className="actions">
        <button type="button" disabled={busy} aria-label={`Confirm: link ${characterName} to ${discordName}`} onClick={() => void decide(confirm, [suggestion], confirmedSentence(characterName, discordName, sameName.length))}>
          Confirm
        </button>
        {sameName.length > 0 && (
          <button
            type="button"
            disabled={busy}
            aria-label={`Confirm all ${realms}: link every ${suggestion.characterName ?? characterName} to ${discordName}`}
            onClick={() => void decide(confirmAll, [suggestion, ...sameName], `Linked all ${realms} characters named ${suggestion.characterName ?? characterName} to ${discordName}.`)}
          >
            Confirm all {realms}
          </button>
        )}
        <button
          type="button"
          className="secondary"
          disabled={busy}
          aria-label={`Reject: do not link ${characterName} to ${discordName}`}
          onClick={() => void decide(reject, [suggestion], `Rejected: ${characterName} will not be suggested for ${discordName} again.`)}
        >
          Reject
        </button>
      </div>
      {error && <ErrorMessage error={error} />}
    </li>
  );
}

function confirmedSentence(characterName: string, discordName: string, others: number): string {
  const rest = others === 0 ? '' : others === 1 ? ' The other character of that name stays suggested to that member.' : ` The other ${others} characters of that name stay suggested to that member.`;
  return `Linked ${characterName} to ${discordName}.${rest}`;
}

/** Scores from 0 to 1 read best as a percentage; anything else as the number it is. */
function formatScore(score: number): string {
  return score >= 0 && score <= 1 ? `${Math.round(score * 100)} %` : String(Math.round(score * 100) / 100);
}
