// A new organization: its creator becomes its admin; verification is asked for later.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SubmitButton } from '@/telegram/MainButton';
import { api } from '@/api/client';
import { ApiProblem, unwrap } from '@/api/problem';
import type { components } from '@/api/schema';
import { SelectField, TextField } from '@/components/Field';
import { membershipsKey } from '@/screens/organization/queries';
import { ProblemText } from '@/components/ProblemText';

type Kind = components['schemas']['OrganizationKind'];
const KINDS: Kind[] = ['employer', 'university', 'course_provider', 'conference_organizer'];

export function CreateOrganizationForm({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useTranslation('organization');
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('employer');
  const [website, setWebsite] = useState('');
  const create = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/v1/organizations', { body: { name, kind, website: website || null } })),
    onSuccess: async (organization) => {
      await queryClient.invalidateQueries({ queryKey: membershipsKey });
      onCreated(organization.id);
    },
  });
  const fieldError = (field: string) => (create.error instanceof ApiProblem ? create.error.fieldError(field) : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} className="stack section-body">
      <TextField label={t('create.name')} value={name} onChange={(e) => setName(e.target.value)} required error={fieldError('name')} />
      <SelectField label={t('create.kind')} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`kinds.${k}`)}
          </option>
        ))}
      </SelectField>
      <TextField label={t('create.website')} type="url" value={website} onChange={(e) => setWebsite(e.target.value)} error={fieldError('website')} />
      <SubmitButton loading={create.isPending}>{t('create.submit')}</SubmitButton>
      <ProblemText error={create.error} />
    </form>
  );
}
