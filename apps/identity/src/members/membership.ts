// Small rules about members that every writer of members applies the same way.

export interface MainCandidate {
  id: string;
  name: string;
  inGuild: boolean;
  guildRankIndex: number | null;
}

/**
 * The character a member is known by when nobody chose one: one in the guild before one that
 * left, the highest in-game rank (lowest index) first, then by name and id so the choice is
 * stable. Null for a member without characters.
 */
export function chooseMain(candidates: readonly MainCandidate[]): string | null {
  const sorted = [...candidates].sort(
    (a, b) =>
      Number(b.inGuild) - Number(a.inGuild) ||
      (a.guildRankIndex ?? 99) - (b.guildRankIndex ?? 99) ||
      a.name.localeCompare(b.name) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return sorted[0]?.id ?? null;
}

/** Keeps a main that is still the member's; otherwise the planned one if it is theirs, else the default choice. */
export function mainAfter(
  current: string | null,
  planned: string | null,
  characterIds: readonly string[],
  candidateOf: (id: string) => MainCandidate | undefined,
): string | null {
  const own = new Set(characterIds);
  if (current && own.has(current)) return current;
  if (planned && own.has(planned)) return planned;
  return chooseMain(characterIds.flatMap((id) => candidateOf(id) ?? []));
}
