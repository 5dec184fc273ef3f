import { Injectable } from '@nestjs/common';
import { Character, CharacterListItem, CharactersQuery, Page } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { RanksService } from '../ranks/ranks.service';
import { currentViewer, rankNamer, toCharacter, toCharacterListItem } from './character.view';
import { CharactersRepository } from './characters.repository';

/** Characters as members read them: every field, notes only for officers. */
@Injectable()
export class CharactersService {
  constructor(
    private readonly characters: CharactersRepository,
    private readonly ranks: RanksService,
  ) {}

  async list(query: CharactersQuery): Promise<Page<CharacterListItem>> {
    const { limit, offset, sort, order, group, ...filter } = query;
    const [page, ranks] = await Promise.all([this.characters.page(filter, { sort, order, group }, { limit, offset }), this.ranks.list()]);
    const viewer = currentViewer();
    const rankName = rankNamer(ranks);
    return { total: page.total, items: page.items.map((row) => toCharacterListItem(row, rankName, ranks, viewer)) };
  }

  async get(id: string): Promise<Character> {
    const [row, ranks] = await Promise.all([this.characters.findOne(id), this.ranks.list()]);
    if (!row) throw ServiceException.notFound(`Character ${id}`);
    return toCharacter(row, rankNamer(ranks), currentViewer());
  }
}
