// The signed credential (Open Badges 3.0, VC-JOSE): download it as JSON, or copy the JWT.
import { useMutation } from '@tanstack/react-query';
import { Button } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import { ProblemText } from '@/components/ProblemText';

export function CredentialSection({ id }: { id: number }) {
  const { t } = useTranslation('certificates');
  const fetchCredential = async () => unwrap(await api.GET('/v1/certificates/{id}/credential', { params: { path: { id } } }));
  const download = useMutation({
    mutationFn: async () => {
      const secured = await fetchCredential();
      const blob = new Blob([JSON.stringify(secured, null, 2)], { type: 'application/json' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `iktomi-certificate-${id}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    },
  });
  const copyJwt = useMutation({
    mutationFn: async () => navigator.clipboard.writeText((await fetchCredential()).jwt),
  });
  return (
    <Section header={t('credential.header')} footer={t('credential.footer')}>
      <div className="section-body row">
        <Button size="s" mode="bezeled" loading={download.isPending} onClick={() => download.mutate()}>
          {t('credential.download')}
        </Button>
        <Button size="s" mode="gray" loading={copyJwt.isPending} onClick={() => copyJwt.mutate()}>
          {copyJwt.isSuccess ? t('credential.copied') : t('credential.copyJwt')}
        </Button>
      </div>
      <ProblemText error={download.error ?? copyJwt.error} />
    </Section>
  );
}
