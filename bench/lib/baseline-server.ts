// The API bench's baseline: a bare Node http + pg server answering each benchmarked route with the equivalent
// indexed query and JSON, without Nest, auth, validation or the engine. Run as its own process (like the API).
import http from 'node:http';
import { Pool } from 'pg';

export const BASELINE_QUERIES = {
  alarms: `SELECT id, pump_id, patient_id, code, priority, status, raised_at FROM alarms WHERE status = 'open'
    ORDER BY array_position(ARRAY['critical','high','medium','low'], priority), raised_at`,
  /**
   * One page of the board: the API's keyset index (alarms_board_unresolved_idx) in its order, with the patient,
   * and every alarm column the API's rows carry (acknowledgement, snooze, resolution, escalation): the same data
   * out, less the pump's projection numbers, which need the engine.
   */
  alarmsPage: `SELECT a.id, a.pump_id, a.patient_id, a.code, a.priority, a.status, a.raised_at, a.updated_at,
      a.acknowledged_by, a.acknowledged_at, a.acknowledge_note, a.snoozed_until, a.snooze_reason, a.resolved_at,
      a.resolved_by, a.resolution, a.escalated, a.escalated_at, a.details, a.version,
      pt.mrn, pt.given_name, pt.family_name, pt.high_risk
    FROM alarms a LEFT JOIN patients pt ON pt.id = a.patient_id
    WHERE a.status = 'open' ORDER BY alarm_priority_rank(a.priority), a.raised_at, a.id LIMIT $1`,
  /** The board page's baseline of the runs before 2026-12-01 18:00Z: 13 of those columns (kept for comparison). */
  alarmsPageNarrow: `SELECT a.id, a.pump_id, a.patient_id, a.code, a.priority, a.status, a.raised_at, a.details, a.version,
      pt.mrn, pt.given_name, pt.family_name, pt.high_risk
    FROM alarms a LEFT JOIN patients pt ON pt.id = a.patient_id
    WHERE a.status = 'open' ORDER BY alarm_priority_rank(a.priority), a.raised_at, a.id LIMIT $1`,
  /**
   * One page of the worklist as plain SQL can give it: active pumps with patient and latest refill, by pump id.
   * (The API must rank every pump by its engine-computed due date to know which come first; SQL has no such index.)
   */
  worklistPage: `SELECT p.id, p.patient_id, pt.mrn, pt.given_name, pt.family_name, pt.high_risk,
      r.at, r.volume_added_ml, r.concentration_mcg_per_ml
    FROM pumps p JOIN patients pt ON pt.id = p.patient_id
    JOIN LATERAL (SELECT at, volume_added_ml, concentration_mcg_per_ml FROM refills
      WHERE pump_id = p.id ORDER BY at DESC LIMIT 1) r ON true
    WHERE p.explanted_at IS NULL ORDER BY p.id LIMIT $1`,
  worklist: `SELECT p.id, p.patient_id, r.at, r.volume_added_ml, r.concentration_mcg_per_ml
    FROM pumps p JOIN LATERAL (SELECT at, volume_added_ml, concentration_mcg_per_ml FROM refills
      WHERE pump_id = p.id ORDER BY at DESC LIMIT 1) r ON true
    WHERE p.explanted_at IS NULL`,
  pumpStatus: `SELECT p.id, p.patient_id, p.reservoir_capacity_ml, r.at, r.volume_added_ml, r.concentration_mcg_per_ml,
      (SELECT json_agg(d ORDER BY d.effective_at) FROM dose_programs d WHERE d.pump_id = p.id AND d.effective_at >= r.at - interval '400 days') AS programs,
      (SELECT min(a.at) FROM appointments a WHERE a.pump_id = p.id AND a.status = 'booked') AS next_appointment_at
    FROM pumps p LEFT JOIN LATERAL (SELECT at, volume_added_ml, concentration_mcg_per_ml FROM refills
      WHERE pump_id = p.id ORDER BY at DESC LIMIT 1) r ON true
    WHERE p.id = $1`,
};

if (require.main === module) {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const port = Number(process.env.PORT ?? 3998);
  http
    .createServer(async (req, res) => {
      try {
        const url = new URL(req.url ?? '/', 'http://x');
        let rows: unknown[];
        const limit = url.searchParams.get('limit');
        if (url.pathname === '/alarms' && limit) rows = (await pool.query(BASELINE_QUERIES.alarmsPage, [limit])).rows;
        else if (url.pathname === '/alarms-narrow' && limit)
          rows = (await pool.query(BASELINE_QUERIES.alarmsPageNarrow, [limit])).rows;
        else if (url.pathname === '/alarms') rows = (await pool.query(BASELINE_QUERIES.alarms)).rows;
        else if (url.pathname === '/worklist' && limit)
          rows = (await pool.query(BASELINE_QUERIES.worklistPage, [limit])).rows;
        else if (url.pathname === '/worklist') rows = (await pool.query(BASELINE_QUERIES.worklist)).rows;
        else if (url.pathname.startsWith('/pumps/'))
          rows = (await pool.query(BASELINE_QUERIES.pumpStatus, [url.pathname.split('/')[2]])).rows;
        else {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows));
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    })
    .listen(port, '127.0.0.1', () => console.log(`baseline listening on ${port}`));
}
