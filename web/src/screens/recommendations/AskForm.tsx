// Ask a colleague (by handle) for a recommendation, or to endorse one skill.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { ApiProblem, unwrap } from '@/api/problem';
import { SelectField, TextField } from '@/components/Field';
import { ProblemText } from '@/components/ProblemText';
import { KINDS, receivedKey, type RecommendationKind } from '@/screens/recommendations/queries';

export function AskForm() {
  const { t } = useTranslation('recommendations');
  const queryClient = useQueryClient();
  const [author, setAuthor] = useState('');
  const [kind, setKind] = useState<RecommendationKind>('recommendation');
  const [skill, setSkill] = useState('');
  const [note, setNote] = useState('');
  const ask = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/v1/me/recommendation-requests', {
          body: { author: author.replace(/^@/, ''), kind, skill: kind === 'endorsement' ? skill : null, note: note || null },
        }),
      ),
    onSuccess: () => {
      setAuthor('');
      setNote('');
      void queryClient.invalidateQueries({ queryKey: receivedKey });
    },
  });
  const error = (field: string) => (ask.error instanceof ApiProblem ? ask.error.fieldError(field) : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    ask.mutate();
  };
  return (
    <Section header={t('ask.header')} footer={t('ask.footer')}>
      <form onSubmit={submit} className="stack section-body" aria-label={t('ask.header')}>
        <TextField label={t('fields.colleague')} value={author} required autoCapitalize="none" onChange={(e) => setAuthor(e.target.value)} error={error('author')} />
        <SelectField label={t('fields.kind')} value={kind} onChange={(e) => setKind(e.target.value as RecommendationKind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </SelectField>
        {kind === 'endorsement' && <TextField label={t('fields.skill')} value={skill} required onChange={(e) => setSkill(e.target.value)} error={error('skill')} />}
        <TextField label={t('fields.note')} value={note} onChange={(e) => setNote(e.target.value)} error={error('note')} />
        <Button type="submit" loading={ask.isPending}>
          {t('ask.submit')}
        </Button>
        {ask.isSuccess && <p role="status">{t('ask.sent')}</p>}
        <ProblemText error={ask.error} />
      </form>
    </Section>
  );
}
