import { applyMatchingPlan } from './test/apply';
import { planMatching } from './engine';
import {
  character,
  discordUser,
  labeller,
  matchingInput,
  member,
  rejection,
  renderPlan,
  shuffledInput,
  sortGroups,
  type InputSpec,
} from './test/factories';
import type { ConflictKind, MatchingCounts, MatchingInput, MatchingPlan } from './types';

/** One table row: the situation and what the plan must say about it (unset = not checked). */
interface MatchingCase {
  name: string;
  given: InputSpec;
  /** Every member after the plan, by labels ("Trog", "@trog"). */
  members?: string[][];
  /** Exactly the links created ("Zed: note_key"). */
  links?: string[];
  /** Exactly the suggestions ("Zed ~ @trog"). */
  suggestions?: string[];
  /** Exactly the conflict kinds recorded. */
  conflicts?: ConflictKind[];
  counts?: Partial<MatchingCounts>;
  /** Anything a row needs beyond the rendered plan (scores, evidence, ranks). */
  check?: (plan: MatchingPlan, input: MatchingInput) => void;
}

// Shared cast. Ids derive from name and realm, so each row can rebuild the characters it needs.
const trog = character({ name: 'Trog' });
const atTrog = discordUser({ username: 'trog' });
const atAlice = discordUser({ username: 'alice' });
const atBob = discordUser({ username: 'bob' });
const bob = character({ name: 'Bob' });

