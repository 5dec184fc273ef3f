import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByIdRequestDto, Character, CharactersQueryDto, Page, Requests } from '@patt/contracts';
import { CharactersService } from './characters.service';

@Controller()
export class CharactersController {
  constructor(private readonly characters: CharactersService) {}

  @MessagePattern(Requests.CharactersList)
  list(@Payload() query: CharactersQueryDto): Promise<Page<Character>> {
    return this.characters.list(query);
  }

  @MessagePattern(Requests.CharactersGet)
  get(@Payload() { id }: ByIdRequestDto): Promise<Character> {
    return this.characters.get(id);
  }
}
