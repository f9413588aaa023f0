import type { PatientDto, TriageCallDto } from '@pumpwatch/contracts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../../../lib/session';
import { jsonResponse } from '../../../test/render';
import { patient as basePatient } from '../../../test/fixtures';
import TriageRoute from '../routes/TriageRoute';
import { CloseCallForm } from './CloseCallForm';
import { TriageForm } from './TriageForm';
import { TriageResult } from './TriageResult';

const patient: PatientDto = {
  ...basePatient,
  riskFactors: ['RENAL_IMPAIRMENT'],
  oralBackupPlan: { doseMg: 10, timesPerDay: 4, notes: 'until seen' },
};

const call = (over: Partial<TriageCallDto> = {}): TriageCallDto => ({
  id: 'c1',
  patientId: 'pt1',
  pumpId: 'p1',
  at: '2026-03-05T21:10:00Z',
  caller: 'carer',
  symptoms: ['ITCHING', 'SPASTICITY_RETURN'],
  pumpAlarmHeard: false,
  notes: null,
  urgency: 'EMERGENCY',
  suspected: 'WITHDRAWAL',
  reasons: ['RESERVOIR_LOW'],
  actions: ['BRING_EMERGENCY_CARD', 'EMERGENCY_DEPARTMENT_NOW', 'START_ORAL_BACKUP_PLAN'],
  context: {
    reservoirAtOrBelowAlarm: false,
    pastWorstCaseAlarm: true,
    openAlarms: ['REFILL_OVERDUE'],
    lastDoseIncreaseAt: null,
    lastRefillAt: '2025-12-01T10:00:00Z',
  },
  projectionAvailable: true,
  highRisk: false,
  oralBackupPlan: patient.oralBackupPlan,
  status: 'open',
  outcome: null,
  outcomeNotes: null,
  closedAt: null,
  closedBy: null,
  recordedBy: 'u1',
  createdAt: '2026-03-05T21:10:00Z',
  version: 1,
  ...over,
});

function renderWith(ui: React.ReactElement, role: 'nurse' | 'staff' = 'nurse') {
  sessionStorage.setItem(
    'pumpwatch.session',
    JSON.stringify({ accessToken: 't', user: { id: 'u1', email: 'n@x', name: 'Nurse', role } }),
  );
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <SessionProvider>
        <MemoryRouter>{ui}</MemoryRouter>
      </SessionProvider>
    </QueryClientProvider>,
  );
}

describe('triage screen: a call start to finish', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      if (url.startsWith('/api/clinic-settings')) return jsonResponse({ timeZone: 'UTC', policy: {} });
      if (url === '/api/triage-calls?status=open') return jsonResponse([]);
      if (url.startsWith('/api/patients?')) return jsonResponse({ items: [patient], total: 1 });
      if (url === '/api/patients/pt1/triage-calls' && init?.method === 'POST') return jsonResponse(call(), 201);
      if (url === '/api/patients/pt1') return jsonResponse(patient);
      if (url === '/api/triage-calls/c1') return jsonResponse(call());
      return jsonResponse({ statusCode: 404, code: 'NOT_FOUND', message: url }, 404);
    });
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('finds the patient, sends what was ticked, and shows the answer in words with the oral backup plan', async () => {
    renderWith(<TriageRoute />);
    await userEvent.type(screen.getByLabelText('Patient name or MRN'), 'Love');
    await userEvent.click(await screen.findByRole('button', { name: /Lovelace, Ada/ }));
    await userEvent.click(await screen.findByLabelText('A carer or relative'));
    await userEvent.click(screen.getByLabelText(/Itching/));
    await userEvent.click(screen.getByLabelText(/Stiffness or spasms/));
    await userEvent.click(screen.getByRole('button', { name: 'Classify the call' }));

    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST')!;
    expect(post[0]).toBe('/api/patients/pt1/triage-calls');
    expect(JSON.parse(post[1].body as string)).toEqual({
      caller: 'carer',
      symptoms: ['ITCHING', 'SPASTICITY_RETURN'],
      pumpAlarmHeard: false,
    });

    const urgency = await screen.findByTestId('urgency');
    expect(urgency).toHaveAttribute('data-urgency', 'EMERGENCY');
    expect(urgency).toHaveClass('urgency-EMERGENCY');
    expect(urgency).toHaveTextContent('Emergency: to an emergency department now');
    expect(urgency).toHaveTextContent('Possible withdrawal');
    expect(screen.getByTestId('reasons')).toHaveTextContent('may be running empty');
    const actions = within(screen.getByTestId('actions')).getAllByRole('listitem');
    expect(actions.map((a) => a.dataset.action)).toEqual([
      'EMERGENCY_DEPARTMENT_NOW',
      'BRING_EMERGENCY_CARD',
      'START_ORAL_BACKUP_PLAN',
    ]);
    expect(screen.getByTestId('oral-backup-directions')).toHaveTextContent(
      'Advise now: 10 mg of baclofen by mouth, 4 times a day',
    );
    expect(await screen.findByTestId('renal')).toHaveTextContent('yes');
    expect(screen.getByTestId('cns')).toHaveTextContent('not recorded');
    expect(screen.getByRole('form', { name: 'Record the outcome' })).toBeInTheDocument();
  });

  it('front-desk staff cannot take a call', async () => {
    renderWith(<TriageRoute />, 'staff');
    expect(await screen.findByText(/taken by a nurse or a physician/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Patient name or MRN')).not.toBeInTheDocument();
  });
});

