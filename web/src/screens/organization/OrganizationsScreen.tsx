// The organizations the person belongs to or is invited to; creating a new one.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Cell, Placeholder } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import { LinkCell } from '@/components/Links';
import { Page } from '@/components/Page';
import { Loading } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { CreateOrganizationForm } from '@/screens/organization/CreateOrganizationForm';
import { membershipsKey, useMemberships } from '@/screens/organization/queries';

export function OrganizationsScreen() {
  const { t } = useTranslation('organization');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const creating = params.has('new');
  const memberships = useMemberships();
  const accept = useMutation({
    mutationFn: async (id: string) => unwrap(await api.POST('/v1/organizations/{id}/invitation/accept', { params: { path: { id } } })),
    onSuccess: async (_, id) => {
      await queryClient.invalidateQueries({ queryKey: membershipsKey });
      void navigate(`/organization/${id}`);
    },
  });
  const joined = memberships.data?.filter((m) => m.accepted) ?? [];
  const invited = memberships.data?.filter((m) => !m.accepted) ?? [];

  return (
    <Page
      title={t('listTitle')}
      actions={
        <Button size="s" mode={creating ? 'gray' : 'filled'} onClick={() => setParams(creating ? {} : { new: '1' }, { replace: true })}>
          {creating ? t('create.close') : t('create.open')}
        </Button>
      }
    >
      {creating && (
        <Section header={t('create.header')} footer={t('create.footer')}>
          <CreateOrganizationForm onCreated={(id) => void navigate(`/organization/${id}`)} />
        </Section>
      )}
      {memberships.isPending && <Loading />}
      <ProblemText error={memberships.error ?? accept.error} />
      {invited.length > 0 && (
        <Section header={t('invitations.header')}>
          {invited.map((m) => (
            <Cell
              key={m.organization.id}
              multiline
              subtitle={t(`roles.${m.role}`)}
              after={
                <Button size="s" loading={accept.isPending && accept.variables === m.organization.id} onClick={() => accept.mutate(m.organization.id)}>
                  {t('invitations.accept')}
                </Button>
              }
            >
              {m.organization.name}
            </Cell>
          ))}
        </Section>
      )}
      {joined.length > 0 && (
        <Section header={t('mine')}>
          {joined.map((m) => (
            <LinkCell key={m.organization.id} to={`/organization/${m.organization.id}`} subtitle={t(`roles.${m.role}`)} after={m.organization.verified ? t('verified') : undefined}>
              {m.organization.name}
            </LinkCell>
          ))}
        </Section>
      )}
      {memberships.data && joined.length === 0 && invited.length === 0 && !creating && (
        <Placeholder header={t('none.header')} description={t('none.description')} />
      )}
    </Page>
  );
}
