import { MessageFlags } from 'discord.js';
import type { Answer } from './command-replies';

/** What a reply needs of a discord.js interaction (a command or a button). */
export interface Repliable {
  reply(options: Record<string, unknown>): Promise<unknown>;
  deferReply(options: Record<string, unknown>): Promise<unknown>;
  editReply(options: Record<string, unknown>): Promise<unknown>;
}

/** Mentions in answers ping no one: names show as mentions, nobody is notified. */
const NO_MENTIONS = { allowedMentions: { parse: [] as never[] } };

/**
 * One interaction's answer, acknowledged in time. The first answer replies; if none is ready
 * within `deferAfterMs`, the reply is deferred (Discord shows "thinking…") and every later answer
 * edits it. Calls go one after another, so a deferral in flight is never overtaken by its edit.
 */
export class InteractionReply {
  private acknowledged = false;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  /** When the first response (a reply or a deferral) went out, ms after the reply began. */
  firstResponseMs: number | null = null;
  private readonly began = performance.now();

  constructor(
    private readonly interaction: Repliable,
    private readonly ephemeral: boolean,
    deferAfterMs: number,
    private readonly onError: (error: unknown) => void,
  ) {
    this.timer = setTimeout(() => {
      void this.enqueue(async () => {
        if (this.acknowledged) return;
        this.acknowledged = true;
        this.mark();
        await this.interaction.deferReply(this.flags(this.ephemeral));
      }).catch(onError);
    }, deferAfterMs);
  }

  /** An answer on the way (a sync's progress): replies, or edits what was sent. */
  progress(answer: Answer): Promise<void> {
    return this.send(answer, this.ephemeral);
  }

  /**
   * The last answer. `ephemeralIfFirst`: a refusal or a failure that is the first answer is shown
   * to the invoker only, even for a command that answers in public.
   */
  async final(answer: Answer, ephemeralIfFirst = this.ephemeral): Promise<void> {
    clearTimeout(this.timer);
    await this.send(answer, ephemeralIfFirst);
  }

  private send(answer: Answer, ephemeral: boolean): Promise<void> {
    return this.enqueue(async () => {
      const body = { content: answer.content ?? '', embeds: answer.embeds ?? [], components: answer.components ?? [], ...NO_MENTIONS };
      if (this.acknowledged) {
        await this.interaction.editReply(body);
        return;
      }
      clearTimeout(this.timer);
      this.acknowledged = true;
      this.mark();
      await this.interaction.reply({ ...body, ...this.flags(ephemeral) });
    });
  }

  private flags(ephemeral: boolean): { flags?: MessageFlags.Ephemeral } {
    return ephemeral ? { flags: MessageFlags.Ephemeral } : {};
  }

  private mark(): void {
    this.firstResponseMs ??= performance.now() - this.began;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
