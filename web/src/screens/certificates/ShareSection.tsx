// Sharing a certificate's public page (/c/{id}: Open Graph tags, verification, QR) to VK and
// Telegram, as a link to copy, and as a QR code to show in person.
import { useState } from 'react';
import { Button } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { openExternal } from '@/telegram/links';
import { QrCode } from '@/screens/certificates/QrCode';

export function ShareSection({ url, title }: { url: string; title: string }) {
  const { t } = useTranslation('certificates');
  const [copied, setCopied] = useState(false);
  const encoded = encodeURIComponent(url);
  const copy = async () => {
    await navigator.clipboard?.writeText(url);
    setCopied(true);
  };
  return (
    <Section header={t('share.header')}>
      <div className="section-body stack">
        <a href={url} target="_blank" rel="noreferrer" className="mono">
          {url}
        </a>
        <div className="row">
          <Button size="s" mode="bezeled" onClick={() => openExternal(`https://t.me/share/url?url=${encoded}&text=${encodeURIComponent(title)}`)}>
            {t('share.telegram')}
          </Button>
          <Button size="s" mode="bezeled" onClick={() => openExternal(`https://vk.com/share.php?url=${encoded}&title=${encodeURIComponent(title)}`)}>
            {t('share.vk')}
          </Button>
          <Button size="s" mode="gray" onClick={() => void copy()}>
            {copied ? t('share.copied') : t('share.copy')}
          </Button>
        </div>
        <QrCode url={url} />
      </div>
    </Section>
  );
}
