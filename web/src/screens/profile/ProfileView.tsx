// A profile as read: the owner's own (everything) or the public preview (what others see).
import { Cell, Text } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import type { Profile } from '@/screens/profile/types';

export function ProfileView({ profile, showVisibility }: { profile: Profile; showVisibility: boolean }) {
  const { t } = useTranslation('profile');
  const visibility = (v: string | null | undefined) => (showVisibility && v ? t(`visibility.${v}`) : undefined);
  return (
    <>
      <Section>
        <Cell multiline subtitle={`@${profile.handle}`} description={profile.headline || undefined}>
          {profile.display_name || profile.handle}
        </Cell>
        {profile.about && (
          <Cell multiline subhead={t('fields.about')} after={visibility(profile.about_visibility)}>
            <Text>{profile.about}</Text>
          </Cell>
        )}
        {profile.location && (
          <Cell subhead={t('fields.location')} after={visibility(profile.location_visibility)}>
            {profile.location}
          </Cell>
        )}
      </Section>
      <Section header={t('skills.header')} footer={profile.skills.length === 0 ? t('skills.empty') : undefined}>
        {profile.skills.map((skill) => (
          <Cell key={skill.name} subtitle={t(`skills.levels.${skill.level}`)} after={visibility(skill.visibility)}>
            {skill.name}
          </Cell>
        ))}
      </Section>
      {profile.education.length > 0 && (
        <Section header={t('education.header')}>
          {profile.education.map((e, i) => (
            <Cell key={i} multiline subtitle={[e.degree, e.field].filter(Boolean).join(', ') || undefined} description={[e.start_year, e.end_year].filter(Boolean).join('–') || undefined} after={visibility(e.visibility)}>
              {e.institution}
            </Cell>
          ))}
        </Section>
      )}
      {profile.experience.length > 0 && (
        <Section header={t('experience.header')}>
          {profile.experience.map((e, i) => (
            <Cell key={i} multiline subtitle={e.company} description={[e.start_date, e.end_date ?? t('experience.now')].filter(Boolean).join(' – ')} after={visibility(e.visibility)}>
              {e.title}
            </Cell>
          ))}
        </Section>
      )}
    </>
  );
}
