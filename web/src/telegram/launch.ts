// Whether the app runs inside Telegram, and what Telegram launched it with. Outside Telegram
// retrieveLaunchParams throws; the app then works as a plain web app.
import { retrieveLaunchParams, retrieveRawInitData, type RetrieveLPResult } from '@telegram-apps/sdk-react';

let cached: RetrieveLPResult | null | undefined;

export function launchParams(): RetrieveLPResult | null {
  if (cached === undefined) {
    try {
      cached = retrieveLaunchParams();
    } catch {
      cached = null;
    }
  }
  return cached;
}

export function insideTelegram(): boolean {
  return launchParams() !== null;
}

/** initData as Telegram sent it: the API checks its hash over exactly these bytes. */
export function rawInitData(): string | undefined {
  if (!insideTelegram()) return undefined;
  try {
    return retrieveRawInitData() || undefined;
  } catch {
    return undefined;
  }
}

/** The person's Telegram language (`language_code`), when launched from Telegram. */
export function telegramLanguage(): string | undefined {
  return launchParams()?.tgWebAppData?.user?.language_code;
}

export function startParam(): string | undefined {
  return launchParams()?.tgWebAppStartParam || undefined;
}
