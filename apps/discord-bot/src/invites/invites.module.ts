import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PostsModule } from '../posts/posts.module';
import { MirrorModule } from '../mirror/mirror.module';
import { InviteCreatedHandler } from './invite-created.handler';
import { InviteDeliveriesRepository } from './invite-deliveries.repository';
import { InviteDeliveryEntity } from './invite-delivery.entity';
import { InviteDeliveryService } from './invite-delivery.service';
import { InviteDeliveryWorker } from './invite-delivery.worker';

/** Invite codes sent to members by DM, and the officers' notice when a DM cannot be delivered. */
@Module({
  imports: [TypeOrmModule.forFeature([InviteDeliveryEntity]), PostsModule, MirrorModule],
  providers: [InviteDeliveriesRepository, InviteDeliveryService, InviteDeliveryWorker, InviteCreatedHandler],
})
export class InvitesModule {}
