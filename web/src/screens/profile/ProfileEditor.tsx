// Editing the whole profile: PUT /v1/me/profile replaces it, and a 422 names every bad field,
// which is shown under that field.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { SubmitButton } from '@/telegram/MainButton';
import { api } from '@/api/client';
import { ApiProblem, unwrap } from '@/api/problem';
import { TextArea, TextField } from '@/components/Field';
import { ProblemText } from '@/components/ProblemText';
import { getSession, setSession } from '@/auth/session';
import { EducationEditor, ExperienceEditor, SkillsEditor } from '@/screens/profile/ListEditors';
import { VisibilitySelect } from '@/screens/profile/VisibilitySelect';
import { toInput, type Profile, type ProfileInput } from '@/screens/profile/types';
import { hapticFailure, hapticSuccess } from '@/telegram/haptics';

export function ProfileEditor({ profile, onDone }: { profile: Profile; onDone: () => void }) {
  const { t } = useTranslation('profile');
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<ProfileInput>(() => toInput(profile));
  const set = (patch: Partial<ProfileInput>) => setDraft((d) => ({ ...d, ...patch }));

  const save = useMutation({
    mutationFn: async () => unwrap(await api.PUT('/v1/me/profile', { body: draft })),
    onSuccess: (saved) => {
      hapticSuccess();
      queryClient.setQueryData(['me', 'profile'], saved);
      void queryClient.invalidateQueries({ queryKey: ['me'] });
      const session = getSession();
      if (session && session.handle !== saved.handle) setSession({ ...session, handle: saved.handle });
      onDone();
    },
    onError: hapticFailure,
  });
  const error = (field: string) => (save.error instanceof ApiProblem ? save.error.fieldError(field) : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={submit} aria-label={t('edit.form')}>
      <Section header={t('edit.about')}>
        <div className="stack section-body">
          <TextField label={t('fields.displayName')} value={draft.display_name ?? ''} onChange={(e) => set({ display_name: e.target.value })} error={error('display_name')} />
          <TextField label={t('fields.handle')} value={draft.handle} required autoCapitalize="none" onChange={(e) => set({ handle: e.target.value.toLowerCase() })} error={error('handle')} />
          <TextField label={t('fields.headline')} value={draft.headline ?? ''} onChange={(e) => set({ headline: e.target.value })} error={error('headline')} />
          <TextArea label={t('fields.about')} value={draft.about ?? ''} onChange={(e) => set({ about: e.target.value })} error={error('about')} />
          <VisibilitySelect label={t('fields.aboutVisibility')} value={draft.about_visibility ?? 'public'} onChange={(v) => set({ about_visibility: v })} />
          <TextField label={t('fields.location')} value={draft.location ?? ''} onChange={(e) => set({ location: e.target.value || null })} error={error('location')} />
          <VisibilitySelect label={t('fields.locationVisibility')} value={draft.location_visibility ?? 'public'} onChange={(v) => set({ location_visibility: v })} />
          <TextField label={t('fields.photoUrl')} type="url" value={draft.photo_url ?? ''} onChange={(e) => set({ photo_url: e.target.value || null })} error={error('photo_url')} />
          <VisibilitySelect label={t('fields.photoVisibility')} value={draft.photo_visibility ?? 'public'} onChange={(v) => set({ photo_visibility: v })} />
        </div>
      </Section>
      <SkillsEditor skills={draft.skills ?? []} onChange={(skills) => set({ skills })} error={error} />
      <EducationEditor items={draft.education ?? []} onChange={(education) => set({ education })} error={error} />
      <ExperienceEditor items={draft.experience ?? []} onChange={(experience) => set({ experience })} error={error} />
      <div className="section-body stack">
        <ProblemText error={save.error} />
        <SubmitButton loading={save.isPending}>{t('edit.save')}</SubmitButton>
        <Button type="button" size="l" stretched mode="plain" onClick={onDone}>
          {t('edit.cancel')}
        </Button>
      </div>
    </form>
  );
}
