import { ErrorCode, Events } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { CharactersRepository } from '../src/characters/characters.repository';
import { DiscordMembersRepository } from '../src/discord-members/discord-members.repository';
import { ImportsService } from '../src/imports/imports.service';
import { LinksService } from '../src/links/links.service';
import { MembersRepository } from '../src/members/members.repository';
import { IdentityDriver } from './support/driver';
import { discordMember, rosterCharacter } from './support/factories';
import { IdentityHarness, startIdentity } from './support/harness';

jest.setTimeout(60_000);

const HEADER = 'Discord,Character,Realm,MainAlt';

describe('the roster-sheet import', () => {
  let h: IdentityHarness;
  let drive: IdentityDriver;
  let imports: ImportsService;

  const trog = rosterCharacter({ name: 'Trog' });
  const trogalt = rosterCharacter({ name: 'Trogalt' });
  const zat = rosterCharacter({ name: 'Zatañña', realmSlug: 'senjin', realmName: "Sen'jin" });
  const bobArea = rosterCharacter({ name: 'Bob' });
  const bobSenjin = rosterCharacter({ name: 'Bob', realmSlug: 'senjin', realmName: "Sen'jin" });
  const trogdor = discordMember({ username: 'trogdor', displayName: 'The Burninator' });
  const zed = discordMember({ username: 'zed_', displayName: 'Zed' });
  const bobby = discordMember({ username: 'bobby', displayName: 'Bob the Healer' });

  const importAs = (csv: string) => h.as(() => imports.import(csv), { username: 'sheet-officer' });
  const failure = async (csv: string): Promise<ServiceException['body']> => {
    try {
      await importAs(csv);
    } catch (error) {
      if (error instanceof ServiceException) return error.body;
      throw error;
    }
    throw new Error('the import was accepted');
  };
  const links = () =>
    h.sql<{ characterId: string | null; discordUserId: string | null; method: string; confirmedBy: string | null; personId: string }>(
      'SELECT character_id AS "characterId", discord_user_id AS "discordUserId", method, confirmed_by AS "confirmedBy", person_id AS "personId" FROM links ORDER BY created_at, id',
    );

  beforeAll(async () => {
    h = await startIdentity();
    drive = new IdentityDriver(h);
    imports = new ImportsService(h.dataSource, h.get(LinksService), h.get(CharactersRepository), h.get(DiscordMembersRepository), h.get(MembersRepository));
  });
  afterAll(async () => h?.stop());
  beforeEach(async () => {
    await h.reset();
    // Names chosen so that no automatic pass links anyone: only the sheet says who plays what.
    await drive.roster([trog, trogalt, zat, bobArea, bobSenjin]);
    await drive.discord([trogdor, zed, bobby]);
    await h.clearOutbox();
  });

  it('links each row as a confirmed import, one member per Discord user, with the main the sheet names', async () => {
    const result = await importAs(`${HEADER}\ntrogdor,Trogalt,Area 52,Alt\nThe Burninator,Trog,area-52,Main\n@zed_,Zatanna,Senjin,Main\n`);
    expect(result).toEqual({ linked: 3, skipped: 0, skippedRows: [] });

    const stored = await links();
    expect(stored.every((l) => l.method === 'import' && l.confirmedBy === 'sheet-officer')).toBe(true);
    const members = await drive.members();
    expect(members).toHaveLength(2);
    const trogMember = members.find((m) => m.discordUserId === trogdor.userId);
    expect(trogMember?.characterIds.sort()).toEqual([trog.characterId, trogalt.characterId].sort());
    const [main] = await h.sql<{ main: string }>('SELECT main_character_id AS main FROM members WHERE id = $1', [trogMember?.id]);
    expect(main?.main).toBe(trog.characterId);

    const matched = await h.emitted(Events.MemberMatched);
    expect(matched.map((e) => e.payload.method)).toEqual(['import', 'import']);
    expect(matched.find((e) => e.payload.discordUserId === trogdor.userId)?.payload.characterIds.sort()).toEqual(
      [trog.characterId, trogalt.characterId].sort(),
    );
  });

  it('skips rows naming someone the platform does not know, or an ambiguous name, and says why', async () => {
    const result = await importAs(`${HEADER}\ntrogdor,Trog,Area 52,Main\nghost,Casper,Area 52,Main\nbobby,Bob,,Main\nzed_,Nobody,Senjin,Alt\n`);
    expect(result.linked).toBe(1);
    expect(result.skippedRows).toEqual([
      { line: 3, reason: expect.stringMatching(/no Discord member "ghost" is known.*no character Casper on Area 52/) },
      { line: 4, reason: "Bob is on several realms (Area 52, Sen'jin); give the realm" },
      { line: 5, reason: 'no character Nobody on Senjin is known to the roster' },
    ]);
  });

  it('says a row an officer already linked is skipped, and a second import changes nothing', async () => {
    const sheet = `${HEADER}\ntrogdor,Trog,Area 52,Main\ntrogdor,Trogalt,Area 52,Alt\n`;
    await importAs(sheet);
    await h.clearOutbox();
    const again = await importAs(sheet);
    expect(again.linked).toBe(0);
    expect(again.skippedRows.map((r) => r.line)).toEqual([2, 3]);
    expect(await links()).toHaveLength(2);
    expect(await h.emitted(Events.MemberMatched)).toEqual([]);
  });

  it('refuses a bad file naming its line, and applies nothing of it', async () => {
    const body = await failure(`${HEADER}\ntrogdor,Trog,Area 52,Main\nzed_,Zatañña,Senjin,Sometimes\n`);
    expect(body.code).toBe(ErrorCode.ValidationFailed);
    expect(body.message).toMatch(/^The sheet cannot be imported: line 3: MainAlt is "Sometimes"/);
    expect(body.details).toEqual([{ field: 'line 3', problems: [expect.stringMatching(/write Main or Alt/)] }]);
    expect(await links()).toEqual([]);
    expect(await h.emitted()).toEqual([]);
  });

  it("refuses a row contradicting an officer's link with a 409 naming the line, and applies none of the rows before it", async () => {
    await h.as(() => h.get(LinksService).create({ characterId: trogalt.characterId, discordUserId: zed.userId }));
    const before = await links();
    await h.clearOutbox();
    const body = await failure(`${HEADER}\nbobby,Bob,Area 52,Main\ntrogdor,Trog,Area 52,Main\ntrogdor,Trogalt,Area 52,Alt\n`);
    expect(body.code).toBe(ErrorCode.Conflict);
    expect(body.message).toMatch(/^Line 4 of the sheet: Trogalt \(area-52\) already belongs to another member .* Nothing was imported\.$/);
    expect(await links()).toEqual(before);
    expect(await h.emitted()).toEqual([]);
  });
});
