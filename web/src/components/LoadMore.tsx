// The next page of a cursor-paginated list (the API's `next_cursor`), on request.
import { Button } from '@telegram-apps/telegram-ui';
import { useTranslation } from 'react-i18next';

export function LoadMore({ hasMore, loading, onMore }: { hasMore: boolean; loading: boolean; onMore: () => void }) {
  const { t } = useTranslation();
  if (!hasMore) return null;
  return (
    <div className="load-more">
      <Button mode="gray" size="m" loading={loading} onClick={onMore}>
        {t('loadMore')}
      </Button>
    </div>
  );
}
