import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '../../../test/render';
import { MfaSetup } from './MfaSetup';

describe('MfaSetup', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the key, turns the app on with a first code and shows the recovery codes once', async () => {
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/auth/mfa/totp') {
        return jsonResponse({ secret: 'JBSWY3DPEHPK3PXPJBSW', otpauthUrl: 'otpauth://totp/PumpWatch:a?secret=x' }, 201);
      }
      const body = JSON.parse(String(init?.body)) as { code: string };
      return body.code === '123456'
        ? jsonResponse({ recoveryCodes: ['abcde-fghjk', 'mnpqr-stuvw'] })
        : jsonResponse({ statusCode: 422, code: 'MFA_CODE_INVALID', message: 'wrong' }, 422);
    });
    vi.stubGlobal('fetch', fetchMock);
    const onEnabled = vi.fn();
    renderWithProviders(
      <MfaSetup status={{ enabled: false, required: true, recoveryCodesLeft: 0 }} onEnabled={onEnabled} />,
    );
    expect(screen.getByText(/The clinic requires a second step/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Set up an authenticator app' }));
    expect(await screen.findByTestId('mfa-secret')).toHaveTextContent('JBSW Y3DP EHPK 3PXP JBSW');
    expect(screen.getByRole('link', { name: 'this link' })).toHaveAttribute(
      'href',
      'otpauth://totp/PumpWatch:a?secret=x',
    );
    await userEvent.type(screen.getByLabelText('Code from the app'), '000000');
    await userEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    expect(await screen.findByText(/That code is not right/)).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText('Code from the app'));
    await userEvent.type(screen.getByLabelText('Code from the app'), '123456');
    await userEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    const codes = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(codes).toHaveTextContent('abcde-fghjk');
    await userEvent.click(screen.getByRole('button', { name: 'I have saved these codes' }));
    expect(onEnabled).toHaveBeenCalled();
  });
});
