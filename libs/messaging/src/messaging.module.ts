import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EventConsumers } from './event-consumers';
import { EventPublisher } from './event-publisher';
import { JetStreamConnection } from './jetstream';
import { MESSAGING_OPTIONS, MessagingOptions, resolveOptions } from './options';
import { OutboxRelay } from './outbox-relay';

/**
 * The event backbone of one service: `EventPublisher.emit` in a transaction, a relay to
 * JetStream, and a durable consumer for each `@OnEvent` handler among its providers.
 */
@Global()
@Module({})
export class MessagingModule {
  static forService(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: resolveOptions(options) },
        JetStreamConnection,
        EventPublisher,
        OutboxRelay,
        EventConsumers,
      ],
      exports: [EventPublisher, JetStreamConnection, MESSAGING_OPTIONS],
    };
  }
}
