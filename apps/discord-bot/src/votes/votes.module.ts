import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PostsModule } from '../posts/posts.module';
import { RanksModule } from '../ranks/ranks.module';
import { CampaignClosedHandler } from './campaign-closed.handler';
import { CampaignMilestoneHandler } from './campaign-milestone.handler';
import { CampaignOpenedHandler } from './campaign-opened.handler';
import { VoteAnnouncementEntity, VoteCampaignEntity } from './vote-announcement.entity';
import { VoteAnnouncementsRepository } from './vote-announcements.repository';
import { VoteAnnouncementsService } from './vote-announcements.service';
import { VoteAnnouncementsWorker } from './vote-announcements.worker';

/** Guild votes announced on Discord: the opening, the milestones its chattiness takes, the results. */
@Module({
  imports: [TypeOrmModule.forFeature([VoteCampaignEntity, VoteAnnouncementEntity]), PostsModule, RanksModule],
  providers: [VoteAnnouncementsRepository, VoteAnnouncementsService, VoteAnnouncementsWorker, CampaignOpenedHandler, CampaignMilestoneHandler, CampaignClosedHandler],
})
export class VotesModule {}
