// What the stored state looks like once a plan is applied. The persistence wiring does the same
// with rows; this pure version lets tests (and a dry run) feed a plan's result into the next run.
import { createHash } from 'node:crypto';
import type { ExistingMember, MatchingInput, MatchingPlan, MemberLink } from '../types';

/**
 * A UUID derived from a plan's member ref (the layout of a version-5 UUID, from SHA-256), so
 * applying the same plan twice names new members the same. The wiring may use random ids instead.
 */
export function derivedPersonId(ref: string): string {
  const hex = createHash('sha256').update(`patt.identity.member:${ref}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The input of the next run: members as the plan leaves them, with the plan's links added. */
export function applyMatchingPlan(
  input: MatchingInput,
  plan: MatchingPlan,
  newPersonId: (ref: string) => string = derivedPersonId,
): MatchingInput {
  const existing = new Map(input.members.map((m) => [m.personId, m]));
  const idOf = new Map(plan.members.map((m) => [m.ref, m.personId ?? newPersonId(m.ref)]));
  const newLinks = new Map<string, MemberLink[]>();
  for (const link of plan.links) {
    const personId = idOf.get(link.memberRef) ?? newPersonId(link.memberRef);
    const list = newLinks.get(personId) ?? [];
    list.push({
      characterId: link.characterId,
      discordUserId: link.discordUserId,
      method: link.method,
      score: link.score,
      evidence: link.evidence,
    });
    newLinks.set(personId, list);
  }
  const members = plan.members.map((planned): ExistingMember => {
    const personId = idOf.get(planned.ref) ?? newPersonId(planned.ref);
    const before = existing.get(personId);
    return {
      personId,
      characterIds: planned.characterIds,
      discordUserId: planned.discordUserId,
      links: [...(before?.links ?? []), ...(newLinks.get(personId) ?? [])],
      rankLevel: planned.rank.level,
      rankOverride: before?.rankOverride ?? null,
      mainCharacterId: planned.mainCharacterId,
    };
  });
  return { ...input, members };
}
