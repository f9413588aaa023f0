import { zodResolver } from '@hookform/resolvers/zod';
import type { SignInResponse } from '@pumpwatch/contracts';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Field } from '../../../components/ui/Field';
import { ApiError } from '../../../lib/api-client';
import { login } from '../api/login';

const schema = z.object({
  email: z.string().trim().min(1, 'Enter your email address.').email('Enter a valid email address.'),
  password: z.string().min(1, 'Enter your password.'),
});
type Values = z.infer<typeof schema>;

function loginErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.statusCode === 401) return 'Email or password is not correct.';
    if (error.statusCode === 429 || error.code === 'ACCOUNT_LOCKED') return `Sign-in blocked: ${error.message}`;
    return `Sign-in failed: ${error.message}`;
  }
  return 'Could not reach the server. Check the connection and try again.';
}

export function LoginForm({ onSignedIn }: { onSignedIn: (res: SignInResponse) => void }) {
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { email: '', password: '' } });
  const mutation = useMutation({ mutationFn: login, onSuccess: onSignedIn });

  return (
    <form className="card login-form" noValidate onSubmit={handleSubmit((v) => mutation.mutate(v))}>
      <h2>Sign in</h2>
      {mutation.isError && (
        <p className="alert alert-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {loginErrorText(mutation.error)}
        </p>
      )}
      <Field label="Email" error={errors.email?.message}>
        <input type="email" autoComplete="username" autoFocus {...register('email')} />
      </Field>
      <Field label="Password" error={errors.password?.message}>
        <input type="password" autoComplete="current-password" {...register('password')} />
      </Field>
      <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
        {mutation.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
