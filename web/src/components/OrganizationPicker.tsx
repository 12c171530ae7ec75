// Find an organization by name (GET /v1/organizations?q=) and pick one.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import type { components } from '@/api/schema';
import { TextField } from '@/components/Field';

type Organization = components['schemas']['Organization'];

export function OrganizationPicker({ value, onChange, verifiedOnly = false }: { value: Organization | null; onChange: (o: Organization | null) => void; verifiedOnly?: boolean }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const search = useQuery({
    queryKey: ['organizations', 'search', q],
    queryFn: async () => unwrap(await api.GET('/v1/organizations', { params: { query: { q, limit: 10 } } })),
    enabled: q.trim().length >= 2 && !value,
  });
  if (value) {
    return (
      <Cell Component="button" type="button" className="cell-button" subhead={t('organizationPicker.chosen')} description={t('organizationPicker.change')} onClick={() => onChange(null)}>
        {value.name}
      </Cell>
    );
  }
  const found = (search.data?.items ?? []).filter((o) => !verifiedOnly || o.verified);
  return (
    <div className="stack">
      <TextField label={t('organizationPicker.search')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      {found.length > 0 && (
        <Section>
          {found.map((o) => (
            <Cell key={o.id} Component="button" type="button" className="cell-button" subtitle={o.verified ? t('organizationPicker.verified') : undefined} onClick={() => onChange(o)}>
              {o.name}
            </Cell>
          ))}
        </Section>
      )}
    </div>
  );
}
