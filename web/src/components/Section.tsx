// telegram-ui's Section renders a string header as an <h1>, which would give a screen many h1s;
// here a header is an <h2> under the screen's single h1, styled like telegram-ui's own.
import type { ComponentProps, ReactNode } from 'react';
import { Section as TgSection } from '@telegram-apps/telegram-ui';

type Props = Omit<ComponentProps<typeof TgSection>, 'header' | 'footer'> & { header?: ReactNode; footer?: ReactNode };

export function Section({ header, footer, children, ...rest }: Props) {
  // A string footer would become an <h6>: it is a note, so a paragraph.
  const note = typeof footer === 'string' ? <p className="section-footer">{footer}</p> : footer;
  return (
    <TgSection header={header ? <h2 className="section-header">{header}</h2> : undefined} footer={note} {...rest}>
      {children}
    </TgSection>
  );
}
