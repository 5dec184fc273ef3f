import { IsUUID } from 'class-validator';
import { SyncRunRequest } from '@patt/contracts';

export class SyncRunIdDto implements SyncRunRequest {
  @IsUUID('all', { message: 'id must be a sync run id (a UUID)' })
  id!: string;
}
