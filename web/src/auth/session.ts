// The session token: opaque, from one of the /v1/auth sign-ins, kept in localStorage so a reload
// (or Telegram reopening the Mini App) stays signed in until it expires or the person signs out.
import { useSyncExternalStore } from 'react';

const KEY = 'iktomi.session';

export interface Session {
  token: string;
  accountId: string;
  handle: string;
  expiresAt: string;
}

const listeners = new Set<() => void>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    return new Date(session.expiresAt) > new Date() ? session : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function setSession(session: Session | null): void {
  current = session;
  try {
    if (session) localStorage.setItem(KEY, JSON.stringify(session));
    else localStorage.removeItem(KEY);
  } catch {
    // storage may be unavailable (private mode): the session then lasts this page only
  }
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, getSession);
}
