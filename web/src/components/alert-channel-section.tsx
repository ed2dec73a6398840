import { type FormEvent, useId, useState } from 'react';
import { api, describeError } from '../api-client.js';
import type { AlertChannel } from '../api-types.js';
import { useCanManage } from '../session.js';
import { useApi } from '../use-api.js';
import { ErrorBanner, Loading } from './error-banner.js';

interface AlertChannelSectionProps {
  projectId: string;
  organizationId: string;
  projectName: string;
}

const reference = ({ teamId, channelId }: Pick<AlertChannel, 'teamId' | 'channelId'>) => ({
  teamId,
  channelId,
});

/** "Alerts go to": the Slack channels linked to the project, where its budget alerts are posted. */
export function AlertChannelSection({ projectId, organizationId, projectName }: AlertChannelSectionProps) {
  const id = useId();
  const canManage = useCanManage(organizationId);
  const path = `/projects/${projectId}/alert-channels`;
  const [loaded, reload] = useApi<{ channels: AlertChannel[] }>(path);
  const [teamId, setTeamId] = useState('');
  const [channelId, setChannelId] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const channels = loaded.state === 'ready' ? loaded.value.channels : [];

  const save = async (next: Array<Pick<AlertChannel, 'teamId' | 'channelId'>>) => {
    setError(undefined);
    setBusy(true);
    try {
      await api('PUT', path, { channels: next.map(reference) });
      return true;
    } catch (failure) {
      setError(describeError(failure));
      return false;
    } finally {
      setBusy(false);
      reload();
    }
  };
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const added = { teamId: teamId.trim(), channelId: channelId.trim() };
    if (await save([...channels, added])) {
      setTeamId('');
      setChannelId('');
    }
  };
  const remove = (channel: AlertChannel) =>
    void save(
      channels.filter((other) => other.teamId !== channel.teamId || other.channelId !== channel.channelId),
    );

  return (
    <section aria-labelledby={`${id}-heading`} className="panel">
      <h2 id={`${id}-heading`}>Alerts go to</h2>
      <p className="muted">
        Budget alerts are posted once per period to these Slack channels. A linked channel can also run
        Switchyard commands on this project.
      </p>
      {loaded.state === 'loading' ? <Loading what="alert channels" /> : null}
      {loaded.state === 'error' ? <ErrorBanner message={loaded.message} /> : null}
      {loaded.state === 'ready' && channels.length === 0 ? (
        <p className="empty">
          No Slack channel: link one with <code>/switchyard link {projectName}</code> in Slack
          {canManage ? ', or add its ids here' : ''}.
        </p>
      ) : null}
      {channels.length > 0 ? (
        <ul aria-labelledby={`${id}-heading`}>
          {channels.map((channel) => (
            <li key={`${channel.teamId}/${channel.channelId}`}>
              <code>
                {channel.teamId} / {channel.channelId}
              </code>{' '}
              {canManage ? (
                <button
                  type="button"
                  className="small danger"
                  disabled={busy}
                  onClick={() => remove(channel)}
                >
                  Remove<span className="visually-hidden"> {channel.channelId}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorBanner message={error} />
      {canManage ? (
        <form onSubmit={add} aria-labelledby={`${id}-add`} className="subform">
          <h3 id={`${id}-add`}>Add a channel</h3>
          <div className="field-row">
            <div>
              <label htmlFor={`${id}-team`}>Slack team id</label>
              <input
                id={`${id}-team`}
                required
                maxLength={64}
                placeholder="T024BE7LD"
                value={teamId}
                onChange={(event) => setTeamId(event.target.value)}
              />
            </div>
            <div>
              <label htmlFor={`${id}-channel`}>Slack channel id</label>
              <input
                id={`${id}-channel`}
                required
                maxLength={64}
                placeholder="C024BE91L"
                value={channelId}
                onChange={(event) => setChannelId(event.target.value)}
              />
            </div>
          </div>
          <button type="submit" disabled={busy || loaded.state !== 'ready'}>
            Add channel
          </button>
        </form>
      ) : null}
    </section>
  );
}
