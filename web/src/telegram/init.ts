// Starts the Telegram SDK only inside Telegram: theme params become CSS variables
// (--tg-theme-*), the Mini App says it is ready, and the Back and Main Buttons can be mounted.
import {
  init as initSdk,
  backButton,
  mainButton,
  miniApp,
  themeParams,
  viewport,
} from '@telegram-apps/sdk-react';
import { insideTelegram } from '@/telegram/launch';

export function initTelegram(): void {
  if (!insideTelegram()) return;
  try {
    initSdk();
    backButton.mount.ifAvailable();
    mainButton.mount.ifAvailable();
    themeParams.mountSync.ifAvailable();
    themeParams.bindCssVars.ifAvailable();
    miniApp.mountSync.ifAvailable();
    miniApp.bindCssVars.ifAvailable();
    miniApp.ready.ifAvailable();
    if (viewport.mount.isAvailable()) {
      void viewport.mount().then(() => {
        viewport.bindCssVars.ifAvailable();
        viewport.expand.ifAvailable();
      }).catch(() => undefined);
    }
  } catch (error) {
    // An old client without some method: the app still works, without native chrome.
    console.warn('Telegram SDK init failed', error);
  }
}
