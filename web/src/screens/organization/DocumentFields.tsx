// The fields of a certificate's document, shared by issuing, hiring, promoting and confirming.
import { useTranslation } from 'react-i18next';
import { splitList, type CertificateDocument } from '@/api/certificates';
import { TextArea, TextField } from '@/components/Field';

export interface DocumentDraft {
  title: string;
  description: string;
  position: string;
  skills: string;
  evidence: string;
  validFrom: string;
  expiresAt: string;
}

export const emptyDocument: DocumentDraft = { title: '', description: '', position: '', skills: '', evidence: '', validFrom: '', expiresAt: '' };

/** A date input's value (YYYY-MM-DD) as the start of that day in UTC, or null. */
const day = (value: string) => (value ? new Date(`${value}T00:00:00Z`).toISOString() : null);

export function toDocument(draft: DocumentDraft): CertificateDocument {
  return {
    title: draft.title.trim(),
    description: draft.description.trim(),
    position: draft.position.trim() || null,
    skills: splitList(draft.skills),
    evidence: splitList(draft.evidence),
    valid_from: day(draft.validFrom),
    expires_at: day(draft.expiresAt),
  };
}

export function DocumentFields({ value, onChange, withPosition = false, error }: { value: DocumentDraft; onChange: (d: DocumentDraft) => void; withPosition?: boolean; error: (field: string) => string | undefined }) {
  const { t } = useTranslation('organization');
  const set = (patch: Partial<DocumentDraft>) => onChange({ ...value, ...patch });
  return (
    <>
      <TextField label={t('document.title')} value={value.title} required onChange={(e) => set({ title: e.target.value })} error={error('title')} />
      {withPosition && <TextField label={t('document.position')} value={value.position} required onChange={(e) => set({ position: e.target.value })} error={error('position')} />}
      <TextArea label={t('document.description')} value={value.description} onChange={(e) => set({ description: e.target.value })} error={error('description')} />
      <TextField label={t('document.skills')} value={value.skills} onChange={(e) => set({ skills: e.target.value })} error={error('skills')} />
      <TextField label={t('document.evidence')} value={value.evidence} onChange={(e) => set({ evidence: e.target.value })} error={error('evidence')} />
      <div className="row">
        <TextField label={t('document.validFrom')} type="date" value={value.validFrom} onChange={(e) => set({ validFrom: e.target.value })} error={error('valid_from')} />
        <TextField label={t('document.expiresAt')} type="date" value={value.expiresAt} onChange={(e) => set({ expiresAt: e.target.value })} error={error('expires_at')} />
      </div>
    </>
  );
}
