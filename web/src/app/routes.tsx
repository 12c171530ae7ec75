// Every screen and its URL under /app/. Screens load on demand; sign-in and its callback come
// with the first bundle because most launches start there.
import { lazy, type ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { StartRoute } from '@/app/StartRoute';
import { Layout } from '@/app/Layout';
import { RequireSession } from '@/auth/RequireSession';
import { SignInScreen } from '@/auth/SignInScreen';
import { VkCallbackScreen } from '@/auth/VkCallbackScreen';

const screen = <T extends Record<string, unknown>>(load: () => Promise<T>, name: keyof T) =>
  lazy(async () => ({ default: (await load())[name] as React.ComponentType }));

const Onboarding = screen(() => import('@/screens/onboarding/OnboardingScreen'), 'OnboardingScreen');
const Profile = screen(() => import('@/screens/profile/ProfileScreen'), 'ProfileScreen');
const Certificates = screen(() => import('@/screens/certificates/CertificatesScreen'), 'CertificatesScreen');
const Certificate = screen(() => import('@/screens/certificates/CertificateScreen'), 'CertificateScreen');
const Organizations = screen(() => import('@/screens/organization/OrganizationsScreen'), 'OrganizationsScreen');
const Organization = screen(() => import('@/screens/organization/OrganizationScreen'), 'OrganizationScreen');
const Invitation = screen(() => import('@/screens/organization/InvitationScreen'), 'InvitationScreen');
const Operator = screen(() => import('@/screens/operator/OperatorScreen'), 'OperatorScreen');
const Recommendations = screen(() => import('@/screens/recommendations/RecommendationsScreen'), 'RecommendationsScreen');
const Artifacts = screen(() => import('@/screens/artifacts/ArtifactsScreen'), 'ArtifactsScreen');
const Notifications = screen(() => import('@/screens/notifications/NotificationsScreen'), 'NotificationsScreen');
const NotYet = screen(() => import('@/screens/NotYetScreen'), 'NotYetScreen');
const NotFound = screen(() => import('@/screens/NotFoundScreen'), 'NotFoundScreen');

const signedIn = (element: ReactNode) => <RequireSession>{element}</RequireSession>;

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<StartRoute />} />
        <Route path="sign-in" element={<SignInScreen />} />
        <Route path="auth/vk/callback" element={<VkCallbackScreen />} />
        <Route path="onboarding" element={signedIn(<Onboarding />)} />
        <Route path="profile" element={signedIn(<Profile />)} />
        <Route path="certificates" element={signedIn(<Certificates />)} />
        <Route path="certificates/:id" element={signedIn(<Certificate />)} />
        <Route path="recommendations" element={signedIn(<Recommendations />)} />
        <Route path="artifacts" element={signedIn(<Artifacts />)} />
        <Route path="organization" element={signedIn(<Organizations />)} />
        <Route path="organization/:id/invitation" element={signedIn(<Invitation />)} />
        <Route path="organization/:id/*" element={signedIn(<Organization />)} />
        <Route path="operator" element={signedIn(<Operator />)} />
        <Route path="attestations/*" element={signedIn(<NotYet />)} />
        <Route path="applications/*" element={signedIn(<NotYet />)} />
        <Route path="contracts/*" element={signedIn(<NotYet />)} />
        <Route path="achievements" element={signedIn(<NotYet />)} />
        <Route path="notifications" element={signedIn(<Notifications />)} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
