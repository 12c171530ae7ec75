// Skills (with levels 1–5), education and experience: each item with its own visibility.
import { Button } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { SelectField, TextArea, TextField } from '@/components/Field';
import { VisibilitySelect } from '@/screens/profile/VisibilitySelect';
import type { Education, Experience, Skill } from '@/screens/profile/types';

type ErrorOf = (field: string) => string | undefined;

function replace<T>(items: T[], index: number, item: T): T[] {
  return items.map((old, i) => (i === index ? item : old));
}

function without<T>(items: T[], index: number): T[] {
  return items.filter((_, i) => i !== index);
}

const LEVELS = [1, 2, 3, 4, 5];
const year = (text: string) => (text ? Number(text) : null);

export function SkillsEditor({ skills, onChange, error }: { skills: Skill[]; onChange: (s: Skill[]) => void; error: ErrorOf }) {
  const { t } = useTranslation('profile');
  return (
    <Section header={t('skills.header')}>
      {skills.map((skill, i) => (
        <fieldset key={i} className="stack section-body">
          <legend>{t('skills.item', { n: i + 1 })}</legend>
          <TextField label={t('skills.name')} value={skill.name} required onChange={(e) => onChange(replace(skills, i, { ...skill, name: e.target.value }))} error={error(`skills[${i}].name`)} />
          <SelectField label={t('skills.level')} value={skill.level} onChange={(e) => onChange(replace(skills, i, { ...skill, level: Number(e.target.value) }))} error={error(`skills[${i}].level`)}>
            {LEVELS.map((level) => (
              <option key={level} value={level}>
                {t(`skills.levels.${level}`)}
              </option>
            ))}
          </SelectField>
          <VisibilitySelect label={t('visibility.label')} value={skill.visibility} onChange={(visibility) => onChange(replace(skills, i, { ...skill, visibility }))} />
          <Button type="button" mode="plain" size="s" onClick={() => onChange(without(skills, i))}>
            {t('skills.remove', { name: skill.name || i + 1 })}
          </Button>
        </fieldset>
      ))}
      <div className="section-body">
        <Button type="button" mode="bezeled" onClick={() => onChange([...skills, { name: '', level: 3, visibility: 'public' }])}>
          {t('skills.add')}
        </Button>
      </div>
    </Section>
  );
}

export function EducationEditor({ items, onChange, error }: { items: Education[]; onChange: (e: Education[]) => void; error: ErrorOf }) {
  const { t } = useTranslation('profile');
  return (
    <Section header={t('education.header')}>
      {items.map((item, i) => (
        <fieldset key={i} className="stack section-body">
          <legend>{t('education.item', { n: i + 1 })}</legend>
          <TextField label={t('education.institution')} value={item.institution} required onChange={(e) => onChange(replace(items, i, { ...item, institution: e.target.value }))} error={error(`education[${i}].institution`)} />
          <TextField label={t('education.degree')} value={item.degree ?? ''} onChange={(e) => onChange(replace(items, i, { ...item, degree: e.target.value }))} error={error(`education[${i}].degree`)} />
          <TextField label={t('education.field')} value={item.field ?? ''} onChange={(e) => onChange(replace(items, i, { ...item, field: e.target.value }))} error={error(`education[${i}].field`)} />
          <div className="row">
            <TextField label={t('education.startYear')} inputMode="numeric" value={item.start_year ?? ''} onChange={(e) => onChange(replace(items, i, { ...item, start_year: year(e.target.value) }))} error={error(`education[${i}].start_year`)} />
            <TextField label={t('education.endYear')} inputMode="numeric" value={item.end_year ?? ''} onChange={(e) => onChange(replace(items, i, { ...item, end_year: year(e.target.value) }))} error={error(`education[${i}].end_year`)} />
          </div>
          <VisibilitySelect label={t('visibility.label')} value={item.visibility} onChange={(visibility) => onChange(replace(items, i, { ...item, visibility }))} />
          <Button type="button" mode="plain" size="s" onClick={() => onChange(without(items, i))}>
            {t('education.remove')}
          </Button>
        </fieldset>
      ))}
      <div className="section-body">
        <Button type="button" mode="bezeled" onClick={() => onChange([...items, { institution: '', visibility: 'public' }])}>
          {t('education.add')}
        </Button>
      </div>
    </Section>
  );
}

export function ExperienceEditor({ items, onChange, error }: { items: Experience[]; onChange: (e: Experience[]) => void; error: ErrorOf }) {
  const { t } = useTranslation('profile');
  return (
    <Section header={t('experience.header')}>
      {items.map((item, i) => (
        <fieldset key={i} className="stack section-body">
          <legend>{t('experience.item', { n: i + 1 })}</legend>
          <TextField label={t('experience.company')} value={item.company} required onChange={(e) => onChange(replace(items, i, { ...item, company: e.target.value }))} error={error(`experience[${i}].company`)} />
          <TextField label={t('experience.title')} value={item.title} required onChange={(e) => onChange(replace(items, i, { ...item, title: e.target.value }))} error={error(`experience[${i}].title`)} />
          <div className="row">
            <TextField label={t('experience.start')} type="date" value={item.start_date ?? ''} onChange={(e) => onChange(replace(items, i, { ...item, start_date: e.target.value || null }))} error={error(`experience[${i}].start_date`)} />
            <TextField label={t('experience.end')} type="date" value={item.end_date ?? ''} onChange={(e) => onChange(replace(items, i, { ...item, end_date: e.target.value || null }))} error={error(`experience[${i}].end_date`)} />
          </div>
          <TextArea label={t('experience.description')} value={item.description ?? ''} onChange={(e) => onChange(replace(items, i, { ...item, description: e.target.value }))} error={error(`experience[${i}].description`)} />
          <VisibilitySelect label={t('visibility.label')} value={item.visibility} onChange={(visibility) => onChange(replace(items, i, { ...item, visibility }))} />
          <Button type="button" mode="plain" size="s" onClick={() => onChange(without(items, i))}>
            {t('experience.remove')}
          </Button>
        </fieldset>
      ))}
      <div className="section-body">
        <Button type="button" mode="bezeled" onClick={() => onChange([...items, { company: '', title: '', visibility: 'public' }])}>
          {t('experience.add')}
        </Button>
      </div>
    </Section>
  );
}
