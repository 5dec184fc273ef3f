import type { DISCORD_SIGN_IN_REFUSALS, DiscordSignInRefusal, OAuthStart } from '@patt/contracts';
import { leave } from '../../app/leave';
import { useSession } from '../../app/session';
import { FormError } from '../../components/Field';
import { useAction } from '../../hooks/useAction';

/**
 * Why a sign-in with Discord came back to the login page (`/login?error=<CODE>`), as the page
 * says it: the contract's sentences (libs/contracts api/auth.ts), copied because the browser takes
 * only types from the contracts; typed by them, so a code without its sentence, or a sentence that
 * differs from the contract's by a character, does not compile.
 */
export const DISCORD_REFUSAL_SENTENCES: { readonly [Code in DiscordSignInRefusal]: (typeof DISCORD_SIGN_IN_REFUSALS)[Code] } = {
  NOT_A_MEMBER:
    'This Discord account belongs to no member of the guild. Ask an officer to link your Discord account to your characters, then sign in with Discord again.',
  ACCOUNT_DISABLED: 'This account is disabled. Ask an officer to enable it again.',
  OAUTH_STATE_INVALID: 'This sign-in was not started in this browser, or was already used. Start again with "Sign in with Discord".',
  OAUTH_STATE_EXPIRED: 'This sign-in took more than 10 minutes. Start again with "Sign in with Discord".',
  DISCORD_DENIED: 'Discord did not let the platform read your account (the authorization was cancelled or refused). Try again, and choose "Authorize".',
  DISCORD_FAILED: 'Discord could not confirm who you are just now. Try again in a moment.',
  UNAVAILABLE: 'Signing in with Discord is not available right now. Try again in a moment, or sign in with your password.',
};

/** The sentence for a `?error=` the login page was opened with; null for none or one it does not know. */
export function discordRefusal(code: string | null): string | null {
  return code !== null && Object.hasOwn(DISCORD_REFUSAL_SENTENCES, code) ? DISCORD_REFUSAL_SENTENCES[code as DiscordSignInRefusal] : null;
}

/**
 * "Sign in with Discord": asks the platform for Discord's authorize address (the platform keeps
 * the state and the PKCE verifier, and binds the flow to this browser by a cookie), then goes
 * there. Discord sends the browser back to the platform, which signs the member in and opens `/`,
 * or comes back to `/login?error=…`.
 */
export function DiscordSignInButton({ label = 'Sign in with Discord' }: { label?: string }) {
  const { client } = useSession();
  const start = useAction(async () => {
    const { authorizeUrl } = await client.post<OAuthStart>('/auth/oauth/discord', {});
    leave.to(authorizeUrl);
  });
  return (
    <div className="discord-sign-in">
      <button type="button" className="secondary" data-testid="discord-sign-in" disabled={start.pending} onClick={() => void start.run()}>
        {start.pending ? 'Opening Discord…' : label}
      </button>
      <FormError error={start.error} />
    </div>
  );
}