const cases: MatchingCase[] = [
  // ---- pass 1: links by officers (and earlier runs) are fixed ----
  {
    name: 'keeps a manual link and creates nothing when there is no other evidence',
    given: {
      characters: [character({ name: 'Aldo' })],
      discord: [atAlice],
      members: [member({ characters: [character({ name: 'Aldo' })], discord: atAlice })],
    },
    members: [['@alice', 'Aldo']],
    links: [],
    suggestions: [],
    counts: { linked: 0, unchanged: 2 },
  },
  {
    name: 'never moves a manually linked character even when its name equals another Discord user',
    given: { characters: [trog], discord: [atTrog, atBob], members: [member({ characters: [trog], discord: atBob })] },
    members: [['@bob', 'Trog']],
    links: [],
    suggestions: [],
  },
  {
    name: 'treats an imported link as fixed as a manual one when a note contradicts it',
    given: {
      characters: [trog, character({ name: 'Zed', guildNote: "Trog's alt" }), bob],
      discord: [atTrog, atBob],
      members: [
        member({ characters: [trog], discord: atTrog }),
        member({ characters: [character({ name: 'Zed' }), bob], discord: atBob, method: 'import' }),
      ],
    },
    members: [
      ['@bob', 'Bob', 'Zed'],
      ['@trog', 'Trog'],
    ],
    links: [],
    conflicts: ['note_contradicts_link'],
  },
  {
    name: 'keeps a character with the first member (by id) when two stored members claim it',
    given: {
      characters: [trog],
      discord: [atTrog, atBob],
      members: [
        member({ personId: '00000000-0000-4000-8000-000000000001', characters: [trog], discord: atTrog }),
        member({ personId: '00000000-0000-4000-8000-000000000002', characters: [trog], discord: atBob }),
      ],
    },
    members: [['@bob'], ['@trog', 'Trog']],
    conflicts: ['inconsistent_input'],
  },

  // ---- pass 2: notes naming a main ----
  {
    name: `groups an alt with its main from "Trog's alt"`,
    given: { characters: [trog, character({ name: 'Zed', guildNote: "Trog's alt" })] },
    members: [['Trog', 'Zed']],
    links: ['Trog: note_key', 'Zed: note_key'],
    check: (plan) => {
      expect(plan.members[0].mainCharacterId).toBe(trog.id);
      expect(plan.links.find((l) => l.characterId === trog.id)?.evidence.summary).toMatch(/^Named as main by the note of Zed/);
    },
  },
  {
    name: 'groups an alt with its main from "alt of Trog"',
    given: { characters: [trog, character({ name: 'Zed', guildNote: 'alt of Trog' })] },
    members: [['Trog', 'Zed']],
  },
  {
    name: 'groups an alt with its main from "Trog alt"',
    given: { characters: [trog, character({ name: 'Zed', guildNote: 'Trog alt' })] },
    members: [['Trog', 'Zed']],
  },
  {
    name: 'groups an alt with its main from a note that is just the main name',
    given: { characters: [trog, character({ name: 'Zed', guildNote: 'Trog' })] },
    members: [['Trog', 'Zed']],
    check: (plan) => expect(plan.links.find((l) => l.characterId !== trog.id)?.score).toBe(0.9),
  },
  {
    name: 'reads a typographic apostrophe possessive ("Trog’s alt")',
    given: { characters: [trog, character({ name: 'Zed', guildNote: 'Trog’s alt' })] },
    members: [['Trog', 'Zed']],
    check: (plan) => expect(plan.links.find((l) => l.characterId !== trog.id)?.score).toBe(0.95),
  },
  {
    name: `reads the s' possessive ("Jess' alt") keeping the s in the name`,
    given: { characters: [character({ name: 'Jess' }), character({ name: 'Zed', guildNote: "Jess' alt" })] },
    members: [['Jess', 'Zed']],
  },
  {
    name: 'reads "Trogs alt" as Trog\'s alt when no character is named Trogs',
    given: { characters: [trog, character({ name: 'Zed', guildNote: 'Trogs alt' })] },
    members: [['Trog', 'Zed']],
  },
  {
    name: 'ignores case and trailing punctuation in notes ("ALT OF TROG!!", "trog.")',
    given: {
      characters: [
        trog,
        character({ name: 'Zed', guildNote: 'ALT OF TROG!!' }),
        character({ name: 'Kip', officerNote: 'trog.' }),
      ],
    },
    members: [['Kip', 'Trog', 'Zed']],
  },
  {
    name: 'matches a note without accents to an accented main (Zatañña vs "zatanna")',
    given: { characters: [character({ name: 'Zatañña' }), character({ name: 'Zed', guildNote: "zatanna's alt" })] },
    members: [['Zatañña', 'Zed']],
  },
  {
    name: 'reads notes naming Cyrillic mains ("alt of Тролль", "Тролль")',
    given: {
      characters: [
        character({ name: 'Тролль', realmSlug: 'gordunni' }),
        character({ name: 'Зед', realmSlug: 'gordunni', guildNote: 'alt of тролль' }),
        character({ name: 'Кип', realmSlug: 'gordunni', guildNote: 'Тролль' }),
      ],
    },
    members: [['Зед', 'Кип', 'Тролль']],
  },
  {
    name: 'reads "main: Trog" as naming the main',
    given: { characters: [trog, character({ name: 'Zed', officerNote: 'main: Trog' })] },
    members: [['Trog', 'Zed']],
  },
  {
    name: 'forms one member of several alts naming the same main in different forms',
    given: {
      characters: [
        trog,
        character({ name: 'Zed', guildNote: "Trog's alt" }),
        character({ name: 'Kip', guildNote: 'alt of Trog' }),
        character({ name: 'Lum', guildNote: 'Trog' }),
      ],
    },
    members: [['Kip', 'Lum', 'Trog', 'Zed']],
    links: ['Kip: note_key', 'Lum: note_key', 'Trog: note_key', 'Zed: note_key'],
  },
  {
    name: 'follows a chain of notes (Kip alt of Zed, Zed alt of Trog) into one member',
    given: {
      characters: [
        trog,
        character({ name: 'Zed', guildNote: 'alt of Trog' }),
        character({ name: 'Kip', guildNote: 'alt of Zed' }),
      ],
    },
    members: [['Kip', 'Trog', 'Zed']],
  },
  {
    name: 'resolves a main whose name exists on two realms to the one on the writer realm',
    given: {
      characters: [
        character({ name: 'Trog', realmSlug: 'area-52' }),
        character({ name: 'Trog', realmSlug: 'senjin' }),
        character({ name: 'Zed', realmSlug: 'senjin', guildNote: "Trog's alt" }),
      ],
    },
    members: [['Trog-senjin', 'Zed']],
    check: (plan) => {
      const zed = plan.links.find((l) => l.evidence.facts.some((f) => f.kind === 'note_main' && f.resolution === 'same_realm'));
      expect(zed?.evidence.summary).toContain('names Trog (senjin) as its main (the one on its own realm)');
    },
  },
  {
    name: 'does not link when the main name exists on two realms and neither is the writer realm, but suggests their Discord users',
    given: {
      characters: [
        character({ name: 'Trog', realmSlug: 'area-52' }),
        character({ name: 'Trog', realmSlug: 'senjin' }),
        character({ name: 'Zed', realmSlug: 'stormrage', guildNote: "Trog's alt" }),
      ],
      discord: [atTrog, atBob],
      members: [
        member({ characters: [character({ name: 'Trog', realmSlug: 'area-52' })], discord: atTrog }),
        member({ characters: [character({ name: 'Trog', realmSlug: 'senjin' })], discord: atBob }),
      ],
    },
    links: [],
    suggestions: ['Zed ~ @bob', 'Zed ~ @trog'],
    conflicts: ['ambiguous_main'],
  },
  {
    name: 'resolves a realm-qualified note ("alt of Trog-Senjin") to that realm',
    given: {
      characters: [
        character({ name: 'Trog', realmSlug: 'area-52' }),
        character({ name: 'Trog', realmSlug: 'senjin' }),
        character({ name: 'Zed', realmSlug: 'stormrage', guildNote: 'alt of Trog-Senjin' }),
      ],
    },
    members: [['Trog-senjin', 'Zed']],
  },
  {
    name: 'groups alts naming the same main that no character has, with a lower score',
    given: {
      characters: [character({ name: 'Zed', guildNote: 'alt of Grom' }), character({ name: 'Kip', guildNote: "Grom's alt" })],
    },
    members: [['Kip', 'Zed']],
    check: (plan) => expect(plan.links.map((l) => l.score)).toEqual([0.8, 0.8]),
  },
  {
    name: 'links nothing for a lone alt of a main no character has',
    given: { characters: [character({ name: 'Zed', guildNote: 'alt of Grom' })] },
    members: [],
    links: [],
  },
  {
    name: 'does not read "my alt", "pvp alt" or a bare unknown word as naming a main',
    given: {
      characters: [
        character({ name: 'Zed', guildNote: 'my alt' }),
        character({ name: 'Kip', guildNote: 'pvp alt' }),
        character({ name: 'Lum', guildNote: 'Raider' }),
        character({ name: 'Mo', guildNote: 'Raider' }),
      ],
    },
    members: [],
    conflicts: [],
  },
  {
    name: 'adds an alt to the existing member of its main, keeping that member',
    given: {
      characters: [trog, character({ name: 'Zed', guildNote: 'alt of Trog' })],
      discord: [atTrog],
      members: [member({ characters: [trog], discord: atTrog })],
    },
    members: [['@trog', 'Trog', 'Zed']],
    links: ['Zed: note_key'],
    check: (plan) => {
      expect(plan.members[0].status).toBe('updated');
      expect(plan.links[0].personId).toBe(plan.members[0].personId);
    },
  },
  {
    name: 'pulls the named main into the member of a manually linked alt',
    given: {
      characters: [trog, character({ name: 'Zed', guildNote: "Trog's alt" })],
      discord: [atAlice],
      members: [member({ characters: [character({ name: 'Zed' })], discord: atAlice })],
    },
    members: [['@alice', 'Trog', 'Zed']],
    links: ['Trog: note_key'],
  },
  {
    name: 'records contradictory guild and officer notes and suggests both mains Discord users instead of linking',
    given: {
      characters: [trog, bob, character({ name: 'Zed', guildNote: 'alt of Trog', officerNote: "Bob's alt" })],
      discord: [atTrog, atBob],
      members: [member({ characters: [trog], discord: atTrog }), member({ characters: [bob], discord: atBob })],
    },
    links: [],
    suggestions: ['Zed ~ @bob', 'Zed ~ @trog'],
    conflicts: ['contradictory_notes'],
  },
  {
    name: 'keeps a manual link that a note contradicts and records the conflict without suggesting',
    given: {
      characters: [trog, character({ name: 'Zed', guildNote: "Trog's alt" })],
      discord: [atTrog, atAlice],
      members: [
        member({ characters: [trog], discord: atTrog, method: 'exact_name' }),
        member({ characters: [character({ name: 'Zed' })], discord: atAlice }),
      ],
    },
    members: [
      ['@alice', 'Zed'],
      ['@trog', 'Trog'],
    ],
    links: [],
    suggestions: [],
    conflicts: ['note_contradicts_link'],
    check: (plan) => expect(plan.conflicts[0].summary).toMatch(/a manual link.*the link is kept/),
  },
  {
    name: 'never merges two existing members that notes connect through an unlinked character',
    given: {
      characters: [
        trog,
        bob,
        character({ name: 'Zed', guildNote: 'alt of Trog' }),
        character({ name: 'Kip', guildNote: 'alt of Zed' }),
      ],
      discord: [atTrog, atBob],
      members: [
        member({ characters: [trog], discord: atTrog }),
        member({ characters: [bob, character({ name: 'Kip' })], discord: atBob }),
      ],
    },
    members: [
      ['@bob', 'Bob', 'Kip'],
      ['@trog', 'Trog'],
    ],
    links: [],
    conflicts: ['members_collide'],
  },
  {
    name: 'does not join an alt by note to a member whose Discord user an officer rejected for it',
    given: {
      characters: [trog, character({ name: 'Zed', guildNote: 'alt of Trog' })],
      discord: [atTrog],
      members: [member({ characters: [trog], discord: atTrog })],
      rejected: [rejection(character({ name: 'Zed' }), atTrog)],
    },
    members: [['@trog', 'Trog']],
    links: [],
    suggestions: [],
    conflicts: ['rejected_pair'],
  },

  // ---- pass 3: notes naming a Discord user ----
  {
    name: 'links a character to the Discord user an officer note names ("discord: trogdor")',
    given: {
      characters: [character({ name: 'Zed', officerNote: 'discord: trogdor' })],
      discord: [discordUser({ username: 'trogdor' })],
    },
    members: [['@trogdor', 'Zed']],
    links: ['@trogdor: note_hint', 'Zed: note_hint'],
    check: (plan) => {
      const link = plan.links.find((l) => l.discordUserId !== null);
      expect(link?.score).toBe(0.9);
      expect(link?.evidence.summary).toBe(
        'The officer note of Zed (area-52), "discord: trogdor", names the Discord user "trogdor": @trogdor (by username).',
      );
      expect(link?.evidence.facts).toEqual([
        expect.objectContaining({
          kind: 'note_hint',
          field: 'officerNote',
          form: 'discord_label',
          named: 'trogdor',
          matchedField: 'username',
        }),
      ]);
    },
  },
  {
    name: 'follows an @mention in a guild note ("@trogdor")',
    given: {
      characters: [character({ name: 'Zed', guildNote: 'heals, @trogdor' })],
      discord: [discordUser({ username: 'trogdor' })],
    },
    members: [['@trogdor', 'Zed']],
  },
  {
    name: 'follows "dc=name" and "dc: name" hints',
    given: {
      characters: [character({ name: 'Zed', guildNote: 'dc=trogdor' }), character({ name: 'Kip', officerNote: 'dc: kipper' })],
      discord: [discordUser({ username: 'trogdor' }), discordUser({ username: 'kipper' })],
    },
    members: [
      ['@kipper', 'Kip'],
      ['@trogdor', 'Zed'],
    ],
  },
  {
    name: 'follows a "discord name" hint matched on a folded display name',
    given: {
      characters: [character({ name: 'Zed', guildNote: 'Discord Zéphyr' })],
      discord: [discordUser({ username: 'z_1999', displayName: 'Zéphyr' })],
    },
    members: [['@z_1999', 'Zed']],
    check: (plan) => expect(plan.links.every((l) => l.score === 0.85)).toBe(true),
  },
  {
    name: 'gives the whole note group the Discord user an alt note names',
    given: {
      characters: [trog, character({ name: 'Zed', guildNote: "Trog's alt, discord: grognak" })],
      discord: [discordUser({ username: 'grognak' })],
    },
    members: [['@grognak', 'Trog', 'Zed']],
    links: ['@grognak: note_hint', 'Trog: note_key', 'Zed: note_key'],
  },
  {
    name: 'records notes of one member pointing at different Discord users and suggests both',
    given: {
      characters: [
        trog,
        character({ name: 'Zed', guildNote: "Trog's alt", officerNote: '@alice' }),
        character({ name: 'Kip', guildNote: 'alt of Trog', officerNote: '@bob' }),
      ],
      discord: [atAlice, atBob],
    },
    members: [['Kip', 'Trog', 'Zed']],
    links: ['Kip: note_key', 'Trog: note_key', 'Zed: note_key'],
    suggestions: ['Kip ~ @bob', 'Zed ~ @alice'],
    conflicts: ['discord_users_disagree'],
  },
  {
    name: 'records a hint naming no member of the Discord server',
    given: { characters: [character({ name: 'Zed', officerNote: 'discord: ghost' })], discord: [atAlice] },
    links: [],
    conflicts: ['hint_not_found'],
  },
  {
    name: 'does not follow a hint to a Discord user who left the server',
    given: {
      characters: [character({ name: 'Zed', officerNote: '@trogdor' })],
      discord: [discordUser({ username: 'trogdor', present: false })],
    },
    links: [],
    conflicts: ['hint_not_found'],
  },
  {
    name: 'keeps the member Discord user when a note names another one',
    given: {
      characters: [character({ name: 'Zed', officerNote: '@bob' })],
      discord: [atAlice, atBob],
      members: [member({ characters: [character({ name: 'Zed' })], discord: atAlice })],
    },
    members: [['@alice', 'Zed']],
    links: [],
    conflicts: ['hint_contradicts_link'],
  },
  {
    name: 'suggests instead of linking when a hint matches the display names of two users',
    given: {
      characters: [character({ name: 'Zed', guildNote: 'discord: Grom' })],
      discord: [
        discordUser({ username: 'grom_a', displayName: 'Grom' }),
        discordUser({ username: 'grom_b', displayName: 'GROM' }),
      ],
    },
    links: [],
    suggestions: ['Zed ~ @grom_a', 'Zed ~ @grom_b'],
    conflicts: ['ambiguous_hint'],
  },

  // ---- pass 4: exact names ----
  {
    name: 'links a character whose name equals a Discord username',
    given: { characters: [trog], discord: [atTrog] },
    members: [['@trog', 'Trog']],
    links: ['@trog: exact_name', 'Trog: exact_name'],
    check: (plan) => {
      expect(plan.links[0].score).toBe(0.9);
      expect(plan.links[0].evidence.summary).toBe(
        'The character name Trog (area-52) equals the Discord username "trog" of @trog.',
      );
      expect(plan.members[0].status).toBe('new');
    },
  },
  {
    name: 'links Zatañña to the username "zatanna" (accents folded)',
    given: { characters: [character({ name: 'Zatañña' })], discord: [discordUser({ username: 'zatanna' })] },
    members: [['@zatanna', 'Zatañña']],
  },
  {
    name: 'links a Cyrillic character name to an equal Cyrillic display name',
    given: {
      characters: [character({ name: 'Тролль', realmSlug: 'gordunni' })],
      discord: [discordUser({ username: 'troll_ru', displayName: 'ТРОЛЛЬ' })],
    },
    members: [['@troll_ru', 'Тролль']],
    check: (plan) => expect(plan.links[0].score).toBe(0.85),
  },
  {
    name: 'links a character named as a word of a display name ("Trog | Tank")',
    given: { characters: [trog], discord: [discordUser({ username: 'xyz', displayName: 'Trog | Tank' })] },
    members: [['@xyz', 'Trog']],
    check: (plan) => {
      expect(plan.links[0].score).toBe(0.75);
      expect(plan.links[0].evidence.facts[0]).toMatchObject({
        kind: 'name_match',
        field: 'displayNameWord',
        value: 'Trog | Tank',
        key: 'trog',
      });
    },
  },
  {
    name: 'links a character named as one word of a several-word display name ("Big Trög")',
    given: { characters: [trog], discord: [discordUser({ username: 'bigguy', displayName: 'Big Trög' })] },
    members: [['@bigguy', 'Trog']],
  },
  {
    name: 'suggests instead of linking when the same folded name matches two Discord users',
    given: { characters: [trog], discord: [atTrog, discordUser({ username: 'other', displayName: 'Big Trog' })] },
    links: [],
    suggestions: ['Trog ~ @other', 'Trog ~ @trog'],
    conflicts: ['ambiguous_name'],
    check: (plan) => expect(plan.suggestions.map((s) => s.score)).toEqual([0.9, 0.75]),
  },
  {
    name: 'suggests instead of linking when characters on two realms claim one Discord user',
    given: {
      characters: [character({ name: 'Trog', realmSlug: 'area-52' }), character({ name: 'Trog', realmSlug: 'senjin' })],
      discord: [atTrog],
    },
    links: [],
    suggestions: ['Trog-area-52 ~ @trog', 'Trog-senjin ~ @trog'],
    conflicts: ['discord_user_claimed'],
  },
  // ---- pass 4 after an officer's decision on characters of one name on several realms ----
  {
    name: 'suggests the other same-name character to the member once an officer confirmed one',
    given: {
      characters: [character({ name: 'Trog', realmSlug: 'area-52' }), character({ name: 'Trog', realmSlug: 'senjin' })],
      discord: [atTrog],
      members: [member({ characters: [character({ name: 'Trog', realmSlug: 'area-52' })], discord: atTrog, method: 'suggestion_confirmed' })],
    },
    members: [['@trog', 'Trog-area-52']],
    links: [],
    suggestions: ['Trog-senjin ~ @trog'],
    conflicts: ['discord_user_taken'],
    check: (plan) => {
      expect(plan.suggestions[0]).toMatchObject({ source: 'exact_name', score: 0.9 });
      expect(plan.suggestions[0].reason).toBe(
        'The character name Trog (senjin) equals the Discord username "trog" of @trog. @trog is already the member of @trog (a suggestion_confirmed link), which has Trog (area-52) of the same name: one player may well play both, so an officer may add Trog (senjin) to that member.',
      );
    },
  },
  {
    name: 'suggests every other same-name character (three realms, one confirmed)',
    given: {
      characters: [
        character({ name: 'Trog', realmSlug: 'area-52' }),
        character({ name: 'Trog', realmSlug: 'senjin' }),
        character({ name: 'Trog', realmSlug: 'sargeras' }),
      ],
      discord: [atTrog],
      members: [member({ characters: [character({ name: 'Trog', realmSlug: 'senjin' })], discord: atTrog, method: 'suggestion_confirmed' })],
    },
    members: [['@trog', 'Trog-senjin']],
    links: [],
    suggestions: ['Trog-area-52 ~ @trog', 'Trog-sargeras ~ @trog'],
    // Two lone characters claim the user, and it is taken: one conflict says both.
    conflicts: ['discord_user_claimed'],
    check: (plan) => {
      for (const s of plan.suggestions) {
        expect(s.reason).toContain('which has Trog (senjin) of the same name');
        expect(s.reason).toMatch(/an officer may add Trog \((area-52|sargeras)\), Trog \((area-52|sargeras)\) to that member\.$/);
      }
    },
  },
  {
    name: 'suggests a same-name character whose accents differ (Zatanna after Zatañña was confirmed)',
    given: {
      characters: [character({ name: 'Zatañña', realmSlug: 'area-52' }), character({ name: 'Zatanna', realmSlug: 'senjin' })],
      discord: [discordUser({ username: 'zatanna' })],
      members: [member({ characters: [character({ name: 'Zatañña', realmSlug: 'area-52' })], discord: discordUser({ username: 'zatanna' }), method: 'suggestion_confirmed' })],
    },
    members: [['@zatanna', 'Zatañña']],
    suggestions: ['Zatanna ~ @zatanna'],
    conflicts: ['discord_user_taken'],
    check: (plan) => expect(plan.suggestions[0].reason).toContain('which has Zatañña (area-52) of the same name'),
  },
  {
    name: 'suggests the other same-name character even when it would rank above what a name alone may give',
    given: {
      characters: [character({ name: 'Trog', realmSlug: 'area-52' }), character({ name: 'Trog', realmSlug: 'senjin', guildRankIndex: 1 })],
      discord: [atTrog],
      members: [member({ characters: [character({ name: 'Trog', realmSlug: 'area-52' })], discord: atTrog, method: 'suggestion_confirmed' })],
    },
    links: [],
    suggestions: ['Trog-senjin ~ @trog'],
    conflicts: ['discord_user_taken'],
  },
  {
    name: 'suggests nothing once every same-name character is the member’s (confirmed with all)',
    given: {
      characters: [character({ name: 'Trog', realmSlug: 'area-52' }), character({ name: 'Trog', realmSlug: 'senjin' })],
      discord: [atTrog],
      members: [
        member({
          characters: [character({ name: 'Trog', realmSlug: 'area-52' }), character({ name: 'Trog', realmSlug: 'senjin' })],
          discord: atTrog,
          method: 'suggestion_confirmed',
        }),
      ],
    },
    members: [['@trog', 'Trog-area-52', 'Trog-senjin']],
    links: [],
    suggestions: [],
    conflicts: [],
  },
  {
    name: 'does not suggest the other same-name character once an officer rejected it for that user',
    given: {
      characters: [character({ name: 'Trog', realmSlug: 'area-52' }), character({ name: 'Trog', realmSlug: 'senjin' })],
      discord: [atTrog],
      members: [member({ characters: [character({ name: 'Trog', realmSlug: 'area-52' })], discord: atTrog, method: 'suggestion_confirmed' })],
      rejected: [rejection(character({ name: 'Trog', realmSlug: 'senjin' }), atTrog)],
    },
    links: [],
    suggestions: [],
    conflicts: [],
  },
  {
    name: 'leaves a same-name character alone when it is already a member with another Discord user',
    given: {
      characters: [character({ name: 'Trog', realmSlug: 'area-52' }), character({ name: 'Trog', realmSlug: 'senjin' })],
      discord: [atTrog, atBob],
      members: [
        member({ characters: [character({ name: 'Trog', realmSlug: 'area-52' })], discord: atTrog, method: 'suggestion_confirmed' }),
        member({ characters: [character({ name: 'Trog', realmSlug: 'senjin' })], discord: atBob }),
      ],
    },
    links: [],
    suggestions: [],
    conflicts: [],
  },
  {
    name: 'says plainly that nothing moves when the taken user’s member has no character of that name',
    given: { characters: [trog, bob], discord: [atTrog], members: [member({ characters: [bob], discord: atTrog })] },
    suggestions: ['Trog ~ @trog'],
    conflicts: ['discord_user_taken'],
    check: (plan) => expect(plan.suggestions[0].reason).toMatch(/with Bob \(area-52\); nothing is moved\.$/),
  },
  {
    name: 'links the Discord user to a note group when two of its characters claim it',
    given: {
      characters: [
        character({ name: 'Trog', realmSlug: 'area-52' }),
        character({ name: 'Trog', realmSlug: 'senjin', guildNote: 'alt of Trog-Area52' }),
      ],
      discord: [atTrog],
    },
    members: [['@trog', 'Trog-area-52', 'Trog-senjin']],
    links: ['@trog: exact_name', 'Trog-area-52: note_key', 'Trog-senjin: note_key'],
  },
  {
    name: 'suggests instead of moving when the matching Discord user is already another member',
    given: { characters: [trog, bob], discord: [atTrog], members: [member({ characters: [bob], discord: atTrog })] },
    members: [['@trog', 'Bob']],
    links: [],
    suggestions: ['Trog ~ @trog'],
    conflicts: ['discord_user_taken'],
  },
  {
    name: 'never links a pair an officer rejected, even by exact name',
    given: { characters: [trog], discord: [atTrog], rejected: [rejection(trog, atTrog)] },
    links: [],
    suggestions: [],
    conflicts: [],
  },
  {
    name: 'never gives a member a Discord user an officer rejected for one of its characters',
    given: {
      characters: [trog, character({ name: 'Zed', guildNote: "Trog's alt" })],
      discord: [atTrog],
      rejected: [rejection(character({ name: 'Zed' }), atTrog)],
    },
    members: [['Trog', 'Zed']],
    links: ['Trog: note_key', 'Zed: note_key'],
    suggestions: [],
    conflicts: ['rejected_pair'],
  },
  {
    name: 'never matches bots',
    given: { characters: [trog], discord: [discordUser({ username: 'trog', isBot: true })] },
    links: [],
    suggestions: [],
  },
  {
    name: 'does not match characters that left the guild by name',
    given: { characters: [character({ name: 'Trog', inGuild: false, guildRankIndex: null })], discord: [atTrog] },
    links: [],
    suggestions: [],
  },
  {
    name: 'treats a name shared by more than four Discord members as no evidence',
    given: {
      characters: [character({ name: 'Tank' })],
      discord: ['a', 'b', 'c', 'd', 'e'].map((x) =>
        discordUser({ username: `user_${x}`, displayName: `${x.toUpperCase()} | Tank` }),
      ),
    },
    links: [],
    suggestions: [],
    conflicts: ['name_too_common'],
  },
  {
    name: 'prefers a note hint over an exact name (pass 3 before pass 4)',
    given: { characters: [character({ name: 'Trog', guildNote: '@bob' })], discord: [atTrog, atBob] },
    members: [['@bob', 'Trog']],
    links: ['@bob: note_hint', 'Trog: note_hint'],
    suggestions: [],
  },

  // ---- pass 4: a name alone never raises anyone above Member ----
  {
    name: "suggests, and does not link, an impostor whose display name is an officer's character",
    given: {
      characters: [character({ name: 'Jaina', guildRankIndex: 1 })],
      discord: [discordUser({ username: 'totally_not_jaina', displayName: 'Jaina' })],
    },
    members: [],
    links: [],
    suggestions: ['Jaina ~ @totally_not_jaina'],
    conflicts: ['name_would_raise_rank'],
    check: (plan) => {
      expect(plan.suggestions[0]).toMatchObject({ source: 'exact_name', score: 0.85 });
      expect(plan.suggestions[0].reason).toBe(
        'The character name Jaina (area-52) equals the Discord display name "Jaina" of @totally_not_jaina. Linking would make @totally_not_jaina Officer, which no guild role of theirs on Discord shows; a name alone gives at most Member, so an officer has to confirm it.',
      );
    },
  },
  {
    name: 'suggests a word of a display name on the Guild Leader\'s character, and does not link it',
    given: {
      characters: [character({ name: 'Thrall', guildRankIndex: 0 })],
      discord: [discordUser({ username: 'orcfan', displayName: 'Thrall | fan club', guildRoleLevel: 4 })],
    },
    links: [],
    suggestions: ['Thrall ~ @orcfan'],
    conflicts: ['name_would_raise_rank'],
    check: (plan) => expect(plan.suggestions[0].reason).toMatch(/Guild Leader, which is above the guild role they hold on Discord \(Officer\)/),
  },
  {
    name: 'still links a recruit by name (Initiate)',
    given: { characters: [character({ name: 'Newbie', guildRankIndex: 5 })], discord: [discordUser({ username: 'newbie' })] },
    members: [['@newbie', 'Newbie']],
    links: ['@newbie: exact_name', 'Newbie: exact_name'],
  },
  {
    name: 'still links a Member by name',
    given: { characters: [character({ name: 'Trog', guildRankIndex: 3 })], discord: [atTrog] },
    members: [['@trog', 'Trog']],
    conflicts: [],
  },
  {
    name: 'still links an officer by name when their Discord role already says Officer',
    given: {
      characters: [character({ name: 'Jaina', guildRankIndex: 1 })],
      discord: [discordUser({ username: 'jaina', guildRoleLevel: 4 })],
    },
    members: [['@jaina', 'Jaina']],
    links: ['@jaina: exact_name', 'Jaina: exact_name'],
    suggestions: [],
  },
  {
    name: 'still links a Veteran by name when their Discord role is higher still',
    given: {
      characters: [character({ name: 'Rexxar', guildRankIndex: 2 })],
      discord: [discordUser({ username: 'rexxar', guildRoleLevel: 5 })],
    },
    members: [['@rexxar', 'Rexxar']],
  },
  {
    name: 'judges a note group by its best character: an alt named like the user does not bring the officer main along',
    given: {
      characters: [character({ name: 'Jaina', guildRankIndex: 1 }), character({ name: 'Proudmoore', guildRankIndex: 4, guildNote: 'alt of Jaina' })],
      discord: [discordUser({ username: 'proudmoore' })],
    },
    members: [['Jaina', 'Proudmoore']],
    links: ['Jaina: note_key', 'Proudmoore: note_key'],
    suggestions: ['Proudmoore ~ @proudmoore'],
    conflicts: ['name_would_raise_rank'],
  },
  {
    name: 'judges a member by the rank an officer set for them',
    given: {
      characters: [character({ name: 'Bob', guildRankIndex: 4 })],
      discord: [atBob],
      members: [member({ characters: [character({ name: 'Bob', guildRankIndex: 4 })], rankOverride: 4, rankLevel: 4 })],
    },
    links: [],
    suggestions: ['Bob ~ @bob'],
    conflicts: ['name_would_raise_rank'],
  },
  {
    name: "lets a note hint give an officer's character its Discord user (notes are officers' words)",
    given: { characters: [character({ name: 'Jaina', guildRankIndex: 1, officerNote: 'discord: jaina_p' })], discord: [discordUser({ username: 'jaina_p' })] },
    members: [['@jaina_p', 'Jaina']],
    links: ['@jaina_p: note_hint', 'Jaina: note_hint'],
  },

  // ---- pass 5: fuzzy names are suggestions only ----
  {
    name: 'suggests a close name (Trogg ~ trog) and links nothing',
    given: { characters: [character({ name: 'Trogg' })], discord: [atTrog] },
    links: [],
    suggestions: ['Trogg ~ @trog'],
    check: (plan) => {
      expect(plan.suggestions[0].source).toBe('fuzzy');
      expect(plan.suggestions[0].score).toBeGreaterThan(0.6);
      expect(plan.suggestions[0].score).toBeLessThan(0.75);
      expect(plan.suggestions[0].reason).toMatch(/is close to the Discord username "trog" of @trog \(similarity 0\.\d\d\)/);
    },
  },
  {
    name: 'suggests a close name across accents and a typo (Zatanaa ~ Zatañña display name)',
    given: { characters: [character({ name: 'Zatanaa' })], discord: [discordUser({ username: 'zz', displayName: 'Zatañña' })] },
    suggestions: ['Zatanaa ~ @zz'],
  },
  {
    name: 'suggests close Cyrillic names (Тролли ~ тролль)',
    given: { characters: [character({ name: 'Тролли', realmSlug: 'gordunni' })], discord: [discordUser({ username: 'тролль' })] },
    suggestions: ['Тролли ~ @тролль'],
  },
  {
    name: 'does not suggest names that are not close (Trog vs frodo)',
    given: { characters: [trog], discord: [discordUser({ username: 'frodo' })] },
    suggestions: [],
  },
  {
    name: 'does not suggest fuzzily a Discord user who is already a member',
    given: {
      characters: [character({ name: 'Trogg' })],
      discord: [atTrog],
      members: [member({ characters: [bob], discord: atTrog })],
    },
    suggestions: [],
  },
  {
    name: 'does not bring back a rejected fuzzy suggestion',
    given: {
      characters: [character({ name: 'Trogg' })],
      discord: [atTrog],
      rejected: [rejection(character({ name: 'Trogg' }), atTrog)],
    },
    suggestions: [],
  },
  {
    name: 'keeps at most three suggestions per character, best first',
    given: {
      characters: [character({ name: 'Trogan' })],
      discord: ['trogen', 'trogin', 'trogun', 'trogon'].map((u) => discordUser({ username: u })),
    },
    check: (plan) => {
      expect(plan.suggestions).toHaveLength(3);
      const scores = plan.suggestions.map((s) => s.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    },
  },

  // ---- ranks ----
  {
    name: 'ranks a member by its best in-guild character, ignoring characters that left',
    given: {
      characters: [
        character({ name: 'Trog', guildRankIndex: 3 }),
        character({ name: 'Zed', guildRankIndex: 1, guildNote: "Trog's alt" }),
        character({ name: 'Kip', inGuild: false, guildRankIndex: 0, guildNote: "Trog's alt" }),
      ],
    },
    members: [['Kip', 'Trog', 'Zed']],
    check: (plan) =>
      expect(plan.members[0].rank).toEqual({
        level: 4,
        source: 'characters',
        characterId: character({ name: 'Zed' }).id,
        gameRankIndex: 1,
      }),
  },
  {
    name: 'uses an officer rank override over the characters ranks',
    given: {
      characters: [character({ name: 'Trog', guildRankIndex: 0 })],
      discord: [atTrog],
      members: [
        member({ characters: [character({ name: 'Trog', guildRankIndex: 0 })], discord: atTrog, rankOverride: 2, rankLevel: 2 }),
      ],
    },
    check: (plan) => {
      expect(plan.members[0].rank).toEqual({ level: 2, source: 'override', characterId: null, gameRankIndex: null });
      expect(plan.members[0].status).toBe('unchanged');
    },
  },
  {
    name: 'gives level 1 to in-game ranks above the mapped ones and says the rank changed',
    given: {
      characters: [character({ name: 'Trog', guildRankIndex: 8 })],
      discord: [atTrog],
      members: [member({ characters: [character({ name: 'Trog', guildRankIndex: 8 })], discord: atTrog, rankLevel: 2 })],
      ranks: [
        { level: 5, gameRankIndexes: [0] },
        { level: 3, gameRankIndexes: [1, 2] },
        { level: 1, gameRankIndexes: [3] },
      ],
    },
    check: (plan) => {
      expect(plan.members[0].rank.level).toBe(1);
      expect(plan.members[0].rankChanged).toBe(true);
      expect(plan.members[0].status).toBe('updated');
    },
  },
];

function run(spec: InputSpec): { input: MatchingInput; plan: MatchingPlan } {
  const input = matchingInput(spec);
  return { input, plan: planMatching(input) };
}

describe('planMatching', () => {
  it('has a table of at least 40 behaviours', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  describe.each(cases)('$name', (row) => {
    it('plans as expected', () => {
      const { input, plan } = run(row.given);
      const rendered = renderPlan(input, plan);
      if (row.members) expect(rendered.members).toEqual(sortGroups(row.members));
      if (row.links) expect(rendered.links).toEqual([...row.links].sort());
      if (row.suggestions) expect(rendered.suggestions).toEqual([...row.suggestions].sort());
      if (row.conflicts) expect(rendered.conflicts).toEqual([...row.conflicts].sort());
      if (row.counts) expect(plan.counts).toMatchObject(row.counts);
      expect(plan.counts).toEqual({
        linked: plan.links.length,
        suggested: plan.suggestions.length,
        unchanged: expect.any(Number),
      });
      for (const link of plan.links) {
        expect(link.score).toBeGreaterThan(0);
        expect(link.score).toBeLessThanOrEqual(1);
        expect(link.evidence.summary.length).toBeGreaterThan(10);
        expect((link.characterId === null) !== (link.discordUserId === null)).toBe(true);
      }
      row.check?.(plan, input);
    });

    it('plans the same whatever the input order', () => {
      const { input, plan } = run(row.given);
      for (const seed of [7, 42]) expect(planMatching(shuffledInput(input, seed))).toEqual(plan);
    });

    it('changes nothing when run again on its own result', () => {
      const { input, plan } = run(row.given);
      const next = planMatching(applyMatchingPlan(input, plan));
      expect(next.links).toEqual([]);
      expect(next.counts).toEqual({
        linked: 0,
        suggested: plan.counts.suggested,
        unchanged: plan.counts.unchanged + plan.counts.linked,
      });
      expect(next.members.every((m) => m.status === 'unchanged')).toBe(true);
      expect(next.suggestions).toEqual(plan.suggestions);
    });
  });
});

describe('planMatching across runs', () => {
  it('does not bring back a suggestion an officer rejected in the next run', () => {
    const trogg = character({ name: 'Trogg' });
    const first = run({ characters: [trogg], discord: [atTrog] });
    expect(renderPlan(first.input, first.plan).suggestions).toEqual(['Trogg ~ @trog']);
    const [suggestion] = first.plan.suggestions;
    const second = planMatching({
      ...first.input,
      rejected: [{ characterId: suggestion.characterId, discordUserId: suggestion.discordUserId }],
    });
    expect(second.suggestions).toEqual([]);
    expect(second.links).toEqual([]);
  });

  it('links what a second run finds once an officer confirms a suggestion, keeping earlier links', () => {
    // Run 1: Trog on two realms both claim @trog: suggestions only.
    const a = character({ name: 'Trog', realmSlug: 'area-52' });
    const b = character({ name: 'Trog', realmSlug: 'senjin' });
    const first = run({ characters: [a, b], discord: [atTrog] });
    expect(first.plan.links).toEqual([]);
    // The officer confirms area-52 and rejects senjin.
    const confirmed = member({ characters: [a], discord: atTrog, method: 'suggestion_confirmed' });
    const second = planMatching({ ...first.input, members: [confirmed], rejected: [rejection(b, atTrog)] });
    expect(second.links).toEqual([]);
    expect(second.suggestions).toEqual([]);
    expect(second.counts).toEqual({ linked: 0, suggested: 0, unchanged: 2 });
  });

  it('counts every kept subject as unchanged on the second run', () => {
    const first = run({ characters: [trog, character({ name: 'Zed', guildNote: "Trog's alt" })], discord: [atTrog] });
    expect(first.plan.counts).toEqual({ linked: 3, suggested: 0, unchanged: 0 });
    const second = planMatching(applyMatchingPlan(first.input, first.plan));
    expect(second.counts).toEqual({ linked: 0, suggested: 0, unchanged: 3 });
  });

  it('gives a new member a ref named after its first character and links that point at it', () => {
    const { input, plan } = run({ characters: [trog, character({ name: 'Zed', guildNote: "Trog's alt" })], discord: [atTrog] });
    const label = labeller(input);
    expect(plan.members).toHaveLength(1);
    const [created] = plan.members;
    expect(created.personId).toBeNull();
    expect(created.ref).toBe(`new:${[trog.id, character({ name: 'Zed' }).id].sort()[0]}`);
    expect(plan.links.every((l) => l.memberRef === created.ref && l.personId === null)).toBe(true);
    expect(label.character(created.mainCharacterId ?? '')).toBe('Trog');
  });
});
