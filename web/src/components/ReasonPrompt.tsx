// A short inline form asking why (a rejection, a suspension) before the action is sent.
import { useState, type FormEvent } from 'react';
import { Button } from '@telegram-apps/telegram-ui';
import { useTranslation } from 'react-i18next';
import { TextField } from '@/components/Field';

export function ReasonPrompt({ label, submit, loading, onSubmit, onCancel }: { label: string; submit: string; loading: boolean; onSubmit: (reason: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const send = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(reason.trim());
  };
  return (
    <form onSubmit={send} className="stack section-body" aria-label={label}>
      <TextField label={label} value={reason} required onChange={(e) => setReason(e.target.value)} />
      <div className="row">
        <Button type="submit" size="s" mode="filled" loading={loading}>
          {submit}
        </Button>
        <Button type="button" size="s" mode="plain" onClick={onCancel}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
