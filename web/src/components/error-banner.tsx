/** An error from the API, read out to screen readers as it appears. */
export function ErrorBanner({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}

/** A loading line that screen readers announce politely. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" aria-busy="true" role="status">
      Loading {what}…
    </p>
  );
}
