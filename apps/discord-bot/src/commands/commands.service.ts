import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Actor, CharacterListItem, ErrorCode, ISSUE_TYPES, passwordResetLink, RankLevel, Requests, SyncRun } from '@patt/contracts';
import { ServiceClient, ServiceException } from '@patt/service-kit';
import { DiscordBotConfig } from '../app/discord-bot.config';
import { describeDiscordFailure, dmRefusalOf } from '../discord/discord-errors';
import { DiscordGuild } from '../discord/discord-guild';
import { LinkedMembersRepository } from '../links/linked-members.repository';
import { MemberSyncService } from '../mirror/member-sync.service';
import { MemberSyncsRepository } from '../mirror/member-syncs.repository';
import { MembersRepository } from '../mirror/members.repository';
import { actorOf, CommandKey, Invoker } from './command-access';
import {
  Answer,
  characterWithoutMemberAnswer,
  discordSyncAnswer,
  DiscordSyncView,
  discordUserWithoutMemberAnswer,
  issuesAnswer,
  meAnswer,
  rosterRunFinished,
  rosterSyncAnswer,
  sentence,
  votesAnswer,
  whoisAnswer,
} from './command-replies';

/** A Discord call of a command failed: the invoker is told what did not happen. */
export class DiscordCallFailed extends Error {
  override name = 'DiscordCallFailed';
}

/** A command as invoked: which, its options, who. */
export interface Invocation {
  command: CommandKey;
  /** /whois's `who`. */
  who?: string;
  /** /invite's `user`. */
  userId?: string;
  invoker: Invoker;
}

/** Shows an answer while the command still works (the reply is edited with each). */
export type Progress = (answer: Answer) => Promise<void>;

/** How often a sync's reply is brought up to date, and for how long at most (the interaction lives 15 minutes). */
export interface FollowTiming {
  everyMs: number;
  forMs: number;
}

const INVITE_HOURS = 72;
const MENTION = /^<@!?(\d{15,21})>$|^(\d{15,21})$/;

/**
 * What each slash command does, for the member who invoked it (the access rules are checked
 * before; each request carries the invoker as its actor, and the serving service checks again).
 */
@Injectable()
export class CommandsService {
  /** Sync replies: every 1.5 s, for 14 minutes at most. */
  follow: FollowTiming = { everyMs: 1_500, forMs: 14 * 60_000 };

  constructor(
    private readonly config: DiscordBotConfig,
    private readonly services: ServiceClient,
    private readonly links: LinkedMembersRepository,
    private readonly mirror: MembersRepository,
    private readonly guild: DiscordGuild,
    private readonly memberSync: MemberSyncService,
    private readonly memberSyncs: MemberSyncsRepository,
  ) {}

  run(invocation: Invocation, progress: Progress): Promise<Answer> {
    const actor = actorOf(invocation.invoker);
    switch (invocation.command) {
      case 'whois':
        return this.whois(invocation.who ?? '', actor);
      case 'me':
        return this.me(invocation.invoker, actor as Actor);
      case 'get-account':
        return this.getAccount(actor as Actor);
      case 'reset-password':
        return this.resetPassword(invocation.invoker, actor as Actor);
      case 'sync roster':
        return this.syncRoster(actor as Actor, progress);
      case 'sync discord':
        return this.syncDiscord(progress);
      case 'issues':
        return this.issues(actor as Actor);
      case 'invite':
        return this.invite(invocation.userId ?? '', actor as Actor);
      case 'votes':
        return this.votes(invocation.invoker);
    }
  }

