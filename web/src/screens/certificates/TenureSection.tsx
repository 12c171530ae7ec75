// Employment tenure: staking the certificate makes tenure accrue with its issuer; the issuer's
// award programs show progress and, once a milestone is reached, can be claimed (once per lineage).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Cell, Progress } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import { useChainWrite } from '@/api/useChainWrite';
import { useAwaitMirror } from '@/api/mirror';
import { ChainPending } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import type { Verification } from '@/screens/certificates/queries';

export function TenureSection({ certificate }: { certificate: Verification }) {
  const { t } = useTranslation('certificates');
  const queryClient = useQueryClient();
  const id = certificate.id;
  const organizationId = certificate.issuer.organization_id ?? undefined;
  const tenure = useQuery({ queryKey: ['me', 'tenure'], queryFn: async () => unwrap(await api.GET('/v1/me/tenure')) });
  const programs = useQuery({
    queryKey: ['organizations', organizationId, 'tenure-programs'],
    queryFn: async () => unwrap(await api.GET('/v1/organizations/{id}/tenure-programs', { params: { path: { id: organizationId ?? '' } } })),
    enabled: !!organizationId,
  });
  const awaitMirror = useAwaitMirror();
  // Tenure reads the chain mirror: refetch until it shows the certificate staked (or not).
  const refresh = (wantStaked: boolean) =>
    awaitMirror<typeof tenure.data>(['me', 'tenure'], {
      until: (data) => (data?.find((entry) => entry.issuer_address === certificate.issuer.address)?.staked_certificate === id) === wantStaked,
    });
  const stake = useChainWrite((_: void, key) => api.POST('/v1/me/certificates/{id}/stake', { params: { path: { id }, header: key } }), {
    onSuccess: () => refresh(true),
  });
  const unstake = useChainWrite((_: void, key) => api.POST('/v1/me/certificates/{id}/unstake', { params: { path: { id }, header: key } }), {
    onSuccess: () => refresh(false),
  });
  const claim = useChainWrite(
    (program: number, key) => api.POST('/v1/me/tenure-programs/{program}/claim', { params: { path: { program }, header: key } }),
    { onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['me', 'certificates'] }) },
  );

  const mine = tenure.data?.find((entry) => entry.issuer_address === certificate.issuer.address);
  const days = mine?.tenure_days ?? 0;
  const staked = mine?.staked_certificate === id;
  const active = certificate.status === 'active';

  return (
    <Section header={t('tenure.header')} footer={t('tenure.footer')}>
      <Cell subtitle={staked ? t('tenure.staked') : t('tenure.notStaked')}>{t('tenure.days', { count: Math.floor(days) })}</Cell>
      <div className="section-body row">
        {!staked && active && (
          <Button size="s" loading={stake.isPending} onClick={() => stake.mutate()}>
            {t('tenure.stake')}
          </Button>
        )}
        {staked && (
          <Button size="s" mode="gray" loading={unstake.isPending} onClick={() => unstake.mutate()}>
            {t('tenure.unstake')}
          </Button>
        )}
      </div>
      {programs.data?.map((program) => {
        const reached = days >= program.milestone_days;
        return (
          <Cell
            key={program.id}
            multiline
            subtitle={t('tenure.milestone', { count: program.milestone_days })}
            description={<Progress value={Math.min(100, (days / Math.max(1, program.milestone_days)) * 100)} aria-label={t('tenure.progress', { title: program.title ?? program.id })} />}
            after={
              reached && !program.closed ? (
                <Button size="s" loading={claim.isPending && claim.variables === program.id} onClick={() => claim.mutate(program.id)}>
                  {t('tenure.claim')}
                </Button>
              ) : program.closed ? (
                t('tenure.closed')
              ) : undefined
            }
          >
            {program.title ?? t('tenure.program', { id: program.id })}
          </Cell>
        );
      })}
      <ChainPending active={stake.onChain || unstake.onChain || claim.onChain} />
      {claim.isSuccess && <p role="status" className="section-body">{t('tenure.claimed')}</p>}
      <ProblemText error={tenure.error ?? programs.error ?? stake.error ?? unstake.error ?? claim.error} />
    </Section>
  );
}
