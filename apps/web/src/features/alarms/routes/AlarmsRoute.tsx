import {
  ALARM_CODES,
  ALARM_PRIORITIES,
  ALARM_STATUSES,
  type AlarmCode,
  type AlarmPriority,
} from '@pumpwatch/contracts';
import { resolveAlarmPolicy } from '@pumpwatch/domain';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Empty, ErrorState, Loading } from '../../../components/ui/States';
import { ApiError } from '../../../lib/api-client';
import { alarmWords, PRIORITY_WORDS } from '../../../lib/codes';
import { formatInstant } from '../../../lib/format';
import { clinicSettingsQuery, useClinicTimeZone } from '../../../lib/reference-data';
import { useSession } from '../../../lib/session';
import { useNow } from '../../../lib/use-now';
import { patientLookupQuery, useAlarmActions, type AlarmView, type StatusFilter } from '../api/alarms';
import type { BoardFilter } from '../api/board-deltas';
import { useAlarmBoard } from '../api/use-alarm-board';
import { AlarmList } from '../components/AlarmList';
import { AlarmNotificationPanel } from '../components/AlarmNotificationPanel';
import { ResolveDialog, SnoozeDialog } from '../components/SnoozeDialog';
import { useCriticalCue } from '../components/useCriticalCue';

const STREAM_WORDS = {
  connecting: 'Connecting live updates…',
  live: 'Live updates on',
  down: 'Live updates off (refreshing every minute)',
};

/** The API's refusal in words; a snooze's limit is the one the API applied (the clinic's policy). */
const errorText = (e: unknown) =>
  e instanceof ApiError
    ? e.code === 'SNOOZE_TOO_LONG'
      ? `Snooze is too long for this alarm. ${e.message}.`
      : e.statusCode === 403
        ? 'Your role may not do this for this alarm.'
        : `${e.message} (${e.code})`
    : 'Could not reach the server.';

