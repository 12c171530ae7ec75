// Telegram's startapp parameter ([A-Za-z0-9_-], at most 512 characters) → a route of this app.
//
// The API's notification sender (api/src/notifications/outbox.rs) opens screens as paths:
// `web_app` buttons in private chats load `<mini_app_url>/<screen>` directly, and `url` buttons
// in groups send `t.me/<bot>/<app>?startapp=<screen>` with '/' replaced by '-'. Its screens are
// `certificates/<id>`, `attestations/<id>`, `applications/<id>`, `contracts/<id>`,
// `achievements` and `notifications` (and `audit` for the audit chat). Short forms with '_'
// (`cert_12`, `org_<uuid>`, `invite_<uuid>`) are accepted too, for links people share by hand.

/** The first segment of a start parameter → the route it opens, given the rest (an id or none). */
const SCREENS: Record<string, (id: string | undefined) => string | undefined> = {
  certificates: (id) => (id ? `/certificates/${id}` : '/certificates'),
  cert: (id) => (id ? `/certificates/${id}` : undefined),
  attestations: (id) => (id ? `/attestations/${id}` : '/attestations'),
  attestation: (id) => (id ? `/attestations/${id}` : undefined),
  applications: (id) => (id ? `/applications/${id}` : '/applications'),
  application: (id) => (id ? `/applications/${id}` : undefined),
  contracts: (id) => (id ? `/contracts/${id}` : '/contracts'),
  contract: (id) => (id ? `/contracts/${id}` : undefined),
  org: (id) => (id ? `/organization/${id}` : '/organization'),
  organization: (id) => (id ? `/organization/${id}` : '/organization'),
  invite: (id) => (id ? `/organization/${id}/invitation` : undefined),
  achievements: () => '/achievements',
  notifications: () => '/notifications',
  profile: () => '/profile',
  onboarding: () => '/onboarding',
  audit: () => '/',
};

const ID = /^[A-Za-z0-9-]{1,64}$/;

/** The route a start parameter opens, or undefined for one this app does not know. */
export function routeForStartParam(param: string | undefined | null): string | undefined {
  if (!param || param.length > 512 || !/^[A-Za-z0-9_-]+$/.test(param)) return undefined;
  // `certificates-12` (the API's form) or `cert_12` (the short form); UUIDs keep their own '-'.
  const underscore = param.indexOf('_');
  const dash = param.indexOf('-');
  const cut = underscore >= 0 && (dash < 0 || underscore < dash) ? underscore : dash;
  const head = cut >= 0 ? param.slice(0, cut) : param;
  const rest = cut >= 0 ? param.slice(cut + 1) : undefined;
  const screen = SCREENS[head];
  if (!screen) return undefined;
  if (rest !== undefined && !ID.test(rest)) return undefined;
  return screen(rest);
}
