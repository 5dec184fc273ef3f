import { DynamicModule, Global, Module } from '@nestjs/common';
import { Events } from '@patt/contracts';
import { natsCredentialsOf } from '@patt/service-kit';
import { GatewayConfig } from '../app/gateway.config';
import { VerifiedTokens } from '../access/verified-tokens';
import { BusWatch } from './bus-watch';
import { MeCache } from './me-cache';
import { RanksCache } from './ranks-cache';

/**
 * What the gateway keeps between requests: verified tokens (the guard), the signed-in accounts
 * (`/auth/me`) and the rank table (`/ranks`), and the event watch that makes them forget what
 * changed.
 */
@Global()
@Module({})
export class CachesModule {
  static forGateway(service: string, config: GatewayConfig): DynamicModule {
    const tokens = new VerifiedTokens(config.JWT_SECRET);
    const me = new MeCache();
    const ranks = new RanksCache();
    return {
      module: CachesModule,
      providers: [
        { provide: VerifiedTokens, useValue: tokens },
        { provide: MeCache, useValue: me },
        { provide: RanksCache, useValue: ranks },
        {
          provide: BusWatch,
          useFactory: async () => {
            const watch = new BusWatch({
              natsUrl: config.NATS_URL,
              credentials: natsCredentialsOf(service, config),
              subjectRoot: config.NATS_SUBJECT_ROOT,
              name: service,
            })
              .on(Events.AccountDisabled, (disabled) => {
                tokens.refuseUser(disabled.userId, Date.parse(disabled.at), disabled.reason);
                me.forgetUser(disabled.userId);
              })
              .on(Events.AccountEnabled, (enabled) => me.forgetUser(enabled.userId))
              .on(Events.LoginsEnded, (ended) => {
                tokens.endLogins(ended.loginIds);
                me.forgetUser(ended.userId);
              })
              .on(Events.PasswordSet, (set) => me.forgetUser(set.userId))
              .on(Events.MemberRankChanged, (changed) => me.forgetPerson(changed.personId))
              .on(Events.RanksChanged, (changed) => {
                me.clear();
                if (Array.isArray(changed.ranks)) ranks.replace(changed.ranks);
                else ranks.clear();
              })
              .onGap(() => {
                me.clear();
                ranks.clear();
              });
            await watch.start();
            return watch;
          },
        },
      ],
      exports: [VerifiedTokens, MeCache, RanksCache, BusWatch],
    };
  }
}
