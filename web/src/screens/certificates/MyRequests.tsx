// The person's certificate requests and what became of them.
import { useQuery } from '@tanstack/react-query';
import { Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import { ProblemText } from '@/components/ProblemText';

export function MyRequests() {
  const { t } = useTranslation('certificates');
  const requests = useQuery({
    queryKey: ['me', 'certificate-requests'],
    queryFn: async () => unwrap(await api.GET('/v1/me/certificate-requests')),
  });
  if (!requests.data?.length) return <ProblemText error={requests.error} />;
  return (
    <Section header={t('request.mine')}>
      {requests.data.map((r) => (
        <Cell
          key={r.id}
          multiline
          {...(r.certificate_id ? { Component: Link, to: `/certificates/${r.certificate_id}` } : {})}
          subhead={r.organization_name ?? undefined}
          description={t(`request.states.${r.state}`, { defaultValue: r.state })}
        >
          {r.title ?? t(`kinds.${r.kind}`, { defaultValue: r.kind })}
        </Cell>
      ))}
    </Section>
  );
}
