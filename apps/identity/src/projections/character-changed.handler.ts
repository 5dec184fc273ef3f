import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { CharactersRepository } from '../characters/characters.repository';
import { MatchingRequestsRepository } from '../common/matching-requests.repository';

/** One character guild-sync saw change between syncs (an addon upload's notes, a profile refresh). */
@Injectable()
export class CharacterChangedHandler {
  constructor(
    private readonly characters: CharactersRepository,
    private readonly requests: MatchingRequestsRepository,
  ) {}

  @OnEvent(Events.CharacterChanged)
  async onCharacterChanged(event: EventEnvelope<typeof Events.CharacterChanged>, { manager }: EventContext): Promise<void> {
    const { character, source, changedAt } = event.payload;
    await this.characters.applyCharacterState(manager, character, source, changedAt);
    await this.requests.request(manager, `character ${source}`);
  }
}
