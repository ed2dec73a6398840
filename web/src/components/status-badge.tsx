const tones: Record<string, string> = {
  succeeded: 'ok',
  running: 'info',
  queued: 'info',
  failed: 'bad',
  cancelled: 'neutral',
  superseded: 'neutral',
};

/** A job status as a coloured label; the text itself carries the meaning, never only the colour. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${tones[status] ?? 'neutral'}`}>{status}</span>;
}

/** The user's role in an organization. */
export function RoleBadge({ role }: { role: string | undefined }) {
  if (!role) return null;
  return (
    <span className="badge badge-role" title="Your role in this organization">
      {role}
    </span>
  );
}
