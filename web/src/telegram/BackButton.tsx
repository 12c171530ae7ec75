// Telegram's Back Button mirrors the router: shown on every screen but the tab roots, and it
// goes back in history (or up to the root when the app was opened on a deep screen).
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { backButton } from '@telegram-apps/sdk-react';

const ROOTS = new Set(['/', '/profile', '/certificates', '/organization', '/operator', '/recommendations', '/onboarding', '/sign-in']);

export function TelegramBackButton() {
  const location = useLocation();
  const navigate = useNavigate();
  const root = ROOTS.has(location.pathname);

  useEffect(() => {
    if (!backButton.isMounted()) return;
    if (root) {
      backButton.hide.ifAvailable();
      return;
    }
    backButton.show.ifAvailable();
    const [, off] = backButton.onClick.ifAvailable(() => {
      // history.state.idx is React Router's position: 0 means nothing to go back to.
      const index = (window.history.state as { idx?: number } | null)?.idx ?? 0;
      if (index > 0) void navigate(-1);
      else void navigate('/', { replace: true });
    });
    return off;
  }, [root, navigate]);

  return null;
}
