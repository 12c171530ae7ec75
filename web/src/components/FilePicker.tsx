import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A file input whose button and "no file" text are the app's own: the browser's native ones
 * follow the browser's locale, not the language the person chose.
 */
export function FilePicker({
  label,
  accept,
  required,
  onFile,
}: {
  label: string;
  accept?: string;
  required?: boolean;
  onFile: (file: File | undefined) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState<string>();
  const change = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    setName(file?.name);
    onFile(file);
  };
  return (
    <label className="stack file-picker">
      <span>{label}</span>
      <input className="visually-hidden" type="file" accept={accept} required={required} onChange={change} />
      <span className="file-picker-row" aria-hidden="true">
        <span className="file-picker-button">{t('file.choose')}</span>
        <span className="file-picker-name">{name ?? t('file.none')}</span>
      </span>
    </label>
  );
}
