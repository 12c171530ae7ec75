// The one API client: typed end to end by the generated `paths`; same origin (the API serves the
// app), the session's bearer token and the interface language on every request.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '@/api/schema';
import { getSession, setSession } from '@/auth/session';
import i18n from '@/i18n';
import { problemSlug } from '@/api/problem';

const WRITE_WAIT_SECONDS = 8;

/** Send this header (any value) to make a request without the session. */
export const ANONYMOUS = 'X-Iktomi-Anonymous';

const auth: Middleware = {
  onRequest({ request }) {
    // `X-Iktomi-Anonymous` asks for a request as the public sees it (a profile preview).
    const anonymous = request.headers.has(ANONYMOUS);
    request.headers.delete(ANONYMOUS);
    const session = getSession();
    if (session && !anonymous && !request.headers.has('Authorization')) {
      request.headers.set('Authorization', `Bearer ${session.token}`);
    }
    request.headers.set('Accept-Language', i18n.language || 'ru');
    // Chain writes (they carry an Idempotency-Key) may answer their final result if it comes
    // within a few seconds (RFC 7240); otherwise 202 and the operation is polled.
    if (request.headers.has('Idempotency-Key') && !request.headers.has('Prefer')) {
      request.headers.set('Prefer', `wait=${WRITE_WAIT_SECONDS}`);
    }
    return request;
  },
  async onResponse({ request, response }) {
    // A token the API no longer accepts (expired, signed out elsewhere) is 401 `unauthenticated`
    // even on public routes: drop it, so the app asks to sign in again instead of failing
    // everywhere. Other 401s (a refused proof while linking) keep the session.
    if (response.status === 401 && request.headers.has('Authorization')) {
      const body: unknown = await response.clone().json().catch(() => null);
      if (problemSlug(body) === 'unauthenticated') setSession(null);
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);
