import { RankLevel } from '../api/ranks';
import { EVENT_SUBJECTS, Events } from '../events/subjects';
import { Requests } from '../requests/requests';
import {
  BUS_SERVICES,
  EVENT_ACCESS,
  eventsConsumedBy,
  eventsPublishedBy,
  minRankOf,
  REQUEST_ACCESS,
  requestsSentBy,
  requestsServedBy,
  servedBy,
} from './access';

describe('who may say what on the bus', () => {
  it('has each event published by the service its subject is named after', () => {
    const serviceOfSubject = (subject: string) => {
      const name = subject.split('.')[1];
      return name === 'discord' ? 'discord-bot' : name;
    };
    for (const subject of EVENT_SUBJECTS) expect([subject, EVENT_ACCESS[subject].publisher]).toEqual([subject, serviceOfSubject(subject)]);
  });

  it('has no service consume its own events', () => {
    for (const subject of EVENT_SUBJECTS) expect(EVENT_ACCESS[subject].consumers).not.toContain(EVENT_ACCESS[subject].publisher);
  });

  it('serves each request in the service its pattern names, and lets no service send to itself', () => {
    for (const pattern of Object.values(Requests)) {
      expect(BUS_SERVICES).toContain(servedBy(pattern));
      expect(REQUEST_ACCESS[pattern].senders).not.toContain(servedBy(pattern));
    }
  });

  it('lets only the gateway send what a person asks for, the bot what its slash commands ask, and only the bot claim an invite code', () => {
    const slashCommands = [
      Requests.MembersGet,
      Requests.CharactersList,
      Requests.IssuesList,
      Requests.InvitesCreate,
      Requests.InvitesRequestOwn,
      Requests.PasswordResetsCreate,
      Requests.SyncRunsStart,
      Requests.SyncRunsGet,
      Requests.LiveCampaignsList,
    ];
    expect(requestsSentBy('discord-bot')).toEqual(expect.arrayContaining([Requests.InvitesClaimForDelivery, ...slashCommands]));
    // What the bot may send for a member carries that member as its actor: privileged, or the campaigns' seam.
    for (const pattern of requestsSentBy('discord-bot').filter((p) => p !== Requests.InvitesClaimForDelivery && p !== Requests.LiveCampaignsList)) {
      expect([pattern, minRankOf(pattern) !== null]).toEqual([pattern, true]);
    }
    for (const service of ['auth', 'identity', 'guild-sync', 'campaigns'] as const) expect(requestsSentBy(service)).toEqual([]);
    expect(requestsSentBy('gateway')).toContain(Requests.Login);
    expect(requestsSentBy('gateway')).toContain(Requests.ApiKeysCreate);
    expect(requestsSentBy('gateway')).not.toContain(Requests.InvitesClaimForDelivery);
  });

  it('marks the privileged requests with the rank their actor must hold', () => {
    expect(minRankOf(Requests.ApiKeysCreate)).toBe(RankLevel.Officer);
    expect(minRankOf(Requests.MembersUpdate)).toBe(RankLevel.Officer);
    expect(minRankOf(Requests.RanksUpdate)).toBe(RankLevel.GuildLeader);
    expect(minRankOf(Requests.Me)).toBe(RankLevel.Initiate);
    expect(minRankOf(Requests.Login)).toBeNull();
    expect(minRankOf('auth.no-such-thing')).toBeNull();
  });

  it('names for each service what it serves, publishes and consumes', () => {
    expect(requestsServedBy('auth')).toContain(Requests.Login);
    expect(requestsServedBy('auth')).not.toContain(Requests.MembersList);
    expect(eventsPublishedBy('identity')).toContain(Events.MemberRankChanged);
    expect(eventsPublishedBy('gateway')).toEqual([]);
    expect(eventsConsumedBy('discord-bot')).toContain(Events.InviteCreated);
    expect(eventsConsumedBy('guild-sync')).toEqual([]);
  });
});
