import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { meKeys } from '../api/queries';
import { ErrorAlert } from './ErrorAlert';
import { LanguageSwitcher } from './LanguageSwitcher';
import { OrderSearch } from './OrderSearch';
import { hasFlag, useMe, useSession } from './SessionProvider';

function SkipLink() {
  const { t } = useTranslation();
  return (
    <a className="skip-link" href="#main">
      {t('app.skipToContent')}
    </a>
  );
}

function Brand() {
  const { t } = useTranslation();
  return (
    <Link to="/" className="brand">
      <span className="brand-name">{t('app.name')}</span>
      <span className="brand-tagline">{t('app.tagline')}</span>
    </Link>
  );
}

/** Moves focus to <main> after client-side navigation, so keyboard and screen-reader users start at the content. */
function useFocusMainOnNavigate(mainRef: React.RefObject<HTMLElement | null>) {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [location.pathname, mainRef]);
}

/** The frame of every signed-in page: skip link, header with navigation and account, main content. */
export function AppLayout() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const { signOut } = useSession();
  const queryClient = useQueryClient();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const navId = useId();
  const [menuOpen, setMenuOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<unknown>(null);
  const navigated = useRef(false);

  useFocusMainOnNavigate(mainRef);

  // Each navigation re-checks the session (and the user's flags): a session
  // that ended in the meantime sends the person to sign in at once.
  useEffect(() => {
    setMenuOpen(false);
    if (!navigated.current) {
      navigated.current = true;
      return;
    }
    void queryClient.invalidateQueries({ queryKey: meKeys.all });
  }, [location.pathname, queryClient]);

  const onSignOut = async () => {
    setSigningOut(true);
    setSignOutError(null);
    try {
      await signOut();
    } catch (error) {
      setSignOutError(error);
      setSigningOut(false);
    }
  };

  // Until the required second factor is set up, only the Security page and signing out work.
  const enrolling = !!me?.totp_enrollment_required;

  const links: { to: string; label: string; show: boolean }[] = [
    { to: '/orders', label: t('nav.orders'), show: true },
    { to: '/smart-accounts', label: t('nav.smartAccounts'), show: true },
    { to: '/transfers', label: t('nav.transfers'), show: true },
    { to: '/cases', label: t('nav.cases'), show: true },
    { to: '/compliance', label: t('nav.compliance'), show: hasFlag(me, 'compliance') },
    { to: '/outbox', label: t('nav.outbox'), show: hasFlag(me, 'platform_admin') },
  ];

  return (
    <>
      <SkipLink />
      <header className="site-header">
        <div className="header-bar">
          <Brand />
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls={navId}
            onClick={() => setMenuOpen((open) => !open)}
          >
            {t('nav.menu')}
          </button>
        </div>
        <div id={navId} className={`header-menu${menuOpen ? ' is-open' : ''}`}>
          {!enrolling && (
            <>
              <nav aria-label={t('nav.label')} className="main-nav">
                <ul>
                  {links
                    .filter((l) => l.show)
                    .map((l) => (
                      <li key={l.to}>
                        <NavLink to={l.to}>{l.label}</NavLink>
                      </li>
                    ))}
                </ul>
              </nav>
              <OrderSearch />
            </>
          )}
          <div className="account-area" aria-label={t('session.account')} role="group">
            {me && (
              <span className="account-name" title={me.email}>
                {t('session.signedInAs', { name: me.name || me.email })}
              </span>
            )}
            <NavLink to="/security" className="header-link">
              {t('session.security')}
            </NavLink>
            <LanguageSwitcher />
            <button type="button" className="button button-header" onClick={onSignOut} disabled={signingOut}>
              {signingOut ? t('session.signingOut') : t('session.signOut')}
            </button>
          </div>
        </div>
      </header>
      {signOutError != null && (
        <div className="page-alerts">
          <ErrorAlert error={signOutError} />
        </div>
      )}
      <main id="main" ref={mainRef} tabIndex={-1} className="page">
        <Outlet />
      </main>
    </>
  );
}

/** The frame of pages reachable without a session (sign-in, accepting an account or an invitation). */
export function PublicLayout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <>
      <SkipLink />
      <header className="site-header">
        <div className="header-bar header-bar-public">
          <Brand />
          <LanguageSwitcher />
        </div>
      </header>
      <main id="main" tabIndex={-1} className={`page ${wide ? 'page-medium' : 'page-narrow'}`}>
        {children}
      </main>
    </>
  );
}
