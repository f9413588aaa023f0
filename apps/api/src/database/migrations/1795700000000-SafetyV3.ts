import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clinical safety v3: a refill keeps the delivery rate it measured (so a pump found running fast is projected
 * at least that fast until its next refill) and whether the nurse acknowledged a discrepancy before filling;
 * a patient may carry the screening (test) dose that bounds the first programmed dose.
 */
export class SafetyV31795700000000 implements MigrationInterface {
  name = 'SafetyV31795700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refills ADD COLUMN measured_rate_factor numeric(8,4)`);
    await q.query(`ALTER TABLE refills ADD COLUMN discrepancy_acknowledged boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE patients ADD COLUMN screening_dose_mcg numeric(8,2)`);
    // Policies v3 refuses would make every projection fail (and so raise no alarm at all): a stored one is
    // brought to the nearest safe value instead.
    await q.query(`UPDATE clinic_settings SET policy = policy || '{"worstCaseMarginDays": 1}'::jsonb
                    WHERE (policy->>'worstCaseMarginDays')::numeric < 1`);
    await q.query(`UPDATE clinic_settings SET policy = policy || jsonb_build_object('unitErrorFactor', 10)
                    WHERE (policy->>'unitErrorFactor')::numeric > 10`);
    await q.query(`UPDATE clinic_settings SET policy = policy || jsonb_build_object('unitErrorFactor', 2)
                    WHERE (policy->>'unitErrorFactor')::numeric < 2`);
    await q.query(`UPDATE clinic_settings
                      SET policy = policy || jsonb_build_object('highRiskBufferDays', policy->'bufferDays')
                    WHERE (policy->>'highRiskBufferDays')::numeric < (policy->>'bufferDays')::numeric`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE patients DROP COLUMN screening_dose_mcg`);
    await q.query(`ALTER TABLE refills DROP COLUMN discrepancy_acknowledged`);
    await q.query(`ALTER TABLE refills DROP COLUMN measured_rate_factor`);
  }
}
