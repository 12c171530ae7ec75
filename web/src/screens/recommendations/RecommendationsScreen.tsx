// Recommendations and endorsements: what colleagues wrote about me (hide or show each), what
// colleagues asked me to write, asking someone, and writing for someone unasked.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Cell, Text } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import { Page } from '@/components/Page';
import { Loading } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { useSession } from '@/auth/session';
import { AskForm } from '@/screens/recommendations/AskForm';
import { RequestsToMe } from '@/screens/recommendations/RequestsToMe';
import { WriteUnasked } from '@/screens/recommendations/WriteUnasked';
import { receivedKey } from '@/screens/recommendations/queries';

export function RecommendationsScreen() {
  const { t } = useTranslation('recommendations');
  return (
    <Page title={t('title')}>
      <AboutMe />
      <RequestsToMe />
      <AskForm />
      <WriteUnasked />
    </Page>
  );
}

function AboutMe() {
  const { t, i18n } = useTranslation('recommendations');
  const session = useSession();
  const queryClient = useQueryClient();
  const received = useQuery({ queryKey: receivedKey, queryFn: async () => unwrap(await api.GET('/v1/me/recommendations')) });
  const toggle = useMutation({
    mutationFn: async ({ id, hidden }: { id: string; hidden: boolean }) =>
      unwrap(await api.PUT('/v1/me/recommendations/{id}/hidden', { params: { path: { id } }, body: { hidden } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: receivedKey }),
  });
  // "Everything about you": the ones I asked others for and the ones written about me.
  const list = (received.data ?? []).filter((r) => r.subject.handle === session?.handle);
  return (
    <Section header={t('received.header')} footer={received.isSuccess && list.length === 0 ? t('received.empty') : undefined}>
      {received.isPending && <Loading />}
      {list.map((r) => (
        <Cell
          key={r.id}
          multiline
          subhead={`${t(`kinds.${r.kind}`)}${r.skill ? `: ${r.skill}` : ''}${r.author.display_name ? ` · @${r.author.handle}` : ''}`}
          description={
            <span className="stack">
              {r.text && <Text>{r.text}</Text>}
              <span>
                {t(`status.${r.status}`, { defaultValue: r.status })}
                {r.written_at && ` · ${new Date(r.written_at).toLocaleDateString(i18n.language)}`}
                {r.signature_valid === true && ` · ${t('received.signed')}`}
                {r.hidden && ` · ${t('received.hidden')}`}
              </span>
            </span>
          }
          after={
            r.status === 'written' ? (
              <Button size="s" mode="gray" loading={toggle.isPending && toggle.variables?.id === r.id} onClick={() => toggle.mutate({ id: r.id, hidden: !r.hidden })}>
                {r.hidden ? t('received.show') : t('received.hide')}
              </Button>
            ) : undefined
          }
        >
          {r.author.display_name || `@${r.author.handle}`}
        </Cell>
      ))}
      <ProblemText error={received.error ?? toggle.error} />
    </Section>
  );
}
