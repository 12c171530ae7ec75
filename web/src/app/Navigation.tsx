// The main sections: a bottom tab bar on phones, a sidebar on wide screens (CSS decides which).
import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '@/auth/me';
import { useSession } from '@/auth/session';
import { CertificateIcon, OperatorIcon, OrganizationIcon, ProfileIcon, RecommendationIcon } from '@/app/NavIcons';

export function Navigation() {
  const { t } = useTranslation();
  const session = useSession();
  const me = useMe();
  if (!session) return null;
  const tabs = [
    { to: '/profile', label: t('nav.profile'), icon: <ProfileIcon /> },
    { to: '/certificates', label: t('nav.certificates'), icon: <CertificateIcon /> },
    { to: '/recommendations', label: t('nav.recommendations'), icon: <RecommendationIcon /> },
    { to: '/organization', label: t('nav.organization'), icon: <OrganizationIcon /> },
    ...(me.data?.is_operator ? [{ to: '/operator', label: t('nav.operator'), icon: <OperatorIcon /> }] : []),
  ];
  return (
    <nav className="app-nav" aria-label={t('nav.label')}>
      <span className="app-nav-brand" aria-hidden="true">
        Iktomi
      </span>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink to={tab.to} className={({ isActive }) => (isActive ? 'active' : undefined)}>
              <span aria-hidden="true" className="app-nav-icon">
                {tab.icon}
              </span>
              <span className="app-nav-label">{tab.label}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
