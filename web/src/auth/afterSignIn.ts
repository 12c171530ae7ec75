// Where a fresh sign-in lands: a new account goes to onboarding; otherwise the screen the person
// was sent to sign in from, the screen Telegram's start parameter names, or the profile.
import type { SignedIn } from '@/auth/signIn';
import { takeStartRoute } from '@/telegram/startRoute';

export function landingAfterSignIn(signedIn: SignedIn, next: string | null): string {
  if (signedIn.created) return '/onboarding';
  if (next && next.startsWith('/') && !next.startsWith('//')) return next;
  return takeStartRoute() ?? '/profile';
}
