import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, describeError, setCsrfToken } from './api-client.js';
import type { Me } from './api-types.js';
import { AppHeader } from './components/app-header.js';
import { AuditPage } from './components/audit-page.js';
import { ErrorBanner } from './components/error-banner.js';
import { JobsPage } from './components/jobs-page.js';
import { MembersPage } from './components/members-page.js';
import { OrganizationList } from './components/organization-list.js';
import { OrganizationPage } from './components/organization-page.js';
import { ProjectPage } from './components/project-page.js';
import { SignIn } from './components/sign-in.js';
import { SessionContext } from './session.js';
import { useRoute } from './use-route.js';
import './styles.css';

function Page({ route }: { route: string[] }) {
  const [section, id, sub] = route;
  if (section === 'orgs' && id && sub === 'jobs') return <JobsPage organizationId={id} />;
  if (section === 'orgs' && id && sub === 'members') return <MembersPage organizationId={id} />;
  if (section === 'orgs' && id && sub === 'audit') return <AuditPage organizationId={id} />;
  if (section === 'orgs' && id) return <OrganizationPage organizationId={id} />;
  if (section === 'projects' && id) return <ProjectPage projectId={id} />;
  // #/sign-in is where a failed single sign-on lands; signed in, it is the start page.
  if (section === undefined || section === 'orgs' || section === 'sign-in') return <OrganizationList />;
  return (
    <p className="empty">
      This page does not exist. <a href="#/">Go to your organizations</a>.
    </p>
  );
}

function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<string>();
  const route = useRoute();
  const loadMe = useCallback(
    () =>
      api<Me>('GET', '/auth/me')
        .then((value) => {
          setCsrfToken(value.csrfToken);
          setMe(value);
        })
        .catch(() => setMe(null)),
    [],
  );
  useEffect(() => {
    void loadMe();
  }, [loadMe]);
  // A new page starts at the top with focus on its heading region, so keyboard users are not left behind.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every route change.
  useEffect(() => {
    window.scrollTo(0, 0);
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [route.join('/')]);
  if (me === undefined) return <p aria-busy="true">Loading…</p>;
  if (me === null) return <SignIn onSignedIn={() => void loadMe()} />;
  const signOut = async () => {
    try {
      await api('POST', '/auth/logout');
      setCsrfToken(undefined);
      setMe(null);
      window.location.hash = '#/';
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <SessionContext value={me}>
      <AppHeader me={me} onSignOut={() => void signOut()} />
      <main id="main" tabIndex={-1}>
        <ErrorBanner message={error} />
        <Page route={route} />
      </main>
    </SessionContext>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
