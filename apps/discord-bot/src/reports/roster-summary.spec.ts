import { rosterSummaryMessage, SummarisedChange } from './roster-summary';

const summary = (changes: SummarisedChange[]) => rosterSummaryMessage({ runId: 'run-1', syncedAt: new Date('2025-06-01T07:00:00Z'), characters: 120, changes });
const change = (type: SummarisedChange['type'], name: string): SummarisedChange => ({ type, name, realmSlug: 'senjin' });

describe('roster sync summary', () => {
  it('is not posted when nobody joined or left', () => {
    expect(summary([change('rank_changed', 'Trog')])).toBeNull();
  });

  it('counts who joined, came back and left, naming them', () => {
    const embed = summary([change('joined', 'Trog'), change('rejoined', 'Zug'), change('left', 'Mok'), change('rank_changed', 'Trog')])!.embeds![0]!;
    expect(embed.description).toBe('**1** joined, **1** came back, **1** left; 120 characters in the guild now. 1 rank changes.');
    expect(embed.fields).toEqual([
      { name: 'Joined (1)', value: 'Trog (senjin)' },
      { name: 'Came back (1)', value: 'Zug (senjin)' },
      { name: 'Left (1)', value: 'Mok (senjin)' },
    ]);
    expect(embed.footer).toEqual({ text: 'Sync run run-1' });
  });

  it('names at most 20 a list and counts the rest', () => {
    const joined = Array.from({ length: 26 }, (_, i) => change('joined', `Char${i}`));
    const field = summary(joined)!.embeds![0]!.fields![0]!;
    expect(field.value.endsWith(', …and 6 more')).toBe(true);
    expect(field.value.split(', ')).toHaveLength(21);
  });
});
