/**
 * The kinds of queued work a commit can announce, one per worker: each is a Postgres NOTIFY channel
 * of CommitSignals (libs/persistence), written with the work and listened to by its worker.
 */
export const WorkSignal = {
  RoleSync: 'discord_role_sync',
  InviteDeliveries: 'discord_invite_deliveries',
  ChannelPosts: 'discord_channel_posts',
  MemberSyncs: 'discord_member_syncs',
} as const;
export type WorkSignal = (typeof WorkSignal)[keyof typeof WorkSignal];
