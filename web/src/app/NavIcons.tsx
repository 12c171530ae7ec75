// Tab icons as inline SVG in the text colour: no icon font, no emoji that a system may lack.
import type { ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export const ProfileIcon = () => (
  <Icon>
    <circle cx="12" cy="8" r="4" />
    <path d="M4 21c0-4 4-6 8-6s8 2 8 6" />
  </Icon>
);

export const CertificateIcon = () => (
  <Icon>
    <rect x="4" y="3" width="16" height="14" rx="2" />
    <path d="M8 8h8M8 12h5" />
    <path d="M10 17v4l2-1.5 2 1.5v-4" />
  </Icon>
);

export const RecommendationIcon = () => (
  <Icon>
    <path d="M4 5h16v11H9l-5 4z" />
    <path d="M8 9h8M8 12h5" />
  </Icon>
);

export const OrganizationIcon = () => (
  <Icon>
    <path d="M4 21V5l8-2v18M12 8h8v13" />
    <path d="M7 8h2M7 12h2M7 16h2M15 12h2M15 16h2M2 21h20" />
  </Icon>
);

export const OperatorIcon = () => (
  <Icon>
    <path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z" />
    <path d="M9 12l2 2 4-4" />
  </Icon>
);
