// What JetStream says about a stream's durable consumers: deliveries (redeliveries included),
// messages not yet delivered, and delivered but not yet acked.
import { connect, JetStreamManager, NatsConnection } from 'nats';

export interface ConsumerTotals {
  /** Deliveries so far, first deliveries and redeliveries. */
  deliveries: number;
  /** The stream sequence of the last message delivered (the stream holds only the bench's events). */
  lastStreamSeq: number;
  /** Delivered, not yet acked. */
  ackPending: number;
  /** Not yet delivered. */
  pending: number;
}

export class JetStreamObserver {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
  ) {}

  static async open(natsUrl: string, stream: string): Promise<JetStreamObserver> {
    const nc = await connect({ servers: natsUrl.split(','), name: 'bench-observer' });
    return new JetStreamObserver(nc, await nc.jetstreamManager(), stream);
  }

  async totals(): Promise<ConsumerTotals> {
    const totals: ConsumerTotals = { deliveries: 0, lastStreamSeq: 0, ackPending: 0, pending: 0 };
    for await (const info of this.jsm.consumers.list(this.stream)) {
      totals.deliveries += info.delivered.consumer_seq;
      totals.lastStreamSeq = Math.max(totals.lastStreamSeq, info.delivered.stream_seq);
      totals.ackPending += info.num_ack_pending;
      totals.pending += info.num_pending;
    }
    return totals;
  }

  close(): Promise<void> {
    return this.nc.close();
  }
}

/** Redeliveries between two readings: deliveries beyond the new messages delivered. */
export function redeliveries(before: ConsumerTotals, after: ConsumerTotals): number {
  return after.deliveries - before.deliveries - (after.lastStreamSeq - before.lastStreamSeq);
}
