// A QR code of a URL, drawn as SVG by `uqr` (loaded on demand: only this screen needs it).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

export function QrCode({ url }: { url: string }) {
  const { t } = useTranslation('certificates');
  const svg = useQuery({
    queryKey: ['qr', url],
    queryFn: async () => (await import('uqr')).renderSVG(url, { ecc: 'M', border: 1 }),
    staleTime: Infinity,
  });
  if (!svg.data) return null;
  // The SVG is generated locally from our own URL: no outside markup is injected.
  return <div className="qr" role="img" aria-label={t('share.qr', { url })} dangerouslySetInnerHTML={{ __html: svg.data }} />;
}
