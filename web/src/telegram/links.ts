// External links: Telegram opens them in its browser (a plain <a target=_blank> is swallowed
// inside some clients); a browser opens a new tab.
import { openLink, openTelegramLink } from '@telegram-apps/sdk-react';

export function openExternal(url: string): void {
  if (url.startsWith('https://t.me/') && openTelegramLink.isAvailable()) {
    openTelegramLink(url);
    return;
  }
  if (openLink.isAvailable()) {
    openLink(url);
    return;
  }
  window.open(url, '_blank', 'noopener,noreferrer');
}
