// The platform operator's desk: verification requests to decide and registered issuers to
// suspend or reinstate. The API accepts these only from a session an operator wallet signed
// recently (403 reauthentication-required otherwise), so signing again is offered right here.
import { useState } from 'react';
import { SegmentedControl } from '@telegram-apps/telegram-ui';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/Page';
import { IssuersTab } from '@/screens/operator/IssuersTab';
import { VerificationQueue } from '@/screens/operator/VerificationQueue';

type Tab = 'queue' | 'issuers';

export function OperatorScreen() {
  const { t } = useTranslation('operator');
  const [tab, setTab] = useState<Tab>('queue');
  return (
    <Page title={t('title')}>
      <div className="section-body">
        <SegmentedControl>
          <SegmentedControl.Item selected={tab === 'queue'} aria-selected={tab === 'queue'} onClick={() => setTab('queue')}>
            {t('tabs.queue')}
          </SegmentedControl.Item>
          <SegmentedControl.Item selected={tab === 'issuers'} aria-selected={tab === 'issuers'} onClick={() => setTab('issuers')}>
            {t('tabs.issuers')}
          </SegmentedControl.Item>
        </SegmentedControl>
      </div>
      {tab === 'queue' ? <VerificationQueue /> : <IssuersTab />}
    </Page>
  );
}
