/** `GET /api/health`: 200 when the database answers, 503 otherwise. */
export interface HealthResponse {
  status: 'ok' | 'degraded';
  database: 'up' | 'down';
}
