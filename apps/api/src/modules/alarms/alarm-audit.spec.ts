import fc from 'fast-check';
import { snapshotFields } from '../../common/db/write';
import { canonicalJson } from '../audit/canonical';
import { alarmSnapshotText } from './alarm-audit';
import { AlarmEntity } from './alarm.entity';

/** The generic rendering every audit snapshot had: the alarm's fast path must give the very same text (and hash). */
const reference = (a: AlarmEntity) => canonicalJson(snapshotFields(a));

const instant = fc.oneof(
  fc.constant(null),
  fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
  fc.constant(new Date(Number.NaN)),
);
const text = fc.oneof(fc.constant(null), fc.string(), fc.constantFrom('naïve "quoted" \\ \n\t', '\u2028', '😀'));
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('0', '10', '2', 'refillIds')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const alarm = fc
  .record({
    id: fc.uuid(),
    version: fc.oneof(fc.integer(), fc.constant(Number.NaN)),
    createdAt: instant,
    updatedAt: instant,
    pumpId: fc.oneof(fc.constant(null), fc.uuid()),
    pump: fc.oneof(fc.constant(undefined), fc.constant({ id: 'p', serialNumber: 'S' })),
    patientId: fc.oneof(fc.constant(null), fc.uuid()),
    code: fc.constantFrom('LOW_RESERVOIR', 'REFILL_DISCREPANCY', 'TRIAGE_OPEN'),
    priority: fc.constantFrom('critical', 'high', 'medium', 'low'),
    status: fc.constantFrom('open', 'acknowledged', 'snoozed', 'resolved'),
    raisedAt: instant,
    acknowledgedBy: fc.oneof(fc.constant(null), fc.uuid()),
    acknowledgedAt: instant,
    acknowledgeNote: text,
    snoozedUntil: instant,
    snoozeReason: text,
    resolvedAt: instant,
    resolvedBy: fc.oneof(fc.constant(null), fc.uuid()),
    resolution: text,
    escalated: fc.boolean(),
    escalatedAt: instant,
    details: fc.oneof(fc.constant(null), fc.dictionary(fc.string(), json, { maxKeys: 5 })),
  })
  .map((fields) => Object.assign(new AlarmEntity(), fields));

describe('alarmSnapshotText (the sweep audit snapshot of an alarm)', () => {
  it('is the generic canonical snapshot text for every alarm', () => {
    fc.assert(
      fc.property(alarm, (a) => {
        expect(alarmSnapshotText(a)).toBe(reference(a));
      }),
      { numRuns: 2000 },
    );
  });

  it('renders a stored alarm with its keys in canonical order, relations left out', () => {
    const a = Object.assign(new AlarmEntity(), {
      id: '7f1c4a6e-0000-4000-8000-000000000001',
      version: 2,
      createdAt: new Date('2026-03-10T09:00:00.000Z'),
      updatedAt: new Date('2026-03-10T09:15:00.000Z'),
      pumpId: '7f1c4a6e-0000-4000-8000-000000000002',
      pump: { id: 'x' },
      patientId: '7f1c4a6e-0000-4000-8000-000000000003',
      code: 'LOW_RESERVOIR',
      priority: 'critical',
      status: 'open',
      raisedAt: new Date('2026-03-10T09:00:00.000Z'),
      acknowledgedBy: null,
      acknowledgedAt: null,
      acknowledgeNote: null,
      snoozedUntil: null,
      snoozeReason: null,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
      escalated: true,
      escalatedAt: new Date('2026-03-10T09:15:00.000Z'),
      details: { refillDueDate: '2026-03-20', appointmentAt: null },
    });
    expect(alarmSnapshotText(a)).toBe(
      '{"acknowledgeNote":null,"acknowledgedAt":null,"acknowledgedBy":null,"code":"LOW_RESERVOIR",' +
        '"createdAt":"2026-03-10T09:00:00.000Z","details":{"appointmentAt":null,"refillDueDate":"2026-03-20"},' +
        '"escalated":true,"escalatedAt":"2026-03-10T09:15:00.000Z","id":"7f1c4a6e-0000-4000-8000-000000000001",' +
        '"patientId":"7f1c4a6e-0000-4000-8000-000000000003","priority":"critical",' +
        '"pumpId":"7f1c4a6e-0000-4000-8000-000000000002","raisedAt":"2026-03-10T09:00:00.000Z","resolution":null,' +
        '"resolvedAt":null,"resolvedBy":null,"snoozeReason":null,"snoozedUntil":null,"status":"open",' +
        '"updatedAt":"2026-03-10T09:15:00.000Z","version":2}',
    );
    expect(alarmSnapshotText(a)).toBe(reference(a));
  });
});