  private async whois(who: string, actor: Actor | null): Promise<Answer> {
    const officer = (actor?.rank ?? 0) >= RankLevel.Officer;
    const text = who.trim();
    const mention = MENTION.exec(text);
    if (mention) {
      const discordUserId = (mention[1] ?? mention[2]) as string;
      const link = await this.links.find(discordUserId);
      if (!link) return discordUserWithoutMemberAnswer(await this.mirror.find(discordUserId), discordUserId);
      return this.memberAnswer(link.personId, actor, officer);
    }
    if (text.length === 0) return sentence('Name a character, or @mention a Discord user.');
    const found = await this.characterNamed(text, actor);
    if (typeof found === 'string') return sentence(found);
    if (!found.personId) return characterWithoutMemberAnswer(found, officer);
    return this.memberAnswer(found.personId, actor, officer);
  }

  /** The character by its name (or `Name-Realm`); a sentence when there is none or more than one. */
  private async characterNamed(text: string, actor: Actor | null): Promise<CharacterListItem | string> {
    // Character names hold no dash; realms may (`Name-Area 52`, `Name-area-52`).
    const dash = text.indexOf('-');
    const name = dash > 0 ? text.slice(0, dash) : text;
    const realm = dash > 0 ? text.slice(dash + 1).toLowerCase() : null;
    const page = await this.services.send(Requests.CharactersList, { q: name, limit: 25, offset: 0, sort: 'name' }, { actor });
    const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
    const exact = page.items.filter(
      (character) => same(character.name, name) && (realm === null || character.realmSlug === realm || same(character.realmName, text.slice(dash + 1))),
    );
    if (exact.length === 1) return exact[0] as CharacterListItem;
    if (exact.length > 1) {
      const people = new Set(exact.map((character) => character.personId ?? character.id));
      if (people.size === 1) return exact.find((character) => character.inGuild) ?? (exact[0] as CharacterListItem);
      return `${exact.length} characters are named ${name}: ${exact.map((c) => `${c.name}-${c.realmName}`).join(', ')}. Say which with its realm (Name-Realm).`;
    }
    const close = page.items.slice(0, 5).map((character) => `${character.name}-${character.realmName}`);
    return close.length > 0 ? `No character is named “${text}”. Did you mean ${close.join(', ')}?` : `No character named “${text}” is known to the guild.`;
  }

  private async memberAnswer(personId: string, actor: Actor | null, officer: boolean): Promise<Answer> {
    const [member, issues] = await Promise.all([
      this.services.send(Requests.MembersGet, { id: personId }, { actor }),
      officer ? this.services.send(Requests.IssuesList, { personId, limit: 25, offset: 0 }, { actor }) : Promise.resolve(null),
    ]);
    return whoisAnswer({ member, issues: issues?.items ?? null, officer, publicUrl: this.config.PUBLIC_URL });
  }

  private async me(invoker: Invoker, actor: Actor): Promise<Answer> {
    const member = await this.services.send(Requests.MembersGet, { id: (invoker.member as { personId: string }).personId }, { actor });
    return meAnswer({ member, publicUrl: this.config.PUBLIC_URL });
  }

  private async getAccount(actor: Actor): Promise<Answer> {
    const invite = await this.services.send(Requests.InvitesRequestOwn, {}, { actor });
    const expires = Math.floor(new Date(invite.expiresAt).getTime() / 1000);
    return sentence(
      `Your invite is on its way by DM: it works once and expires <t:${expires}:R>. ` +
        'If no DM arrives, allow direct messages from this server’s members (officers are told when it cannot be delivered).',
    );
  }

  /** A one-time link by DM: auth makes it for the invoker (30 minutes, once); only the DM holds it. */
  private async resetPassword(invoker: Invoker, actor: Actor): Promise<Answer> {
    const issued = await this.services.send(Requests.PasswordResetsCreate, {}, { actor });
    const expires = Math.floor(new Date(issued.expiresAt).getTime() / 1000);
    try {
      await this.guild.sendDirectMessage(invoker.discordUserId, {
        content: [
          'Set a new password for your PATT guild account with this link:',
          passwordResetLink(this.config.PUBLIC_URL, issued.token),
          `It works once and expires <t:${expires}:R>. Setting the new password signs you out everywhere.`,
          'If you did not ask for it, ignore this message: nothing changes until the link is used.',
        ].join('\n'),
        allowed_mentions: { parse: [] },
      });
    } catch (error) {
      const failure = describeDiscordFailure(error);
      if (dmRefusalOf(failure)) return sentence('I could not send you a DM: allow direct messages from this server’s members, then ask again.');
      throw new DiscordCallFailed(`the DM with your link did not go out (${failure.message})`);
    }
    return sentence(`A one-time link to set a new password is in your DMs; it expires <t:${expires}:R>.`);
  }

