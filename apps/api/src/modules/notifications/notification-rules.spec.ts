import { ALARM_CODES, type AlarmCode } from '@pumpwatch/contracts';
import { alarmMail, alarmWords } from './notification-rules';

const subject = (code: AlarmCode) =>
  alarmMail(
    'oncall@test.local',
    'alarm.raised',
    {
      alarmId: '00000000-0000-4000-8000-000000000001',
      code,
      priority: 'critical',
      status: 'open',
      mrn: 'MRN-1',
      initials: 'AB',
      pumpId: '00000000-0000-4000-8000-000000000002',
      serialNumber: 'SN-1',
    },
    'https://pumpwatch.example',
  );

describe('alarm e-mail words', () => {
  it("names every alarm code in words, never the bare code (the alarms added after the e-mail's own list showed it)", () => {
    for (const code of ALARM_CODES) expect(alarmWords(code)).not.toBe(code);
  });

  it('says what the board says: a stopped therapy is named with its withdrawal risk', () => {
    const mail = subject('THERAPY_STOPPED');
    expect(mail.subject).toBe(
      '[PumpWatch] CRITICAL alarm: Therapy stopped (0 mcg/day programmed): withdrawal risk until a dose is restarted',
    );
    expect(mail.text.split('\n')[0]).toBe(
      'Therapy stopped (0 mcg/day programmed): withdrawal risk until a dose is restarted (THERAPY_STOPPED)',
    );
  });

  it('shows a code it does not know as it is', () => {
    expect(alarmWords('SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });
});
