import { InteractionResponseType } from 'discord-api-types/v10';
import type { InteractionEvent, InteractionMessage, InteractionRecord, Interactions } from './model/interactions';

export type InteractionAcknowledgement = 'reply' | 'deferred' | 'update' | 'deferred-update';

const ACKNOWLEDGEMENTS: Record<number, InteractionAcknowledgement> = {
  [InteractionResponseType.ChannelMessageWithSource]: 'reply',
  [InteractionResponseType.DeferredChannelMessageWithSource]: 'deferred',
  [InteractionResponseType.UpdateMessage]: 'update',
  [InteractionResponseType.DeferredMessageUpdate]: 'deferred-update',
};

/**
 * One interaction a test started (a command run, a button clicked) and what the bot answered:
 * the reply (`@original`) version by version, follow-ups, refusals, and when each happened.
 */
export class DiscordInteraction {
  constructor(
    private readonly record: InteractionRecord,
    private readonly log: Interactions,
  ) {}

  get id(): string {
    return this.record.id;
  }

  /** The interaction's token (what the bot's callback, edits and follow-ups carry). */
  get token(): string {
    return this.record.token;
  }

  /** The command with its subcommand path (e.g. 'sync roster'), or the clicked component's custom_id. */
  get name(): string {
    return this.record.name;
  }

  get kind(): 'command' | 'component' {
    return this.record.kind;
  }

  get userId(): string {
    return this.record.userId;
  }

  get channelId(): string {
    return this.record.channelId;
  }

  /** Epoch ms when INTERACTION_CREATE was sent. */
  get dispatchedAt(): number {
    return this.record.dispatchedAt;
  }

  /** How the bot acknowledged it (its one accepted callback), or null. */
  get acknowledgement(): InteractionAcknowledgement | null {
    return this.record.acknowledgement === null ? null : (ACKNOWLEDGEMENTS[this.record.acknowledgement] ?? null);
  }

  /** Milliseconds from dispatch to the accepted callback, or null. */
  get acknowledgedAfterMs(): number | null {
    return this.record.acknowledgedAt === null ? null : this.record.acknowledgedAt - this.record.dispatchedAt;
  }

  /** The reply (`@original`) as it stands now; undefined before any, or once deleted. */
  get reply(): InteractionMessage | undefined {
    return this.record.originalId === null ? undefined : this.record.latest(this.record.originalId);
  }

  /** Every version of the reply in order: the first answer (or the deferred placeholder), then each edit. */
  get replyVersions(): InteractionMessage[] {
    const stored = this.record.originalId === null ? undefined : this.record.messages.get(this.record.originalId);
    return stored ? [...stored.versions] : [];
  }

  /** Follow-up messages (other than the reply), each as it stands now, in the order they were sent. */
  get followUps(): InteractionMessage[] {
    return [...this.record.messages.keys()]
      .filter((id) => id !== this.record.originalId)
      .map((id) => this.record.latest(id))
      .filter((message): message is InteractionMessage => message !== undefined);
  }

  /** What happened to this interaction, in order (dispatched, the callback, edits, follow-ups, refusals). */
  get events(): InteractionEvent[] {
    return this.log.events.all.filter((event) => event.interactionId === this.record.id);
  }

  /** Calls Discord refused: a late or second callback, an expired token, a webhook call before any callback. */
  get refusals(): InteractionEvent[] {
    return this.events.filter((event) => event.kind === 'refused');
  }

  /** Resolves with the accepted callback's event. */
  waitForAcknowledgement(timeoutMs = 15_000): Promise<InteractionEvent> {
    return this.waitForEvent((event) => ['reply', 'deferred', 'update', 'deferred-update'].includes(event.kind), timeoutMs);
  }

  /**
   * Resolves with the first version of the reply that has content (not the deferred placeholder)
   * and matches, already made or still to come.
   */
  async waitForReply(match: (message: InteractionMessage) => boolean = () => true, timeoutMs = 15_000): Promise<InteractionMessage> {
    const event = await this.waitForEvent(
      (candidate) =>
        candidate.message !== undefined &&
        candidate.kind !== 'delete' &&
        candidate.message.id === this.record.originalId &&
        !candidate.message.loading &&
        match(candidate.message),
      timeoutMs,
    );
    return event.message as InteractionMessage;
  }

  /** Resolves with the first follow-up message (not the reply) that matches. */
  async waitForFollowUp(match: (message: InteractionMessage) => boolean = () => true, timeoutMs = 15_000): Promise<InteractionMessage> {
    const event = await this.waitForEvent(
      (candidate) =>
        candidate.kind === 'follow-up' &&
        candidate.message !== undefined &&
        candidate.message.id !== this.record.originalId &&
        match(candidate.message),
      timeoutMs,
    );
    return event.message as InteractionMessage;
  }

  waitForEvent(match: (event: InteractionEvent) => boolean, timeoutMs = 15_000): Promise<InteractionEvent> {
    return this.log.events.waitFor((event) => event.interactionId === this.record.id && match(event), timeoutMs);
  }
}
