/** Whether the alarm engine is still being run (the scheduled sweep that raises and resolves alarms). */
export interface AlarmSweepHealth {
  /** When the last scheduled sweep (by any API instance) finished; null before the first one. */
  lastSuccessAt: string | null;
  /** Seconds since then; null before the first sweep. */
  ageSeconds: number | null;
  /** False once three scheduled sweeps have passed without one finishing: the alarms may be stale. */
  ok: boolean;
}

/** `GET /api/health`: 200 when the database answers, 503 otherwise. */
export interface HealthResponse {
  status: 'ok' | 'degraded';
  database: 'up' | 'down';
  alarmSweep: AlarmSweepHealth;
}

/** `GET /api/health/ready`: 200 when this instance should get traffic (database up, alarms not stale), else 503. */
export interface ReadinessResponse {
  status: 'ready' | 'not-ready';
  database: 'up' | 'down';
  alarmSweep: AlarmSweepHealth;
}
