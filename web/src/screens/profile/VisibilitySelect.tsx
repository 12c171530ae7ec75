// Who sees one item: everyone, organizations (managers of verified ones), or only the owner.
import { useTranslation } from 'react-i18next';
import { SelectField } from '@/components/Field';
import { VISIBILITIES, type Visibility } from '@/screens/profile/types';

export function VisibilitySelect({ label, value, onChange }: { label: string; value: Visibility; onChange: (v: Visibility) => void }) {
  const { t } = useTranslation('profile');
  return (
    <SelectField label={label} value={value} onChange={(e) => onChange(e.target.value as Visibility)}>
      {VISIBILITIES.map((v) => (
        <option key={v} value={v}>
          {t(`visibility.${v}`)}
        </option>
      ))}
    </SelectField>
  );
}
