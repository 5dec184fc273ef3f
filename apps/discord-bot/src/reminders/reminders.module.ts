import { Module } from '@nestjs/common';
import { PostsModule } from '../posts/posts.module';
import { BattlenetRemindersRequestedHandler } from './battlenet-reminders-requested.handler';

/** Officers' reminders to members, sent by DM through the post queue. */
@Module({
  imports: [PostsModule],
  providers: [BattlenetRemindersRequestedHandler],
})
export class RemindersModule {}
