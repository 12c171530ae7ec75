// My notices, newest first (pages by `before` = the last id seen), in the bot's words and in the
// app's language; opening one marks it read and goes where the API says acting on it happens,
// the screen the bot's button opens.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Cell, Placeholder } from '@telegram-apps/telegram-ui';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import { LoadMore } from '@/components/LoadMore';
import { Page } from '@/components/Page';
import { Loading } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { Section } from '@/components/Section';
import { openExternal } from '@/telegram/links';

const PAGE = 20;
const key = ['me', 'notifications'];

/** An app path opens in the app; anything else (a community's invite link) outside it. */
function follow(link: string, navigate: (to: string) => void) {
  if (link.startsWith('/')) navigate(link);
  else if (link.startsWith('https://')) openExternal(link);
}

export function NotificationsScreen() {
  const { t, i18n } = useTranslation('notifications');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const notices = useInfiniteQuery({
    // The texts come in the app's language: a switch of language fetches them again.
    queryKey: [...key, i18n.language],
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/v1/me/notifications', { params: { query: { before: pageParam, limit: PAGE } } })),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.length === PAGE ? last[last.length - 1]?.id : undefined),
  });
  const read = useMutation({
    mutationFn: async (id: number) => unwrap(await api.POST('/v1/me/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  const items = notices.data?.pages.flat() ?? [];
  return (
    <Page title={t('title')}>
      {notices.isPending && <Loading />}
      {notices.isSuccess && items.length === 0 && <Placeholder description={t('empty')} />}
      {items.length > 0 && (
        <Section>
          {items.map((n) => (
            <Cell
              key={n.id}
              Component="button"
              type="button"
              className="cell-button"
              multiline
              subhead={new Date(n.created_at).toLocaleString(i18n.language)}
              after={n.read_at ? undefined : <span className="status status-pending">{t('new')}</span>}
              description={n.text}
              onClick={() => {
                if (!n.read_at) read.mutate(n.id);
                follow(n.link, (to) => void navigate(to));
              }}
            >
              {t(`kinds.${n.kind}`, { defaultValue: n.kind })}
            </Cell>
          ))}
        </Section>
      )}
      <LoadMore hasMore={!!notices.hasNextPage} loading={notices.isFetchingNextPage} onMore={() => void notices.fetchNextPage()} />
      <ProblemText error={notices.error ?? read.error} />
    </Page>
  );
}
