// A certificate's state in words and colour: active, expired, revoked (with why), superseded,
// issuer suspended; and its placement in the holder's list when not simply listed.
import { useTranslation } from 'react-i18next';

export function StatusChip({ status, reason }: { status: string; reason?: string | null }) {
  const { t } = useTranslation('certificates');
  const label = t(`status.${status}`, { defaultValue: status });
  const why = status === 'revoked' && reason ? `: ${t(`reasons.${reason}`, { defaultValue: reason })}` : '';
  return <span className={`status status-${status}`}>{label + why}</span>;
}

export function PlacementChip({ placement }: { placement: string }) {
  const { t } = useTranslation('certificates');
  if (placement === 'listed') return null;
  return <span className={`status status-${placement}`}>{t(`placement.${placement}`, { defaultValue: placement })}</span>;
}
