// Colleagues asked me for a recommendation or to confirm a skill: write (signed) or decline.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import { TextArea } from '@/components/Field';
import { ProblemText } from '@/components/ProblemText';
import { externalSignature, SignerSelect, type Signer } from '@/screens/recommendations/SignatureChoice';
import { requestsKey, type Recommendation } from '@/screens/recommendations/queries';

export function RequestsToMe() {
  const { t } = useTranslation('recommendations');
  const requests = useQuery({ queryKey: requestsKey, queryFn: async () => unwrap(await api.GET('/v1/me/recommendation-requests')) });
  const list = requests.data ?? [];
  if (list.length === 0) return <ProblemText error={requests.error} />;
  return (
    <Section header={t('requests.header')}>
      {list.map((r) => (
        <RequestToMe key={r.id} request={r} />
      ))}
      <ProblemText error={requests.error} />
    </Section>
  );
}

function RequestToMe({ request }: { request: Recommendation }) {
  const { t } = useTranslation('recommendations');
  const queryClient = useQueryClient();
  const [writing, setWriting] = useState(false);
  const [text, setText] = useState('');
  const [signer, setSigner] = useState<Signer>('custodial');
  const done = () => {
    setWriting(false);
    void queryClient.invalidateQueries({ queryKey: requestsKey });
  };
  const write = useMutation({
    mutationFn: async () => {
      const signature =
        signer === 'external'
          ? await externalSignature({ subject: request.subject.handle, kind: request.kind, skill: request.skill ?? null, text })
          : null;
      return unwrap(await api.POST('/v1/recommendations/{id}/write', { params: { path: { id: request.id } }, body: { text, signature } }));
    },
    onSuccess: done,
  });
  const decline = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/recommendations/{id}/decline', { params: { path: { id: request.id } } })),
    onSuccess: done,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    write.mutate();
  };
  return (
    <div>
      <Cell
        multiline
        subhead={`${t(`kinds.${request.kind}`)}${request.skill ? `: ${request.skill}` : ''}${request.subject.display_name ? ` · @${request.subject.handle}` : ''}`}
        description={request.note ?? undefined}
        after={
          !writing ? (
            <div className="row">
              <Button size="s" onClick={() => setWriting(true)}>
                {t('requests.write')}
              </Button>
              <Button size="s" mode="gray" loading={decline.isPending} onClick={() => decline.mutate()}>
                {t('requests.decline')}
              </Button>
            </div>
          ) : undefined
        }
      >
        {request.subject.display_name || `@${request.subject.handle}`}
      </Cell>
      {writing && (
        <form onSubmit={submit} className="stack section-body" aria-label={t('requests.write')}>
          <TextArea label={t('fields.text')} value={text} required onChange={(e) => setText(e.target.value)} />
          <SignerSelect value={signer} onChange={setSigner} />
          <div className="row">
            <Button type="submit" loading={write.isPending}>
              {t('requests.sign')}
            </Button>
            <Button type="button" mode="plain" onClick={() => setWriting(false)}>
              {t('cancel', { ns: 'common' })}
            </Button>
          </div>
        </form>
      )}
      <ProblemText error={write.error ?? decline.error} />
    </div>
  );
}
