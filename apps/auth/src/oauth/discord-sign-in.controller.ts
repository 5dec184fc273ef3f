import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DiscordSignInFinishRequestDto, DiscordSignInOutcome, DiscordSignInStartRequestDto, OAuthStart, Requests } from '@patt/contracts';
import { DiscordSignIn } from './discord-sign-in.service';

/** Signing in with Discord: the gateway's two requests (no actor: the caller is not signed in yet). */
@Controller()
export class DiscordSignInController {
  constructor(private readonly signIn: DiscordSignIn) {}

  @MessagePattern(Requests.DiscordSignInStart)
  start(@Payload() request: DiscordSignInStartRequestDto): Promise<OAuthStart> {
    return this.signIn.start(request);
  }

  @MessagePattern(Requests.DiscordSignInFinish)
  finish(@Payload() request: DiscordSignInFinishRequestDto): Promise<DiscordSignInOutcome> {
    return this.signIn.finish(request);
  }
}
