// Write a recommendation or endorsement for someone who did not ask; it starts hidden on their
// profile until they show it.
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { ApiProblem, unwrap } from '@/api/problem';
import { SelectField, TextArea, TextField } from '@/components/Field';
import { ProblemText } from '@/components/ProblemText';
import { externalSignature, SignerSelect, type Signer } from '@/screens/recommendations/SignatureChoice';
import { KINDS, type RecommendationKind } from '@/screens/recommendations/queries';

export function WriteUnasked() {
  const { t } = useTranslation('recommendations');
  const [handle, setHandle] = useState('');
  const [kind, setKind] = useState<RecommendationKind>('recommendation');
  const [skill, setSkill] = useState('');
  const [text, setText] = useState('');
  const [signer, setSigner] = useState<Signer>('custodial');
  const write = useMutation({
    mutationFn: async () => {
      const subject = handle.replace(/^@/, '');
      const skillOrNull = kind === 'endorsement' ? skill : null;
      const signature = signer === 'external' ? await externalSignature({ subject, kind, skill: skillOrNull, text }) : null;
      return unwrap(await api.POST('/v1/people/{handle}/recommendations', { params: { path: { handle: subject } }, body: { kind, skill: skillOrNull, text, signature } }));
    },
    onSuccess: () => {
      setText('');
      setHandle('');
    },
  });
  const error = (field: string) => (write.error instanceof ApiProblem ? write.error.fieldError(field) : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    write.mutate();
  };
  return (
    <Section header={t('unasked.header')} footer={t('unasked.footer')}>
      <form onSubmit={submit} className="stack section-body" aria-label={t('unasked.header')}>
        <TextField label={t('fields.person')} value={handle} required autoCapitalize="none" onChange={(e) => setHandle(e.target.value)} />
        <SelectField label={t('fields.kind')} value={kind} onChange={(e) => setKind(e.target.value as RecommendationKind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </SelectField>
        {kind === 'endorsement' && <TextField label={t('fields.skill')} value={skill} required onChange={(e) => setSkill(e.target.value)} error={error('skill')} />}
        <TextArea label={t('fields.text')} value={text} required onChange={(e) => setText(e.target.value)} error={error('text')} />
        <SignerSelect value={signer} onChange={setSigner} />
        <Button type="submit" loading={write.isPending}>
          {t('unasked.submit')}
        </Button>
        {write.isSuccess && <p role="status">{t('unasked.sent')}</p>}
        <ProblemText error={write.error} />
      </form>
    </Section>
  );
}
