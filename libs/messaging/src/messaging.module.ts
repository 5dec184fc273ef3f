import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DeadLetterDesk, deadLetterRequestController, keepsDeadLetters } from './dead-letters';
import { EventConsumers } from './event-consumers';
import { EventPartsLedger } from './event-parts-ledger';
import { EventPublisher } from './event-publisher';
import { JetStreamConnection } from './jetstream';
import { MESSAGING_OPTIONS, MessagingOptions, resolveOptions } from './options';
import { OutboxRelay } from './outbox-relay';

/**
 * The event backbone of one service: `EventPublisher.emit` in a transaction, a relay to
 * JetStream, a durable consumer for each `@OnEvent` handler among its providers, and the ledger
 * of events received in parts, and the desk where its dead letters are listed and repaired.
 */
@Global()
@Module({})
export class MessagingModule {
  static forService(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      // The event-consuming services of the bus answer the gateway for their dead letters.
      controllers: keepsDeadLetters(options.service) ? [deadLetterRequestController(options.service)] : [],
      providers: [
        DeadLetterDesk,
        { provide: MESSAGING_OPTIONS, useValue: resolveOptions(options) },
        JetStreamConnection,
        EventPublisher,
        EventPartsLedger,
        OutboxRelay,
        EventConsumers,
      ],
      exports: [DeadLetterDesk, EventPublisher, EventPartsLedger, JetStreamConnection, MESSAGING_OPTIONS],
    };
  }
}
