import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { LinkMethod } from '@patt/contracts';
import type { Evidence } from '../matching';
import { LinkEntity } from './link.entity';

export interface NewLink {
  id: string;
  personId: string;
  characterId: string | null;
  discordUserId: string | null;
  method: LinkMethod;
  score: number;
  evidence: Evidence | null;
  confirmedByUserId: string | null;
  confirmedBy: string | null;
}

/** The links: which member each character and Discord user belongs to, and why. */
@Injectable()
export class LinksRepository {
  async insert(manager: EntityManager, links: readonly NewLink[]): Promise<void> {
    if (links.length === 0) return;
    await manager.query(
      `INSERT INTO links (id, person_id, character_id, discord_user_id, method, score, evidence, confirmed_by_user_id, confirmed_by)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::real[], $7::jsonb[], $8::uuid[], $9::text[])`,
      [
        links.map((l) => l.id),
        links.map((l) => l.personId),
        links.map((l) => l.characterId),
        links.map((l) => l.discordUserId),
        links.map((l) => l.method),
        links.map((l) => l.score),
        links.map((l) => (l.evidence ? JSON.stringify(l.evidence) : null)),
        links.map((l) => l.confirmedByUserId),
        links.map((l) => l.confirmedBy),
      ],
    );
  }

  findOne(manager: EntityManager, id: string): Promise<LinkEntity | null> {
    return manager.getRepository(LinkEntity).findOne({ where: { id } });
  }

  ofMember(manager: EntityManager, personId: string): Promise<LinkEntity[]> {
    return manager.getRepository(LinkEntity).find({ where: { personId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  ofCharacter(manager: EntityManager, characterId: string): Promise<LinkEntity | null> {
    return manager.getRepository(LinkEntity).findOne({ where: { characterId } });
  }

  ofDiscordUser(manager: EntityManager, discordUserId: string): Promise<LinkEntity | null> {
    return manager.getRepository(LinkEntity).findOne({ where: { discordUserId } });
  }

  /**
   * Takes subjects out of the links that hold them (a link left with neither is deleted): for a
   * new link that names them again, or for an officer removing them.
   */
  async release(manager: EntityManager, subjects: { characterId?: string | null; discordUserId?: string | null }): Promise<void> {
    if (subjects.characterId) {
      await manager.query('UPDATE links SET character_id = NULL WHERE character_id = $1 AND discord_user_id IS NOT NULL', [subjects.characterId]);
      await manager.query('DELETE FROM links WHERE character_id = $1', [subjects.characterId]);
    }
    if (subjects.discordUserId) {
      await manager.query('UPDATE links SET discord_user_id = NULL WHERE discord_user_id = $1 AND character_id IS NOT NULL', [subjects.discordUserId]);
      await manager.query('DELETE FROM links WHERE discord_user_id = $1', [subjects.discordUserId]);
    }
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query('DELETE FROM links WHERE id = $1', [id]);
  }
}
