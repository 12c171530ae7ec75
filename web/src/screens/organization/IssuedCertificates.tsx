// What the organization has issued (GET /v1/organizations/{id}/certificates, its managers), newest
// first, filtered by kind and status, a page at a time — and what can be done to each one from
// the list: an active employment certificate can be promoted (a new one supersedes it) or
// dismissed (revoked: dismissed, tenure stops); any active certificate can be revoked. A
// superseded one links on to the certificate that replaced it.
import { useState, type FormEvent } from 'react';
import { Button } from '@telegram-apps/telegram-ui';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '@/api/client';
import { CERTIFICATE_KINDS, CERTIFICATE_STATUSES, REVOCATION_REASONS, type RevocationReason } from '@/api/certificates';
import { useCursorList } from '@/api/pages';
import { ApiProblem, unwrap } from '@/api/problem';
import type { components } from '@/api/schema';
import { useChainWrite } from '@/api/useChainWrite';
import { SelectField } from '@/components/Field';
import { LinkCell } from '@/components/Links';
import { LoadMore } from '@/components/LoadMore';
import { ChainPending, Loading } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { Section } from '@/components/Section';
import { StatusChip } from '@/screens/certificates/StatusChip';
import { DocumentFields, emptyDocument, toDocument, type DocumentDraft } from '@/screens/organization/DocumentFields';
import { useAwaitMirror } from '@/api/mirror';
import type { Organization } from '@/screens/organization/queries';

type Listing = components['schemas']['IssuedListing'];
type Issued = components['schemas']['IssuedCertificate'];
type Action = 'promote' | 'dismiss' | 'revoke';

/** The key every issued-list page sits under, for refreshing after a write. */
const issuedKey = (organizationId: string) => ['organizations', organizationId, 'issued'];

/** Refreshes the list now and again shortly: the list reads the chain mirror, which may trail the
 *  write's finalization by a block or two. */
export function useRefreshIssued(organizationId: string) {
  const awaitMirror = useAwaitMirror();
  return () => awaitMirror(issuedKey(organizationId));
}

/** The link to a certificate a write just issued. */
export function IssuedLink({ issued }: { issued: Issued | undefined }) {
  const { t } = useTranslation('organization');
  if (!issued) return null;
  return (
    <LinkCell to={`/certificates/${issued.id}`} subhead={t('issue.done')}>
      {t('issue.certificate', { id: issued.id })}
    </LinkCell>
  );
}

