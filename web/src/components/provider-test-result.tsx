export type TestOutcome =
  | { state: 'running' }
  | { state: 'done'; ok: boolean; model?: string; latencyMs?: number; error?: string };

/** What the last "Test" of a provider answered, announced to screen readers. */
export function ProviderTestResult({ outcome }: { outcome: TestOutcome | undefined }) {
  if (!outcome) return null;
  if (outcome.state === 'running') {
    return (
      <div role="status" className="muted small">
        Testing…
      </div>
    );
  }
  if (outcome.ok) {
    const details = [outcome.model, outcome.latencyMs === undefined ? undefined : `${outcome.latencyMs} ms`];
    return (
      <div role="status" className="test-ok small">
        Works{details.some(Boolean) ? ` (${details.filter(Boolean).join(', ')})` : ''}
      </div>
    );
  }
  return (
    <div role="alert" className="test-failed small">
      Failed: {outcome.error ?? 'the provider did not answer.'}
    </div>
  );
}
