// Providers: telegram-ui's root with the right appearance, TanStack Query, the router at /app.
import { AppRoot } from '@telegram-apps/telegram-ui';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from '@/app/routes';
import { ApiProblem } from '@/api/problem';
import { useAppearance, useReadableThemeVars } from '@/telegram/appearance';
import type { CSSProperties } from 'react';
import { launchParams } from '@/telegram/launch';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx will not change on retry; a network blip or a 5xx may.
      retry: (count, error) => count < 2 && !(error instanceof ApiProblem && error.status >= 400 && error.status < 500),
    },
  },
});

function platform(): 'ios' | 'base' {
  const p = launchParams()?.tgWebAppPlatform;
  return p === 'ios' || p === 'macos' ? 'ios' : 'base';
}

export function App() {
  const appearance = useAppearance();
  const colours = useReadableThemeVars(appearance);
  return (
    <AppRoot appearance={appearance} platform={platform()} style={colours as CSSProperties}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter basename={import.meta.env.BASE_URL.replace(/\/$/, '')}>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </AppRoot>
  );
}
