import type { PumpDto } from '@pumpwatch/contracts';
import { formatInstant, formatLocalDate } from '../../../lib/format';

/**
 * The pump's state flags as text with a shape icon (never colour alone): ◆ needs action now,
 * ▲ plan ahead, ■ no longer in use.
 */
export function PumpStateBanners({ pump, timeZone }: { pump: PumpDto; timeZone: string }) {
  return (
    <div className="pump-flags" data-testid="pump-flags">
      {!pump.active && (
        <p className="alert alert-info" data-flag="explanted">
          <span>
            <span aria-hidden="true">■ </span>
            Explanted {formatInstant(pump.explantedAt, timeZone)}: no longer projected or alarmed.
          </span>
        </p>
      )}
      {pump.therapyInterrupted && (
        <p className="alert alert-critical" role="alert" data-flag="therapy-interrupted">
          <span>
            <span aria-hidden="true">◆ </span>
            Therapy interrupted: a physician must decide on restart (withdrawal risk).
          </span>
        </p>
      )}
      {pump.mriCheckDue && (
        <p className="alert alert-critical" data-flag="mri-check-due">
          <span>
            <span aria-hidden="true">◆ </span>
            MRI check due: interrogate the pump to confirm the motor restarted after the scan.
          </span>
        </p>
      )}
      {pump.eriReportedAt && pump.active && (
        <p className="alert alert-warning" data-flag="eri-reported">
          <span>
            <span aria-hidden="true">▲ </span>
            Battery replacement indicator reported {formatInstant(pump.eriReportedAt, timeZone)}: the pump stops by{' '}
            <strong>{formatLocalDate(pump.batteryStopDate)}</strong>. Plan the replacement.
          </span>
        </p>
      )}
    </div>
  );
}
