// The organization's wallets (members see them); an admin creates its custodial issuer wallet.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import { ProblemText } from '@/components/ProblemText';
import type { Organization } from '@/screens/organization/queries';

export function OrganizationWallets({ organization, canCreate }: { organization: Organization; canCreate: boolean }) {
  const { t } = useTranslation('organization');
  const queryClient = useQueryClient();
  const id = organization.id;
  const key = ['organizations', id, 'wallets'];
  const wallets = useQuery({ queryKey: key, queryFn: async () => unwrap(await api.GET('/v1/organizations/{id}/wallets', { params: { path: { id } } })) });
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/organizations/{id}/wallets', { params: { path: { id } } })),
    onSuccess: (list) => queryClient.setQueryData(key, list),
  });
  const list = wallets.data ?? [];
  return (
    <Section header={t('wallets.header')} footer={list.length === 0 ? t('wallets.none') : undefined}>
      {list.map((w) => (
        <Cell key={w.address} multiline subhead={t(`wallets.kinds.${w.kind}`, { defaultValue: w.kind })}>
          <span className="mono">{w.address}</span>
        </Cell>
      ))}
      {canCreate && !list.some((w) => w.kind === 'custodial') && wallets.isSuccess && (
        <div className="section-body">
          <Button mode="bezeled" loading={create.isPending} onClick={() => create.mutate()}>
            {t('wallets.create')}
          </Button>
        </div>
      )}
      <ProblemText error={wallets.error ?? create.error} />
    </Section>
  );
}
