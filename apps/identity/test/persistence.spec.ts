import { Events } from '@patt/contracts';
import { IdentityDriver } from './support/driver';
import { discordMember, rosterCharacter } from './support/factories';
import { IdentityHarness, startIdentity } from './support/harness';

jest.setTimeout(60_000);

describe('identity persistence', () => {
  let h: IdentityHarness;
  let drive: IdentityDriver;

  beforeAll(async () => {
    h = await startIdentity();
    drive = new IdentityDriver(h);
  });
  afterAll(async () => h?.stop());

  it('links a character to the Discord user of the same name and announces it', async () => {
    const trog = rosterCharacter({ name: 'Trog' });
    await drive.roster([trog]);
    await drive.discord([discordMember({ username: 'trog' })]);
    const result = await drive.run();
    expect(result.matching.linked).toBe(2);
    const members = await drive.members();
    expect(members).toHaveLength(1);
    const matched = await h.emitted(Events.MemberMatched);
    expect(matched).toHaveLength(1);
    expect(matched[0]?.payload).toMatchObject({ method: 'exact_name', discordUsername: 'trog', characterIds: [trog.characterId], rank: { level: 2 } });
  });
});
