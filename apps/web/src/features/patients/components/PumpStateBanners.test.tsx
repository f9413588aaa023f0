import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { pump } from '../../../test/fixtures';
import { PumpStateBanners } from './PumpStateBanners';

describe('PumpStateBanners', () => {
  it('shows nothing for a pump without flags', () => {
    render(<PumpStateBanners pump={pump} timeZone="UTC" />);
    expect(screen.getByTestId('pump-flags')).toBeEmptyDOMElement();
  });

  it('states each flag in words with an icon', () => {
    render(
      <PumpStateBanners
        pump={{
          ...pump,
          mriCheckDue: true,
          therapyInterrupted: true,
          eriReportedAt: '2026-03-01T09:00:00Z',
          batteryStopDate: '2026-06-29',
        }}
        timeZone="UTC"
      />,
    );
    const flags = screen.getByTestId('pump-flags');
    expect(flags).toHaveTextContent('MRI check due');
    expect(flags).toHaveTextContent('Therapy interrupted');
    expect(flags).toHaveTextContent('Battery replacement indicator reported 01 Mar 2026, 09:00');
    expect(flags.querySelector('[data-flag="eri-reported"]')).toHaveTextContent('2026');
    expect(flags.querySelectorAll('[aria-hidden="true"]')).toHaveLength(3);
  });

  it('says an explanted pump is no longer alarmed', () => {
    render(<PumpStateBanners pump={{ ...pump, active: false, explantedAt: '2026-02-01T10:00:00Z' }} timeZone="UTC" />);
    expect(screen.getByText(/Explanted 01 Feb 2026, 10:00 .*no longer projected or alarmed/)).toBeInTheDocument();
  });
});
