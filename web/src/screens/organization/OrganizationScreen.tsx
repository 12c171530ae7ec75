// One organization: its name is the screen's h1; the parts a member may use are tabs under it,
// each its own URL (/organization/:id/members …) so Back and deep links work.
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useParams } from 'react-router';
import { Page } from '@/components/Page';
import { SubNav } from '@/components/SubNav';
import { Loading } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { OverviewTab } from '@/screens/organization/OverviewTab';
import { useMyRole, useOrganization } from '@/screens/organization/queries';

const MembersTab = lazy(async () => ({ default: (await import('@/screens/organization/MembersTab')).MembersTab }));
const IssueTab = lazy(async () => ({ default: (await import('@/screens/organization/IssueTab')).IssueTab }));
const InboxTab = lazy(async () => ({ default: (await import('@/screens/organization/InboxTab')).InboxTab }));
const IssuedTab = lazy(async () => ({ default: (await import('@/screens/organization/IssuedCertificates')).IssuedCertificates }));
const EmploymentTab = lazy(async () => ({ default: (await import('@/screens/organization/EmploymentTab')).EmploymentTab }));
const TenureTab = lazy(async () => ({ default: (await import('@/screens/organization/TenureTab')).TenureTab }));

export function OrganizationScreen() {
  const { t } = useTranslation('organization');
  const { id = '' } = useParams();
  const organization = useOrganization(id);
  const { isManager, role } = useMyRole(id);
  const tabs = [
    { to: '', label: t('tabs.overview') },
    ...(role ? [{ to: 'members', label: t('tabs.members') }] : []),
    ...(isManager ? [
      { to: 'issue', label: t('tabs.issue') },
      { to: 'issued', label: t('tabs.issued') },
      { to: 'inbox', label: t('tabs.inbox') },
      { to: 'employment', label: t('tabs.employment') },
    ] : []),
    { to: 'tenure', label: t('tabs.tenure') },
  ];
  const org = organization.data;
  return (
    <Page title={org?.name ?? t('listTitle')}>
      {organization.isPending && <Loading />}
      <ProblemText error={organization.error} />
      {org && (
        <>
          <SubNav
            label={t('tabs.label')}
            items={tabs.map((tab) => ({ to: tab.to ? `/organization/${id}/${tab.to}` : `/organization/${id}`, label: tab.label }))}
          />
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route index element={<OverviewTab organization={org} />} />
              <Route path="members" element={<MembersTab organization={org} />} />
              <Route path="issue" element={<IssueTab organization={org} />} />
              <Route path="issued" element={<IssuedTab organization={org} />} />
              <Route path="inbox" element={<InboxTab organization={org} />} />
              <Route path="employment" element={<EmploymentTab organization={org} />} />
              <Route path="tenure" element={<TenureTab organization={org} />} />
            </Routes>
          </Suspense>
        </>
      )}
    </Page>
  );
}
