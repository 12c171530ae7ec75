// Tabs under a screen's title, each its own URL. On a phone they scroll sideways; the active one
// is brought into view, so a deep link to the fifth tab does not open with it off-screen.
import { useLayoutEffect, useRef } from 'react';
import { NavLink, useLocation } from 'react-router';

export interface SubNavItem {
  to: string;
  label: string;
}

export function SubNav({ label, items }: { label: string; items: SubNavItem[] }) {
  const nav = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const shown = items.map((item) => item.to).join('|');

  useLayoutEffect(() => {
    const bar = nav.current;
    const active = bar?.querySelector<HTMLElement>('a.active');
    if (!bar || !active) return;
    // Sideways only (scrollIntoView would also move the page), centred where it can be.
    bar.scrollLeft = active.offsetLeft - (bar.clientWidth - active.offsetWidth) / 2;
  }, [pathname, shown]);

  return (
    <nav ref={nav} className="sub-nav" aria-label={label}>
      {items.map((item) => (
        <NavLink key={item.to} to={item.to} end>
          {item.label}
        </NavLink>
      ))}
    </nav>
  );
}
