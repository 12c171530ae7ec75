// telegram-ui cells and buttons rendered as router links (real <a href>, so they open in a new
// tab, read as links, and keep the client-side navigation).
import type { ComponentProps } from 'react';
import { Button, Cell } from '@telegram-apps/telegram-ui';
import { Link } from 'react-router';

// telegram-ui types `Component` loosely and drops the link's own props; pass `to` through.
const linkProps = (to: string) => ({ Component: Link, to }) as object;

export function LinkCell({ to, className, ...props }: ComponentProps<typeof Cell> & { to: string }) {
  return <Cell {...linkProps(to)} className={['cell-link', className].filter(Boolean).join(' ')} {...props} />;
}

export function LinkButton({ to, ...props }: ComponentProps<typeof Button> & { to: string }) {
  return <Button {...linkProps(to)} {...props} />;
}
