// One screen: its single h1 (also the document title) and its content, with room for the tab bar.
import { useEffect, type ReactNode } from 'react';
import { Title } from '@telegram-apps/telegram-ui';

export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Iktomi`;
  }, [title]);
  return (
    <main className="page">
      <header className="page-header">
        <Title level="2" weight="2" Component="h1">
          {title}
        </Title>
        {actions}
      </header>
      {children}
    </main>
  );
}
