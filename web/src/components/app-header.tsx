import type { Me } from '../api-types.js';

function skipToContent() {
  // Hash routes: a `#main` link would change the page, so focus the content directly.
  document.getElementById('main')?.focus();
}

/** The bar on every page: home, who is signed in, sign out. */
export function AppHeader({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  return (
    <header className="app-header">
      <button type="button" className="skip-link" onClick={skipToContent}>
        Skip to content
      </button>
      <a href="#/" className="brand">
        Switchyard
      </a>
      <nav aria-label="Main">
        <a href="#/">Organizations</a>
      </nav>
      <span className="muted signed-in-as">{me.user?.email ?? 'admin token'}</span>
      <button type="button" className="secondary" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
