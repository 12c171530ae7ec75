// Tenure award programs (as mirrored from the chain): anyone sees them; admins create one with
// its milestone in days.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { useAwaitMirror } from '@/api/mirror';
import { ApiProblem, unwrap } from '@/api/problem';
import type { components } from '@/api/schema';
import { useChainWrite } from '@/api/useChainWrite';
import { TextArea, TextField } from '@/components/Field';
import { ChainPending } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { useMyRole, type Organization } from '@/screens/organization/queries';

export function TenureTab({ organization }: { organization: Organization }) {
  const { t } = useTranslation('organization');
  const id = organization.id;
  const { isAdmin } = useMyRole(id);
  const awaitMirror = useAwaitMirror();
  const key = ['organizations', id, 'tenure-programs'];
  const programs = useQuery({ queryKey: key, queryFn: async () => unwrap(await api.GET('/v1/organizations/{id}/tenure-programs', { params: { path: { id } } })) });
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [days, setDays] = useState('365');
  const create = useChainWrite<void, components['schemas']['Program']>(
    (_, idempotency) =>
      api.POST('/v1/organizations/{id}/tenure-programs', {
        params: { path: { id }, header: idempotency },
        body: { title, description, milestone_days: Number(days) },
      }),
    {
      onSuccess: (created) => {
        // Emptied, so that pressing again does not create the same program twice.
        setTitle('');
        setDescription('');
        setDays('365');
        // The list is the chain mirror's: refetched until the indexer has the new program.
        awaitMirror<typeof programs.data>(key, { until: (list) => !!list?.some((p) => p.id === created.id) });
      },
    },
  );
  const error = (field: string) => (create.error instanceof ApiProblem ? create.error.fieldError(field) : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const list = programs.data ?? [];
  return (
    <>
      <Section header={t('tenure.header')} footer={list.length === 0 ? t('tenure.none') : undefined}>
        {list.map((p) => (
          <Cell key={p.id} subtitle={t('tenure.milestone', { count: p.milestone_days })} after={p.closed ? t('tenure.closed') : undefined}>
            {p.title ?? t('tenure.program', { id: p.id })}
          </Cell>
        ))}
        <ProblemText error={programs.error} />
      </Section>
      {isAdmin && organization.verified && (
        <Section header={t('tenure.create')}>
          <form onSubmit={submit} className="stack section-body" aria-label={t('tenure.create')}>
            <TextField label={t('tenure.title')} value={title} required onChange={(e) => setTitle(e.target.value)} error={error('title')} />
            <TextArea label={t('tenure.description')} value={description} onChange={(e) => setDescription(e.target.value)} error={error('description')} />
            <TextField label={t('tenure.days')} inputMode="numeric" value={days} required onChange={(e) => setDays(e.target.value)} error={error('milestone_days')} />
            <Button type="submit" loading={create.isPending}>
              {t('tenure.submit')}
            </Button>
            <ChainPending active={create.onChain} />
            <ProblemText error={create.error} />
          </form>
        </Section>
      )}
    </>
  );
}
