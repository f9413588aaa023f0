import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '../../../test/render';
import { LoginForm } from './LoginForm';

describe('LoginForm', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks for both fields before calling the API', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<LoginForm onSignedIn={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your email address.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows wrong credentials in words on a 401', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ statusCode: 401, code: 'UNAUTHORIZED', message: 'Invalid credentials' }, 401)),
    );
    const onSignedIn = vi.fn();
    renderWithProviders(<LoginForm onSignedIn={onSignedIn} />);
    await userEvent.type(screen.getByLabelText('Email'), 'nurse@demo.pumpwatch.local');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Email or password is not correct.');
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it('posts the credentials and hands the session over', async () => {
    const res = {
      accessToken: 't0k',
      user: { id: 'u1', email: 'nora@clinic.example', name: 'Nora Nurse', role: 'nurse' },
    };
    const fetchMock = vi.fn(async () => jsonResponse(res));
    vi.stubGlobal('fetch', fetchMock);
    const onSignedIn = vi.fn();
    renderWithProviders(<LoginForm onSignedIn={onSignedIn} />);
    await userEvent.type(screen.getByLabelText('Email'), 'nora@clinic.example');
    await userEvent.type(screen.getByLabelText('Password'), 'pumpwatch-demo');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(onSignedIn.mock.calls[0]![0]).toEqual(res);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/auth/login');
    expect(JSON.parse(init.body as string)).toEqual({ email: 'nora@clinic.example', password: 'pumpwatch-demo' });
  });

  it('asks for the authenticator code when the account has a second factor, then signs in with it', async () => {
    const res = {
      accessToken: 't0k',
      user: { id: 'u1', email: 'ada@clinic.example', name: 'Ada Admin', role: 'admin' },
      expiresInSeconds: 900,
    };
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as { totp?: string };
      if (!body.totp) return jsonResponse({ statusCode: 401, code: 'MFA_REQUIRED', message: 'code needed' }, 401);
      if (body.totp !== '654321') return jsonResponse({ statusCode: 401, code: 'MFA_INVALID', message: 'no' }, 401);
      return jsonResponse(res);
    });
    vi.stubGlobal('fetch', fetchMock);
    const onSignedIn = vi.fn();
    renderWithProviders(<LoginForm onSignedIn={onSignedIn} />);
    await userEvent.type(screen.getByLabelText('Email'), 'ada@clinic.example');
    await userEvent.type(screen.getByLabelText('Password'), 'a long passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const code = await screen.findByLabelText('Authentication code');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await userEvent.type(code, '111111');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('That code is not right');
    await userEvent.clear(code);
    await userEvent.type(code, '654321');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(onSignedIn.mock.calls[0]![0]).toEqual(res);
    const lastBody = JSON.parse(String((fetchMock.mock.calls.at(-1) as unknown as [string, RequestInit])[1].body));
    expect(lastBody).toEqual({ email: 'ada@clinic.example', password: 'a long passphrase', totp: '654321' });
  });
});
