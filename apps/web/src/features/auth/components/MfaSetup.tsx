import type { MfaEnrolmentDto, MfaStatusDto } from '@pumpwatch/contracts';
import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/ui/Field';
import { ApiError } from '../../../lib/api-client';
import { useConfirmMfa, useRemoveMfa, useStartMfa } from '../api/mfa';

const codeError = (error: unknown) =>
  error instanceof ApiError && error.code === 'MFA_CODE_INVALID'
    ? 'That code is not right: type the 6 digits the app shows now.'
    : error instanceof ApiError
      ? error.message
      : 'Could not reach the server. Try again.';

/** The base32 secret in groups of four, easier to type into an app by hand. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/**
 * Setting up an authenticator app (TOTP): start → the secret to add to the app (link or typed) → a first code turns
 * it on → the recovery codes, shown once. With a factor on: how many recovery codes are left, and removing it.
 */
export function MfaSetup({ status, onEnabled }: { status: MfaStatusDto; onEnabled: () => void }) {
  const start = useStartMfa();
  const confirm = useConfirmMfa();
  const remove = useRemoveMfa();
  const [code, setCode] = useState('');
  const [removeCode, setRemoveCode] = useState('');
  const [enrolment, setEnrolment] = useState<MfaEnrolmentDto | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  if (recoveryCodes) {
    return (
      <div className="card">
        <h3>Your recovery codes</h3>
        <p>
          Each code signs you in once if your phone is lost. Print them or keep them somewhere safe: they are not shown
          again.
        </p>
        <ul className="recovery-codes" aria-label="Recovery codes">
          {recoveryCodes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <button type="button" className="btn btn-primary" onClick={onEnabled}>
          I have saved these codes
        </button>
      </div>
    );
  }

  if (status.enabled) {
    const submitRemove = (e: FormEvent) => {
      e.preventDefault();
      remove.mutate(removeCode.trim(), { onSuccess: () => setRemoveCode('') });
    };
    return (
      <div className="card">
        <p data-testid="mfa-status">
          Sign-in asks for a code from your authenticator app. Recovery codes left: {status.recoveryCodesLeft}.
        </p>
        <form onSubmit={submitRemove} aria-label="Remove the authenticator app">
          <Field label="Code to remove the app" error={remove.isError ? codeError(remove.error) : undefined}>
            <input value={removeCode} onChange={(e) => setRemoveCode(e.target.value)} autoComplete="one-time-code" />
          </Field>
          <button type="submit" className="btn" disabled={remove.isPending || !removeCode.trim()}>
            Remove the authenticator app
          </button>
        </form>
      </div>
    );
  }

  if (!enrolment) {
    return (
      <div className="card">
        <p>
          {status.required
            ? 'The clinic requires a second step at sign-in for your account: set up an authenticator app to continue.'
            : 'Add a second step to your sign-in: a code from an authenticator app on your phone.'}
        </p>
        {start.isError && (
          <p className="alert alert-error" role="alert">
            {codeError(start.error)}
          </p>
        )}
        <button
          type="button"
          className="btn btn-primary"
          disabled={start.isPending}
          onClick={() => start.mutate(undefined, { onSuccess: setEnrolment })}
        >
          Set up an authenticator app
        </button>
      </div>
    );
  }

  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate(code.trim(), { onSuccess: (res) => setRecoveryCodes(res.recoveryCodes) });
  };
  return (
    <form className="card" onSubmit={submitCode} aria-label="Confirm the authenticator app">
      <ol>
        <li>
          In your authenticator app, add an account: open <a href={enrolment.otpauthUrl}>this link</a> on the phone, or
          type the key <code data-testid="mfa-secret">{grouped(enrolment.secret)}</code>.
        </li>
        <li>Type the 6-digit code the app now shows for PumpWatch.</li>
      </ol>
      <Field label="Code from the app" error={confirm.isError ? codeError(confirm.error) : undefined}>
        <input
          value={code}
          onChange={(e) => setCode(e.target.value)}
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus
        />
      </Field>
      <button type="submit" className="btn btn-primary" disabled={confirm.isPending || !code.trim()}>
        Turn on
      </button>
    </form>
  );
}
