// Opened from an invitation link (`startapp=invite_<organization>`): accept and go to it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Placeholder } from '@telegram-apps/telegram-ui';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import { Page } from '@/components/Page';
import { ProblemText } from '@/components/ProblemText';
import { membershipsKey, useOrganization } from '@/screens/organization/queries';

export function InvitationScreen() {
  const { t } = useTranslation('organization');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const organization = useOrganization(id);
  const accept = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/organizations/{id}/invitation/accept', { params: { path: { id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: membershipsKey });
      void navigate(`/organization/${id}`, { replace: true });
    },
  });
  return (
    <Page title={t('invitations.title')}>
      <Placeholder
        header={organization.data?.name}
        description={t('invitations.description')}
        action={
          <Button size="l" loading={accept.isPending} onClick={() => accept.mutate()}>
            {t('invitations.accept')}
          </Button>
        }
      />
      <ProblemText error={organization.error ?? accept.error} />
    </Page>
  );
}
