// Moving a certificate to another of the person's wallets: the issuer is asked (POST
// /v1/me/migrations); the destination accepts and the issuer approves later.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import { useChainWrite } from '@/api/useChainWrite';
import { SelectField } from '@/components/Field';
import { ChainPending } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import type { Verification } from '@/screens/certificates/queries';

export function MigrationSection({ certificate }: { certificate: Verification }) {
  const { t } = useTranslation('certificates');
  const queryClient = useQueryClient();
  const wallets = useQuery({ queryKey: ['me', 'wallets'], queryFn: async () => unwrap(await api.GET('/v1/me/wallets')) });
  const targets = (wallets.data ?? []).filter((w) => w.address !== certificate.holder.address);
  const [to, setTo] = useState('');
  const move = useChainWrite(
    (destination: string, key) =>
      api.POST('/v1/me/migrations', {
        params: { header: key },
        body: { organization_id: certificate.issuer.organization_id ?? '', to: destination, certificate_id: certificate.id },
      }),
    { onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['me', 'migrations'] }) },
  );
  if (!certificate.issuer.organization_id) return null;
  return (
    <Section header={t('migration.header')} footer={targets.length === 0 ? t('migration.noWallets') : t('migration.footer')}>
      {targets.length > 0 && (
        <div className="section-body stack">
          <SelectField label={t('migration.to')} value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">{t('migration.choose')}</option>
            {targets.map((w) => (
              <option key={w.address} value={w.address}>
                {`${t(`walletKinds.${w.kind}`, { defaultValue: w.kind })}: ${w.address.slice(0, 8)}…${w.address.slice(-6)}`}
              </option>
            ))}
          </SelectField>
          <Button size="m" disabled={!to} loading={move.isPending} onClick={() => move.mutate(to)}>
            {t('migration.submit')}
          </Button>
          {move.isSuccess && <p role="status">{t('migration.requested')}</p>}
        </div>
      )}
      <ChainPending active={move.onChain} />
      <ProblemText error={wallets.error ?? move.error} />
    </Section>
  );
}