  private async syncRoster(actor: Actor, progress: Progress): Promise<Answer> {
    let run: SyncRun = await this.services.send(Requests.SyncRunsStart, {}, { actor });
    const until = Date.now() + this.follow.forMs;
    let shown = '';
    while (!rosterRunFinished(run)) {
      const answer = rosterSyncAnswer(run);
      const text = JSON.stringify(answer);
      if (text !== shown) {
        await progress(answer);
        shown = text;
      }
      if (Date.now() >= until) return sentence(`The roster sync still runs (${run.progress.done} of ${run.progress.total} characters); the Sync page of the web app follows it.`);
      await sleep(this.follow.everyMs);
      run = await this.services.send(Requests.SyncRunsGet, { id: run.id }, { actor });
    }
    return rosterSyncAnswer(run);
  }

  private async syncDiscord(progress: Progress): Promise<Answer> {
    const accepted = await this.memberSync.requestByOfficer();
    const until = Date.now() + this.follow.forMs;
    let view: DiscordSyncView = { syncId: accepted.syncId, alreadyRunning: accepted.alreadyRunning, status: 'running', memberCount: null, joined: null, left: null, updated: null, error: null };
    await progress(discordSyncAnswer(view));
    for (;;) {
      await sleep(this.follow.everyMs);
      const row = await this.memberSyncs.find(accepted.syncId);
      if (row) {
        // A sync queued by a standby replica has not started yet: it is on its way, as running is.
        view = { ...view, status: row.status === 'requested' ? 'running' : row.status, memberCount: row.memberCount, joined: row.joinedCount, left: row.leftCount, updated: row.updatedCount, error: row.error };
      }
      if (view.status !== 'running') return discordSyncAnswer(view);
      if (Date.now() >= until) return sentence('The member sync still runs; the Discord page of the web app follows it.');
    }
  }

  private async issues(actor: Actor): Promise<Answer> {
    const pages = await Promise.all(ISSUE_TYPES.map((type) => this.services.send(Requests.IssuesList, { type, limit: 1, offset: 0 }, { actor })));
    return issuesAnswer(
      ISSUE_TYPES.map((type, index) => [type, pages[index]?.total ?? 0] as const),
      this.config.PUBLIC_URL,
    );
  }

  private async invite(discordUserId: string, actor: Actor): Promise<Answer> {
    const link = await this.links.find(discordUserId);
    if (!link) return sentence(`<@${discordUserId}> is not linked to a member of the guild; link them on the web app first.`);
    try {
      const invite = await this.services.send(Requests.InvitesCreate, { personId: link.personId, expiresInHours: INVITE_HOURS }, { actor });
      const expires = Math.floor(new Date(invite.expiresAt).getTime() / 1000);
      return sentence(`Invite made for <@${discordUserId}>: it goes to them by DM and expires <t:${expires}:R>.`);
    } catch (error) {
      if (error instanceof ServiceException && error.body.code === ErrorCode.NotFound) {
        return sentence(`Auth does not know <@${discordUserId}>'s member yet; try again in a moment.`);
      }
      throw error;
    }
  }

  private async votes(invoker: Invoker): Promise<Answer> {
    const rank = invoker.member?.rank ?? 0;
    const live = await this.services.send(Requests.LiveCampaignsList, {}, { actor: actorOf(invoker) });
    return votesAnswer(
      live.filter((campaign) => campaign.minRankToView === null || rank >= campaign.minRankToView),
      this.config.PUBLIC_URL,
    );
  }
}
