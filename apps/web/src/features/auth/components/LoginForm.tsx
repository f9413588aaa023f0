import { zodResolver } from '@hookform/resolvers/zod';
import type { SignInResponse } from '@pumpwatch/contracts';
import { useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Field } from '../../../components/ui/Field';
import { ApiError } from '../../../lib/api-client';
import { useSignIn } from '../api/login';

const schema = z.object({
  email: z.string().trim().min(1, 'Enter your email address.').email('Enter a valid email address.'),
  password: z.string().min(1, 'Enter your password.'),
  totp: z.string().trim(),
});
type Values = z.infer<typeof schema>;

function loginErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'MFA_INVALID') {
      return 'That code is not right. Type the 6 digits your authenticator app shows now, or a recovery code.';
    }
    if (error.statusCode === 401) return 'Email or password is not correct.';
    if (error.statusCode === 429) return `Sign-in blocked: ${error.message}`;
    return `Sign-in failed: ${error.message}`;
  }
  return 'Could not reach the server. Check the connection and try again.';
}

/**
 * Email and password; when the account has a second factor the API answers MFA_REQUIRED and the form asks for the
 * authenticator app's code (or a recovery code), keeping what was typed.
 */
export function LoginForm({
  onSignedIn,
  notice,
  footer,
}: {
  onSignedIn: (res: SignInResponse) => void;
  /** A message from elsewhere (a refused hospital sign-in), shown until the next attempt. */
  notice?: string;
  /** Under the form (the hospital sign-in, when the clinic has one). */
  footer?: ReactNode;
}) {
  const [askCode, setAskCode] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { email: '', password: '', totp: '' } });
  const mutation = useSignIn({ signedIn: onSignedIn, codeRequired: () => setAskCode(true) });
  const needCode = mutation.error instanceof ApiError && mutation.error.code === 'MFA_REQUIRED';

  const submit = (v: Values) => {
    if (askCode && !v.totp) {
      setError('totp', { message: 'Enter the code from your authenticator app.' });
      return;
    }
    mutation.mutate({ email: v.email, password: v.password, ...(askCode ? { totp: v.totp } : {}) });
  };

  return (
    <form className="card login-form" noValidate onSubmit={handleSubmit(submit)}>
      <h2>Sign in</h2>
      {notice && !mutation.isError && (
        <p className="alert alert-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {notice}
        </p>
      )}
      {mutation.isError && !needCode && (
        <p className="alert alert-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {loginErrorText(mutation.error)}
        </p>
      )}
      <Field label="Email" error={errors.email?.message}>
        <input type="email" autoComplete="username" autoFocus={!askCode} {...register('email')} />
      </Field>
      <Field label="Password" error={errors.password?.message}>
        <input type="password" autoComplete="current-password" {...register('password')} />
      </Field>
      {askCode && (
        <Field
          label="Authentication code"
          hint="The 6 digits your authenticator app shows for PumpWatch, or one of your recovery codes."
          error={errors.totp?.message}
        >
          <input type="text" inputMode="numeric" autoComplete="one-time-code" autoFocus {...register('totp')} />
        </Field>
      )}
      <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
        {mutation.isPending ? 'Signing in…' : 'Sign in'}
      </button>
      {footer}
    </form>
  );
}
