// What a screen shows while data loads or a write waits for the chain.
import { Spinner } from '@telegram-apps/telegram-ui';
import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status">
      <Spinner size="m" />
      <span className="visually-hidden">{t('loading')}</span>
    </div>
  );
}

/** Shown while a chain write is queued or being finalized. */
export function ChainPending({ active }: { active: boolean }) {
  const { t } = useTranslation();
  if (!active) return null;
  return (
    <p role="status" className="chain-pending">
      <Spinner size="s" /> {t('onChain')}
    </p>
  );
}