export function IssuedCertificates({ organization, initialKind = '' }: { organization: Organization; initialKind?: string }) {
  const { t, i18n } = useTranslation('organization');
  const id = organization.id;
  const [kind, setKind] = useState(initialKind);
  const [status, setStatus] = useState('');
  const [open, setOpen] = useState<{ certificate: number; action: Action } | null>(null);
  const list = useCursorList<Listing>([...issuedKey(id), kind, status], async (cursor) =>
    unwrap(
      await api.GET('/v1/organizations/{id}/certificates', {
        params: { path: { id }, query: { kind: kind || undefined, status: status || undefined, cursor } },
      }),
    ),
  );
  const date = (iso: string) => new Date(iso).toLocaleDateString(i18n.language);
  const toggle = (certificate: number, action: Action) =>
    setOpen(open?.certificate === certificate && open.action === action ? null : { certificate, action });
  // Writes need the organization's issuer on chain: without it the list is read-only.
  const canWrite = organization.verified;

  return (
    <Section header={t('issued.header')} footer={list.isSuccess && list.items.length === 0 ? t('issued.empty') : undefined}>
      <div className="stack section-body">
        <SelectField label={t('fields.kind', { ns: 'certificates' })} value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">{t('issued.allKinds')}</option>
          {CERTIFICATE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`, { ns: 'certificates' })}
            </option>
          ))}
        </SelectField>
        <div className="row" role="group" aria-label={t('issued.statusFilter')}>
          <button type="button" className="chip-toggle" aria-pressed={status === ''} onClick={() => setStatus('')}>
            <span className="status">{t('issued.allStatuses')}</span>
          </button>
          {CERTIFICATE_STATUSES.map((s) => (
            <button key={s} type="button" className="chip-toggle" aria-pressed={status === s} onClick={() => setStatus(s)}>
              <StatusChip status={s} />
            </button>
          ))}
        </div>
      </div>
      {list.isPending && <Loading />}
      {list.items.map((c) => {
        const active = c.status === 'active';
        const actions: Action[] = !canWrite || !active ? [] : c.kind === 'employment' ? ['promote', 'dismiss', 'revoke'] : ['revoke'];
        const action = open?.certificate === c.id ? open.action : null;
        return (
          <div key={c.id} role="group" aria-label={t('issue.certificate', { id: c.id })}>
            <LinkCell
              to={`/certificates/${c.id}`}
              multiline
              subhead={`${t(`kinds.${c.kind}`, { ns: 'certificates', defaultValue: c.kind })} · №${c.id}`}
              subtitle={c.holder_handle ? `@${c.holder_handle}` : t('unknownHolder', { ns: 'certificates' })}
              description={
                <span className="row">
                  <StatusChip status={c.status} />
                  <span>{date(c.issued_at)}</span>
                </span>
              }
            >
              {c.title ?? t('untitled', { ns: 'certificates', id: c.id })}
            </LinkCell>
            {(actions.length > 0 || c.superseded_by != null) && (
              <div className="row section-body">
                {c.superseded_by != null && (
                  <Link to={`/certificates/${c.superseded_by}`} className="text-link">
                    {t('issued.supersededBy', { id: c.superseded_by })}
                  </Link>
                )}
                {actions.map((a) => (
                  <Button key={a} size="s" mode={a === 'promote' ? 'bezeled' : 'gray'} aria-expanded={action === a} onClick={() => toggle(c.id, a)}>
                    {t(`issued.actions.${a}`)}
                  </Button>
                ))}
              </div>
            )}
            {action === 'promote' && <PromoteForm organizationId={id} certificate={c.id} onCancel={() => setOpen(null)} />}
            {action === 'dismiss' && <DismissForm organizationId={id} certificate={c.id} onCancel={() => setOpen(null)} />}
            {action === 'revoke' && <RevokeForm organizationId={id} certificate={c.id} employment={c.kind === 'employment'} onCancel={() => setOpen(null)} />}
          </div>
        );
      })}
      <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
      <ProblemText error={list.error} />
    </Section>
  );
}

function CancelButton({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <Button type="button" mode="plain" onClick={onCancel}>
      {t('cancel')}
    </Button>
  );
}

/** A new employment certificate (the new position) that supersedes this one; tenure carries over. */
function PromoteForm({ organizationId, certificate, onCancel }: { organizationId: string; certificate: number; onCancel: () => void }) {
  const { t } = useTranslation('organization');
  const refresh = useRefreshIssued(organizationId);
  const [draft, setDraft] = useState<DocumentDraft>(emptyDocument);
  const promote = useChainWrite<void, Issued>(
    (_, key) =>
      api.POST('/v1/organizations/{id}/employments/{certificate}/promote', {
        params: { path: { id: organizationId, certificate }, header: key },
        body: toDocument(draft),
      }),
    { onSuccess: refresh },
  );
  const error = (field: string) => (promote.error instanceof ApiProblem ? promote.error.fieldError(field) : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    promote.mutate();
  };
  return (
    <div>
      <form onSubmit={submit} className="stack section-body" aria-label={t('employment.promote')}>
        <p className="form-note">{t('employment.promoteFooter')}</p>
        <DocumentFields value={draft} onChange={setDraft} withPosition error={error} />
        <div className="row">
          <Button type="submit" loading={promote.isPending} disabled={promote.isSuccess}>
            {t('employment.promoteSubmit')}
          </Button>
          <CancelButton onCancel={onCancel} />
        </div>
        <ChainPending active={promote.onChain} />
        <ProblemText error={promote.error} />
      </form>
      <IssuedLink issued={promote.data} />
    </div>
  );
}

/** Revoked with reason Dismissed: the employee's tenure stops growing. */
function DismissForm({ organizationId, certificate, onCancel }: { organizationId: string; certificate: number; onCancel: () => void }) {
  const { t } = useTranslation('organization');
  const refresh = useRefreshIssued(organizationId);
  const dismiss = useChainWrite(
    (_: void, key) =>
      api.POST('/v1/organizations/{id}/employments/{certificate}/dismiss', { params: { path: { id: organizationId, certificate }, header: key } }),
    { onSuccess: refresh },
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    dismiss.mutate();
  };
  return (
    <form onSubmit={submit} className="stack section-body" aria-label={t('employment.dismiss')}>
      <p className="form-note">{t('employment.dismissFooter')}</p>
      <div className="row">
        <Button type="submit" mode="gray" loading={dismiss.isPending} disabled={dismiss.isSuccess}>
          {t('employment.dismissSubmit')}
        </Button>
        <CancelButton onCancel={onCancel} />
      </div>
      {dismiss.isSuccess && <p role="status">{t('employment.dismissed')}</p>}
      <ChainPending active={dismiss.onChain} />
      <ProblemText error={dismiss.error} />
    </form>
  );
}

function RevokeForm({ organizationId, certificate, employment, onCancel }: { organizationId: string; certificate: number; employment: boolean; onCancel: () => void }) {
  const { t } = useTranslation('organization');
  const refresh = useRefreshIssued(organizationId);
  const [reason, setReason] = useState<RevocationReason>('issued_in_error');
  const revoke = useChainWrite(
    (_: void, key) =>
      api.POST('/v1/organizations/{id}/certificates/{certificate}/revoke', {
        params: { path: { id: organizationId, certificate }, header: key },
        body: { reason },
      }),
    { onSuccess: refresh },
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    revoke.mutate();
  };
  // Dismissal is for employment; it has its own action, but a revocation may name it too.
  const reasons = REVOCATION_REASONS.filter((r) => employment || r !== 'dismissed');
  return (
    <form onSubmit={submit} className="stack section-body" aria-label={t('employment.revoke')}>
      <SelectField label={t('employment.reason')} value={reason} onChange={(e) => setReason(e.target.value as RevocationReason)}>
        {reasons.map((r) => (
          <option key={r} value={r}>
            {t(`reasons.${r}`, { ns: 'certificates' })}
          </option>
        ))}
      </SelectField>
      <div className="row">
        <Button type="submit" mode="gray" loading={revoke.isPending} disabled={revoke.isSuccess}>
          {t('employment.revokeSubmit')}
        </Button>
        <CancelButton onCancel={onCancel} />
      </div>
      {revoke.isSuccess && <p role="status">{t('employment.revoked')}</p>}
      <ChainPending active={revoke.onChain} />
      <ProblemText error={revoke.error} />
    </form>
  );
}