describe('triage form', () => {
  it('asks who is calling before sending anything', async () => {
    const onSubmit = vi.fn();
    renderWith(<TriageForm pending={false} onSubmit={onSubmit} />);
    await userEvent.click(screen.getByLabelText(/Unusually sleepy/));
    await userEvent.click(screen.getByRole('button', { name: 'Classify the call' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent('Choose who is calling');
    await userEvent.click(screen.getByLabelText('The patient'));
    await userEvent.click(screen.getByLabelText(/heard the pump alarm/));
    await userEvent.click(screen.getByRole('button', { name: 'Classify the call' }));
    expect(onSubmit).toHaveBeenCalledWith({ caller: 'patient', symptoms: ['DROWSINESS'], pumpAlarmHeard: true });
  });

  it('marks the severe signs', () => {
    renderWith(<TriageForm pending={false} onSubmit={vi.fn()} />);
    expect(screen.getByText('Slow or shallow breathing').parentElement).toHaveTextContent('severe');
    expect(screen.getByText('Itching').parentElement).not.toHaveTextContent('severe');
  });
});

describe('triage result', () => {
  it('an overdose-possible call says not to advise oral baclofen, even with a plan on record', () => {
    renderWith(
      <TriageResult
        call={call({
          symptoms: ['DROWSINESS'],
          suspected: 'OVERDOSE',
          reasons: ['RECENT_REFILL'],
          actions: ['BRING_EMERGENCY_CARD', 'EMERGENCY_DEPARTMENT_NOW'],
        })}
        patient={patient}
        timeZone="UTC"
      />,
    );
    expect(screen.getByTestId('no-oral-baclofen')).toHaveTextContent('Do not advise oral baclofen');
    expect(screen.getByTestId('oral-backup-directions')).not.toHaveTextContent('Advise now');
    expect(screen.getByTestId('reasons')).toHaveTextContent('refilled in the last 48 hours');
  });

  it('a routine call is shown in words and its own colour', () => {
    renderWith(
      <TriageResult
        call={call({
          symptoms: [],
          suspected: 'NONE',
          urgency: 'ROUTINE',
          reasons: [],
          actions: ['ROUTINE_FOLLOW_UP'],
        })}
        patient={patient}
        timeZone="UTC"
      />,
    );
    expect(screen.getByTestId('urgency')).toHaveClass('urgency-ROUTINE');
    expect(screen.getByTestId('urgency')).toHaveTextContent('Routine: no urgent action');
    expect(screen.queryByTestId('no-oral-baclofen')).not.toBeInTheDocument();
  });
});

describe('recording the outcome', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the outcome with the version read', async () => {
    const fetchMock = vi.fn(async () =>
      jsonResponse(
        call({ status: 'closed', outcome: 'SENT_TO_EMERGENCY', closedAt: '2026-03-05T21:40:00Z', version: 2 }),
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    renderWith(<CloseCallForm call={call()} timeZone="UTC" canClose />);
    const save = screen.getByRole('button', { name: 'Record outcome' });
    expect(save).toBeDisabled();
    await userEvent.click(screen.getByLabelText('Sent to the emergency department'));
    await userEvent.type(screen.getByLabelText('Notes'), 'ambulance called');
    await userEvent.click(save);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/triage-calls/c1');
    expect(init.method).toBe('PATCH');
    expect(JSON.parse(init.body as string)).toEqual({
      outcome: 'SENT_TO_EMERGENCY',
      version: 1,
      notes: 'ambulance called',
    });
  });

  it('a closed call shows its outcome instead of the form', () => {
    renderWith(
      <CloseCallForm
        call={call({ status: 'closed', outcome: 'PUMP_CHECKED', closedAt: '2026-03-05T22:00:00Z', outcomeNotes: 'ok' })}
        timeZone="UTC"
        canClose
      />,
    );
    expect(screen.getByTestId('call-closed')).toHaveTextContent('Pump checked');
    expect(screen.queryByRole('button', { name: 'Record outcome' })).not.toBeInTheDocument();
  });
});
