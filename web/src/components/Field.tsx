// A labelled input: telegram-ui shows `header` only on some platforms, so the label is also the
// accessible name (aria-label) everywhere, and a field error from the API is shown under it.
import { forwardRef, type InputHTMLAttributes, type SelectHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { Input, Select, Textarea } from '@telegram-apps/telegram-ui';

interface Labelled {
  label: string;
  error?: string;
}

export const TextField = forwardRef<HTMLInputElement, Labelled & Omit<InputHTMLAttributes<HTMLInputElement>, 'size'>>(
  function TextField({ label, error, ...rest }, ref) {
    return (
      <div className="field">
        <Input ref={ref} header={label} aria-label={label} status={error ? 'error' : 'default'} aria-invalid={!!error} {...rest} />
        {error && <small className="field-error">{error}</small>}
      </div>
    );
  },
);

export function TextArea({ label, error, ...rest }: Labelled & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <div className="field">
      <Textarea header={label} aria-label={label} status={error ? 'error' : 'default'} aria-invalid={!!error} {...rest} />
      {error && <small className="field-error">{error}</small>}
    </div>
  );
}

export function SelectField({ label, error, children, ...rest }: Labelled & { children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <div className="field">
      <Select header={label} aria-label={label} status={error ? 'error' : 'default'} {...rest}>
        {children}
      </Select>
      {error && <small className="field-error">{error}</small>}
    </div>
  );
}
