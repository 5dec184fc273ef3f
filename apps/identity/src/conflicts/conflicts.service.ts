import { Injectable } from '@nestjs/common';
import type { ConflictsQuery, MatchingConflict, Page } from '@patt/contracts';
import { ConflictsRepository } from './conflicts.repository';

/** Officers' view of what the last matching run found and did not act on. */
@Injectable()
export class ConflictsService {
  constructor(private readonly conflicts: ConflictsRepository) {}

  async list(query: ConflictsQuery): Promise<Page<MatchingConflict>> {
    const page = await this.conflicts.page(query);
    return {
      total: page.total,
      items: page.items.map((row) => ({
        id: row.id,
        kind: row.kind,
        summary: row.summary,
        characterIds: row.characterIds,
        discordUserIds: row.discordUserIds,
        personIds: row.personIds,
        characters: row.characters,
        discordUsers: row.discordUsers,
        firstDetectedAt: row.firstDetectedAt.toISOString(),
        lastDetectedAt: row.lastDetectedAt.toISOString(),
      })),
    };
  }
}
