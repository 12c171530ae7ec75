// A screen that crashed shows this instead of a blank app; the others keep working.
import { Component, type ReactNode } from 'react';
import { Button, Placeholder } from '@telegram-apps/telegram-ui';
import i18n from '@/i18n';

export class RouteErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="page">
        <h1 className="visually-hidden">{i18n.t('crashed')}</h1>
        <Placeholder
          header={i18n.t('crashed')}
          action={
            <Button onClick={() => this.setState({ failed: false })}>{i18n.t('retry')}</Button>
          }
        />
      </main>
    );
  }
}
