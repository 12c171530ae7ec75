// Members and pending invitations (cursor pages). Admins invite by handle, change roles and
// remove; anyone may leave (the API refuses to remove the last admin).
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '@/api/client';
import { useCursorList } from '@/api/pages';
import { ApiProblem, unwrap } from '@/api/problem';
import { useSession } from '@/auth/session';
import { SelectField, TextField } from '@/components/Field';
import { LoadMore } from '@/components/LoadMore';
import { Loading } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { membershipsKey, useMyRole, type Organization, type Role } from '@/screens/organization/queries';

const ROLES: Role[] = ['employee', 'manager', 'admin'];

export function MembersTab({ organization }: { organization: Organization }) {
  const { t } = useTranslation('organization');
  const id = organization.id;
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { isAdmin } = useMyRole(id);
  const key = ['organizations', id, 'members'];
  const members = useCursorList(key, async (cursor) =>
    unwrap(await api.GET('/v1/organizations/{id}/members', { params: { path: { id }, query: { cursor } } })),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });

  const changeRole = useMutation({
    mutationFn: async ({ account, role }: { account: string; role: Role }) =>
      unwrap(await api.PUT('/v1/organizations/{id}/members/{account_id}', { params: { path: { id, account_id: account } }, body: { role } })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: async (account: string) =>
      unwrap(await api.DELETE('/v1/organizations/{id}/members/{account_id}', { params: { path: { id, account_id: account } } })),
    onSuccess: async (_, account) => {
      if (account === session?.accountId) {
        await queryClient.invalidateQueries({ queryKey: membershipsKey });
        void navigate('/organization', { replace: true });
      } else void refresh();
    },
  });

  return (
    <>
      {isAdmin && <InviteForm organizationId={id} onInvited={() => void refresh()} />}
      <Section header={t('members.header')}>
        {members.isPending && <Loading />}
        {members.items.map((m) => {
          const me = m.account_id === session?.accountId;
          // The controls go under the member, as on the issued list: beside them, on a phone,
          // the name, handle and role would be cut to a few letters.
          return (
            <div key={m.account_id}>
              <Cell
                multiline
                subtitle={`@${m.handle}`}
                description={m.accepted ? t(`roles.${m.role}`) : t('members.invited', { role: t(`roles.${m.role}`) })}
              >
                {m.display_name || m.handle}
              </Cell>
              {(isAdmin || me) && (
                <div className="row section-body">
                  {isAdmin && !me && (
                    <select
                      aria-label={t('members.roleOf', { handle: m.handle })}
                      value={m.role}
                      onChange={(e) => changeRole.mutate({ account: m.account_id, role: e.target.value as Role })}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`roles.${r}`)}
                        </option>
                      ))}
                    </select>
                  )}
                  <Button size="s" mode="gray" loading={remove.isPending && remove.variables === m.account_id} onClick={() => remove.mutate(m.account_id)}>
                    {me ? t('members.leave') : t('members.remove', { handle: m.handle })}
                  </Button>
                </div>
              )}
            </div>
          );
        })}
        <LoadMore hasMore={!!members.hasNextPage} loading={members.isFetchingNextPage} onMore={() => void members.fetchNextPage()} />
        <ProblemText error={members.error ?? changeRole.error ?? remove.error} />
      </Section>
    </>
  );
}

function InviteForm({ organizationId, onInvited }: { organizationId: string; onInvited: () => void }) {
  const { t } = useTranslation('organization');
  const [handle, setHandle] = useState('');
  const [role, setRole] = useState<Role>('employee');
  const invite = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/v1/organizations/{id}/members', { params: { path: { id: organizationId } }, body: { handle: handle.replace(/^@/, ''), role } })),
    onSuccess: () => {
      setHandle('');
      onInvited();
    },
  });
  const error = (field: string) => (invite.error instanceof ApiProblem ? invite.error.fieldError(field) : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate();
  };
  return (
    <Section header={t('members.invite')}>
      <form onSubmit={submit} className="stack section-body" aria-label={t('members.invite')}>
        <TextField label={t('members.handle')} value={handle} required autoCapitalize="none" onChange={(e) => setHandle(e.target.value)} error={error('handle')} />
        <SelectField label={t('members.role')} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <Button type="submit" loading={invite.isPending}>
          {t('members.sendInvite')}
        </Button>
        {invite.isSuccess && <p role="status">{t('members.invitedDone')}</p>}
        <ProblemText error={invite.error} />
      </form>
    </Section>
  );
}
