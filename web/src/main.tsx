// Telegram first (so theme variables exist before the first paint), then i18n, then React.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@telegram-apps/telegram-ui/dist/styles.css';
import '@/app/app.css';
import { initTelegram } from '@/telegram/init';
import i18n from '@/i18n';
import { App } from '@/app/App';

initTelegram();
document.documentElement.lang = i18n.language;

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
