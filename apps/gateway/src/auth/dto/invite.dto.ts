import { ApiProperty } from '@nestjs/swagger';
import { INVITE_DELIVERIES, InviteDelivery, InviteSummary } from '@patt/contracts';

export class InviteCreatorDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;
  @ApiProperty()
  username!: string;
}

export class InviteSummaryDto implements InviteSummary {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  usedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;
  @ApiProperty({
    enum: INVITE_DELIVERIES,
    description:
      'The DM: pending (the bot has not taken the code yet), sending, sent, refused (DMs closed, not on the server), failed, not_sent (used, revoked or expired first)',
  })
  delivery!: InviteDelivery;
  @ApiProperty({ type: String, nullable: true, description: 'Why the DM was refused or failed' })
  deliveryReason!: string | null;
  @ApiProperty({ type: InviteCreatorDto, nullable: true, description: 'The officer who made it; null when their account no longer exists' })
  createdBy!: InviteCreatorDto | null;
}

export class InviteSummaryPageDto {
  @ApiProperty({ type: [InviteSummaryDto] })
  items!: InviteSummaryDto[];
  @ApiProperty()
  total!: number;
}
