import { CampaignClosedPayload, CampaignMilestonePayload, CampaignOpenedPayload } from './campaign-payloads';
import {
  AccountDisabledPayload,
  AccountEnabledPayload,
  BattlenetRemindersRequestedPayload,
  CharactersClaimedPayload,
  CharacterChangedPayload,
  DiscordMemberChangedPayload,
  DiscordMembersSyncedPayload,
  IntegrityReportedPayload,
  InviteDeliverySettledPayload,
  InviteCreatedPayload,
  LoginsEndedPayload,
  MemberInGuildChangedPayload,
  MemberMatchedPayload,
  MemberRankChangedPayload,
  PasswordSetPayload,
  RanksChangedPayload,
  RosterSyncedPayload,
  UserRegisteredPayload,
} from './payloads';

/** Event subjects, `patt.<service>.<fact>` (docs/events.md). */
export const Events = {
  RosterSynced: 'patt.guild-sync.roster-synced',
  CharacterChanged: 'patt.guild-sync.character-changed',
  DiscordMembersSynced: 'patt.discord.members-synced',
  DiscordMemberChanged: 'patt.discord.member-changed',
  InviteDeliverySettled: 'patt.discord.invite-delivery-settled',
  MemberMatched: 'patt.identity.member-matched',
  MemberRankChanged: 'patt.identity.member-rank-changed',
  MemberInGuildChanged: 'patt.identity.member-in-guild-changed',
  IntegrityReported: 'patt.identity.integrity-reported',
  RanksChanged: 'patt.identity.ranks-changed',
  CharactersClaimed: 'patt.identity.characters-claimed',
  BattlenetRemindersRequested: 'patt.identity.battlenet-reminders-requested',
  InviteCreated: 'patt.auth.invite-created',
  UserRegistered: 'patt.auth.user-registered',
  AccountDisabled: 'patt.auth.account-disabled',
  AccountEnabled: 'patt.auth.account-enabled',
  LoginsEnded: 'patt.auth.logins-ended',
  PasswordSet: 'patt.auth.password-set',
  CampaignOpened: 'patt.campaigns.campaign-opened',
  CampaignMilestone: 'patt.campaigns.campaign-milestone',
  CampaignClosed: 'patt.campaigns.campaign-closed',
} as const;

/** The one map from subject to payload: emitting and handling are both typed from it. */
export interface EventMap {
  [Events.RosterSynced]: RosterSyncedPayload;
  [Events.CharacterChanged]: CharacterChangedPayload;
  [Events.DiscordMembersSynced]: DiscordMembersSyncedPayload;
  [Events.DiscordMemberChanged]: DiscordMemberChangedPayload;
  [Events.InviteDeliverySettled]: InviteDeliverySettledPayload;
  [Events.MemberMatched]: MemberMatchedPayload;
  [Events.MemberRankChanged]: MemberRankChangedPayload;
  [Events.MemberInGuildChanged]: MemberInGuildChangedPayload;
  [Events.IntegrityReported]: IntegrityReportedPayload;
  [Events.RanksChanged]: RanksChangedPayload;
  [Events.CharactersClaimed]: CharactersClaimedPayload;
  [Events.BattlenetRemindersRequested]: BattlenetRemindersRequestedPayload;
  [Events.InviteCreated]: InviteCreatedPayload;
  [Events.UserRegistered]: UserRegisteredPayload;
  [Events.AccountDisabled]: AccountDisabledPayload;
  [Events.AccountEnabled]: AccountEnabledPayload;
  [Events.LoginsEnded]: LoginsEndedPayload;
  [Events.PasswordSet]: PasswordSetPayload;
  [Events.CampaignOpened]: CampaignOpenedPayload;
  [Events.CampaignMilestone]: CampaignMilestonePayload;
  [Events.CampaignClosed]: CampaignClosedPayload;
}

export type EventSubject = keyof EventMap;
export type PayloadOf<S extends EventSubject> = EventMap[S];

export const EVENT_SUBJECTS = Object.values(Events) as EventSubject[];

/** The root every subject lives under; deployments and test suites may choose another. */
export const DEFAULT_SUBJECT_ROOT = 'patt';

/** An event as it travels: the outbox row, the JetStream message and the handler's argument. */
export interface EventEnvelope<S extends EventSubject = EventSubject> {
  /** Also the JetStream `Nats-Msg-Id` and the consumer's inbox key: de-duplication hangs on it. */
  id: string;
  subject: S;
  occurredAt: string;
  producer: string;
  correlationId: string | null;
  payload: PayloadOf<S>;
}
