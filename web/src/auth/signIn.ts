// The sign-in calls. Each answers a session (SignedIn); with a session already present the API
// links the method to that account instead (Telegram, VK, a wallet with a `bind` challenge).
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import type { components } from '@/api/schema';
import { getSession, setSession } from '@/auth/session';

export type SignedIn = components['schemas']['SignedIn'];

/** Keeps the session a sign-in answered (a link answers the same account: refreshed token). */
export function remember(signedIn: SignedIn): SignedIn {
  setSession({
    token: signedIn.token,
    accountId: signedIn.account_id,
    handle: signedIn.handle,
    expiresAt: signedIn.expires_at,
  });
  return signedIn;
}

export async function signInWithTelegram(initData: string): Promise<SignedIn> {
  return remember(unwrap(await api.POST('/v1/auth/telegram', { body: { init_data: initData } })));
}

/** Sends the browser to VK ID; the API keeps the PKCE verifier and sets the nonce cookie. */
export async function startVk(): Promise<void> {
  const redirect = `${window.location.origin}${import.meta.env.BASE_URL}auth/vk/callback`;
  const started = unwrap(await api.POST('/v1/auth/vk/start', { body: { redirect_uri: redirect } }));
  window.location.assign(started.authorize_url);
}

export async function finishVk(code: string, state: string, deviceId: string): Promise<SignedIn> {
  return remember(unwrap(await api.POST('/v1/auth/vk/callback', { body: { code, state, device_id: deviceId } })));
}

/** Sign out: the API revokes the token; the local copy goes whatever it answers. */
export async function signOut(): Promise<void> {
  if (getSession()) await api.POST('/v1/auth/logout').catch(() => undefined);
  setSession(null);
}
