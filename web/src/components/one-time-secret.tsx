import { useId, useState } from 'react';

interface OneTimeSecretProps {
  /** What the secret is, e.g. "Invite link for ada@example.com". */
  label: string;
  value: string;
  /** Why it must be copied now. */
  note: string;
  onDone: () => void;
}

/** A secret the API returns once: shown read-only with a copy button until the user dismisses it. */
export function OneTimeSecret({ label, value, note, onDone }: OneTimeSecretProps) {
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="one-time-secret">
      <label id={`${id}-label`} htmlFor={`${id}-value`}>
        {label}
      </label>
      <p className="secret-note" id={`${id}-note`}>
        <strong>Copy it now:</strong> {note}
      </p>
      <div className="secret-row">
        <input
          id={`${id}-value`}
          readOnly
          value={value}
          aria-describedby={`${id}-note`}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="secondary" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Done
        </button>
      </div>
      <p role="status" className="small">
        {copied === 'yes' ? 'Copied to the clipboard.' : ''}
        {copied === 'failed' ? 'The browser refused to copy: select the text and copy it yourself.' : ''}
      </p>
    </div>
  );
}
