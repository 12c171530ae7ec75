// The frame every screen sits in: navigation, Telegram's Back Button, an error boundary per screen.
import { Suspense } from 'react';
import { Outlet, useLocation } from 'react-router';
import { Navigation } from '@/app/Navigation';
import { RouteErrorBoundary } from '@/app/RouteError';
import { Loading } from '@/components/Pending';
import { TelegramBackButton } from '@/telegram/BackButton';

export function Layout() {
  const location = useLocation();
  return (
    <div className="app-frame">
      <TelegramBackButton />
      <Navigation />
      <div className="app-content">
        <RouteErrorBoundary key={location.pathname}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </RouteErrorBoundary>
      </div>
    </div>
  );
}