export default function AlarmsRoute() {
  const { user, token } = useSession();
  // a notification's link (/alarms?id=…) opens that alarm's detail with its delivery status
  const [params, setParams] = useSearchParams();
  const detailId = params.get('id');
  const role = user?.role;
  const timeZone = useClinicTimeZone();
  const settings = useQuery(clinicSettingsQuery());
  const lifecycle = resolveAlarmPolicy(settings.data?.policy);
  const nowMs = useNow();
  const [status, setStatus] = useState<StatusFilter>('open');
  const [priority, setPriority] = useState<AlarmPriority | ''>('');
  const [code, setCode] = useState<AlarmCode | ''>('');
  const [snoozing, setSnoozing] = useState<AlarmView | null>(null);
  const [resolving, setResolving] = useState<AlarmView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // filtered by the server, page by page; live changes laid over the pages (no re-read per change)
  const filter = useMemo<BoardFilter>(
    () => ({ status, priority: priority || undefined, code: code || undefined }),
    [status, priority, code],
  );
  const { stream, board: alarms, rows, criticalRows, summary, apply, resync, loadMore } = useAlarmBoard(token, filter);
  // Only when the list does not embed the patient (older API): names and risk flags by id.
  const needLookup = rows.some((a) => !a.patient);
  const patients = useQuery({ ...patientLookupQuery(), enabled: needLookup });
  const cue = useCriticalCue(criticalRows);

  const {
    acknowledge: ack,
    snooze,
    resolve,
  } = useAlarmActions({
    changed: (alarm, action) => {
      apply(alarm);
      if (action === 'snoozed') setSnoozing(null);
      if (action === 'resolved') setResolving(null);
      setNotice(`Alarm ${action}.`);
    },
    acknowledgeFailed: (e) => {
      setNotice(errorText(e));
      resync(); // e.g. changed meanwhile: show the server's truth
    },
  });

  const counts = summary.data?.byPriority;

  return (
    <section aria-labelledby="alarms-title">
      <div className="page-head">
        <h2 id="alarms-title">Alarm board</h2>
        <span className="muted" role="status">
          {STREAM_WORDS[stream]}
        </span>
        <button type="button" className="btn btn-small" aria-pressed={cue.muted} onClick={cue.toggleMute}>
          {cue.muted ? 'Sound muted' : 'Sound on'}
        </button>
      </div>
      {detailId && <AlarmNotificationPanel alarmId={detailId} onClose={() => setParams({})} />}

      {cue.fresh.length > 0 && (
        <div className="alert alert-critical" role="alert" data-testid="new-critical">
          <span aria-hidden="true">◆ </span>
          <strong>New critical alarm{cue.fresh.length > 1 ? 's' : ''}:</strong>{' '}
          {cue.fresh.map((a) => alarmWords(a.code)).join('; ')}
          <button type="button" className="btn btn-small" onClick={cue.dismiss}>
            Dismiss
          </button>
        </div>
      )}
      {notice && (
        <p className="alert alert-info" role="status">
          {notice}{' '}
          <button type="button" className="btn btn-small" onClick={() => setNotice(null)}>
            OK
          </button>
        </p>
      )}

      <form className="filters" aria-label="Alarm filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="f-status">Status</label>
        <select id="f-status" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
          {ALARM_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.charAt(0).toUpperCase() + s.slice(1)}
            </option>
          ))}
          <option value="active">All unresolved</option>
          <option value="all">All</option>
        </select>
        <label htmlFor="f-priority">Priority</label>
        <select id="f-priority" value={priority} onChange={(e) => setPriority(e.target.value as AlarmPriority | '')}>
          <option value="">All priorities</option>
          {ALARM_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {PRIORITY_WORDS[p]}
              {counts ? ` (${counts[p]})` : ''}
            </option>
          ))}
        </select>
        <label htmlFor="f-code">Alarm</label>
        <select id="f-code" value={code} onChange={(e) => setCode(e.target.value as AlarmCode | '')}>
          <option value="">All alarms</option>
          {ALARM_CODES.map((c) => (
            <option key={c} value={c}>
              {alarmWords(c)}
            </option>
          ))}
        </select>
        <span className="muted">
          {rows.length} shown
          {alarms.hasNextPage ? ' (more below)' : ''} · times in {timeZone} · updated{' '}
          {formatInstant(new Date(alarms.dataUpdatedAt || nowMs).toISOString(), timeZone)}
        </span>
      </form>

      {alarms.isPending && !alarms.isFetching && stream === 'connecting' ? (
        <Loading label="Connecting live updates…" />
      ) : alarms.isPending ? (
        <Loading label="Loading alarms…" />
      ) : alarms.isError ? (
        <ErrorState error={alarms.error} onRetry={() => void alarms.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>No alarms match these filters.</Empty>
      ) : (
        <AlarmList
          alarms={rows}
          patients={patients.data}
          timeZone={timeZone}
          nowMs={nowMs}
          role={role}
          busyId={ack.isPending ? ack.variables?.id : undefined}
          onAcknowledge={(a) => ack.mutate({ id: a.id })}
          onSnooze={(a) => {
            snooze.reset();
            setSnoozing(a);
          }}
          onResolve={(a) => {
            resolve.reset();
            setResolving(a);
          }}
          onNearEnd={loadMore}
        />
      )}
      {alarms.hasNextPage && (
        <button type="button" className="btn btn-small" onClick={loadMore} disabled={alarms.isFetchingNextPage}>
          {alarms.isFetchingNextPage ? 'Loading more alarms…' : 'Load more alarms'}
        </button>
      )}

      {snoozing && (
        <SnoozeDialog
          alarm={snoozing}
          policy={lifecycle}
          timeZone={timeZone}
          nowMs={Date.now()}
          pending={snooze.isPending}
          error={snooze.isError ? errorText(snooze.error) : undefined}
          onClose={() => setSnoozing(null)}
          onSubmit={(v) => snooze.mutate({ id: snoozing.id, ...v })}
        />
      )}
      {resolving && (
        <ResolveDialog
          alarm={resolving}
          pending={resolve.isPending}
          error={resolve.isError ? errorText(resolve.error) : undefined}
          onClose={() => setResolving(null)}
          onSubmit={(note) => resolve.mutate({ id: resolving.id, note })}
        />
      )}
    </section>
  );
}
