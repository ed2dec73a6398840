import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, setCsrfToken } from './api-client.js';
import { BudgetForm } from './components/budget-form.js';
import { ErrorBanner } from './components/error-banner.js';
import { OrganizationList } from './components/organization-list.js';
import { ProjectList } from './components/project-list.js';
import { SignIn } from './components/sign-in.js';
import './styles.css';

interface Me {
  user: { id: string; email: string; name?: string };
  csrfToken: string;
}

/** The hash route as its segments: `#/orgs/<id>` → ['orgs', id]. */
function readRoute(): string[] {
  return window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
}

/** Hash routes, so the server only ever serves index.html. */
function useRoute(): string[] {
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const update = () => setRoute(readRoute());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
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
  if (me === undefined) return <p aria-busy="true">Loading…</p>;
  if (me === null) return <SignIn onSignedIn={() => void loadMe()} />;
  const signOut = async () => {
    try {
      await api('POST', '/auth/logout');
      setCsrfToken(undefined);
      setMe(null);
    } catch (failure) {
      setError(String(failure));
    }
  };
  const [section, id] = route;
  return (
    <>
      <header>
        <a href="#/" className="brand">
          Switchyard
        </a>
        <span className="muted">{me.user.email}</span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main>
        <ErrorBanner message={error} />
        {section === 'orgs' && id ? <ProjectList organizationId={id} /> : null}
        {section === 'projects' && id ? <BudgetForm projectId={id} /> : null}
        {section === undefined ? <OrganizationList /> : null}
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
