// A form's one primary action. Inside Telegram it is the native Main Button at the bottom of
// the Mini App: its text, loader and enabled state follow the props, and pressing it submits the
// form (with the browser's validation, as a click would). In a browser it is an ordinary button.
// One screen shows one: the last mounted takes the Main Button, and unmounting hides it.
import { useEffect, useRef, type ReactNode } from 'react';
import { mainButton } from '@telegram-apps/sdk-react';
import { Button } from '@telegram-apps/telegram-ui';

interface Props {
  /** The label: a plain string, as Telegram draws it. */
  children: string;
  loading?: boolean;
  disabled?: boolean;
}

export function SubmitButton({ children, loading = false, disabled = false }: Props): ReactNode {
  const native = mainButton.isMounted();
  const hidden = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!native) return;
    const [, off] = mainButton.onClick.ifAvailable(() => hidden.current?.form?.requestSubmit());
    return () => {
      off?.();
      mainButton.setParams.ifAvailable({ isVisible: false, isLoaderVisible: false });
    };
  }, [native]);

  useEffect(() => {
    if (!native) return;
    mainButton.setParams.ifAvailable({
      text: children,
      isVisible: true,
      isEnabled: !disabled && !loading,
      isLoaderVisible: loading,
    });
  }, [native, children, disabled, loading]);

  if (native) {
    // Keeps Enter in a field submitting the form, and gives the Main Button a form to submit.
    return <button ref={hidden} type="submit" hidden aria-hidden="true" tabIndex={-1} />;
  }
  return (
    <Button type="submit" size="l" stretched loading={loading} disabled={disabled}>
      {children}
    </Button>
  );
}
