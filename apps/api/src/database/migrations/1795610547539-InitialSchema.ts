import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795610547539 implements MigrationInterface {
  name = 'InitialSchema1795610547539';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "patients" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "mrn" text NOT NULL, "given_name" text NOT NULL, "family_name" text NOT NULL, "birth_date" date NOT NULL, "spasticity_origin" text NOT NULL, "risk_factors" text array NOT NULL DEFAULT '{}', "high_risk" boolean NOT NULL DEFAULT false, "phone" text, "notes" text, CONSTRAINT "PK_a7f0b9fcbb3469d5ec0b0aceaa7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_2fe90c44da84b034e30bdadb9d" ON "patients"  ("mrn") `);
    await queryRunner.query(
      `CREATE TABLE "pumps" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "patient_id" uuid NOT NULL, "model" text NOT NULL, "serial_number" text NOT NULL, "reservoir_capacity_ml" numeric(6,2) NOT NULL, "low_reservoir_alarm_ml" numeric(6,2) NOT NULL, "implanted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "manufactured_at" TIMESTAMP WITH TIME ZONE, "catheter_model" text, "catheter_volume_ml" numeric(6,3), "eri_date" date, "worst_case_factor" numeric(6,4), "discrepancy_threshold_ml" numeric(6,2), "eri_reported_at" TIMESTAMP WITH TIME ZONE, "therapy_interrupted" boolean NOT NULL DEFAULT false, "mri_check_due" boolean NOT NULL DEFAULT false, "explanted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c29366e8b65bd472501df54a31c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_a80109e97439be80c43e9521a2" ON "pumps"  ("patient_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5a348573090c9d8342b9c77a55" ON "pumps"  ("serial_number") `);
    await queryRunner.query(
      `CREATE TABLE "alarms" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "pump_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "code" text NOT NULL, "priority" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_by" uuid, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledge_note" text, "snoozed_until" TIMESTAMP WITH TIME ZONE, "snooze_reason" text, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by" uuid, "resolution" text, "escalated" boolean NOT NULL DEFAULT false, "escalated_at" TIMESTAMP WITH TIME ZONE, "details" jsonb, CONSTRAINT "PK_b776da486fb19d38b4f7777a6da" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_087c9cbe8bfe1e8eef1d6654dc" ON "alarms"  ("patient_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_a24d5c7c954265089e8a065f30" ON "alarms"  ("status", "priority") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_alarms_open_per_pump_code" ON "alarms"  ("pump_id", "code") WHERE status <> 'resolved'`,
    );
    await queryRunner.query(
      `CREATE TABLE "appointments" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "pump_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "kind" text NOT NULL DEFAULT 'refill', "status" text NOT NULL DEFAULT 'booked', "refill_id" uuid, "notes" text, "created_by" uuid NOT NULL, CONSTRAINT "PK_4a437a9a27e948726b8bb3e36ad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8339ace52a2aa589733a702af6" ON "appointments"  ("pump_id", "status", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" uuid NOT NULL, "seq" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "user_id" uuid, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text NOT NULL, "before" jsonb, "after" jsonb, "prev_hash" text NOT NULL, "hash" text NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ce5b9b7d945cab0a6c604bafd9" ON "audit_log"  ("seq") `);
    await queryRunner.query(`CREATE INDEX "IDX_c6c5d74b38ecfe778182348e7c" ON "audit_log"  ("entity_id") `);
    await queryRunner.query(
      `CREATE TABLE "clinic_settings" ("id" integer NOT NULL DEFAULT '1', "clinic_name" text NOT NULL, "time_zone" text NOT NULL, "phone" text NOT NULL DEFAULT '', "out_of_hours_phone" text NOT NULL DEFAULT '', "working_days" integer array NOT NULL DEFAULT '{1,2,3,4,5}', "opening_time" text NOT NULL DEFAULT '09:00', "closing_time" text NOT NULL DEFAULT '16:00', "policy" jsonb NOT NULL, "version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b0c4cdd69fc13bd7961fa44e6a7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "dose_programs" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "pump_id" uuid NOT NULL, "effective_at" TIMESTAMP WITH TIME ZONE NOT NULL, "basal_dose_mcg_per_day" numeric(10,3), "flex_steps" jsonb, "bolus_dose_mcg" numeric(10,3), "max_boluses_per_day" integer, "programmed_dose_mcg_per_day" numeric(10,3) NOT NULL, "warnings" text array NOT NULL DEFAULT '{}', "overridden" text array NOT NULL DEFAULT '{}', "override_reason" text, "notes" text, "created_by" uuid NOT NULL, "verified_by" uuid, "verified_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_962b963b588745a428ab7b4e232" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2dd2390c623dcbf14d0dc10897" ON "dose_programs"  ("pump_id", "effective_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "drug_library" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "concentration_mcg_per_ml" numeric(10,2) NOT NULL, "screening_only" boolean NOT NULL DEFAULT false, "compounded" boolean NOT NULL DEFAULT false, "max_refill_interval_days" integer NOT NULL DEFAULT '180', "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_28b4f3ed7d1bad5e845c0053ca9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("user_id" uuid NOT NULL, "route" text NOT NULL, "key" text NOT NULL, "request_hash" text NOT NULL, "response_status" integer, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_79acb7b6848bf92c25a73249d86" PRIMARY KEY ("user_id", "route", "key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "pump_events" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "pump_id" uuid NOT NULL, "type" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "notes" text, "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dd1c9dde4c74cd4d5ae417a1564" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_2d39fb15b34fb438fe7d40a295" ON "pump_events"  ("pump_id", "at") `);
    await queryRunner.query(
      `CREATE TABLE "refills" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "pump_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actual_residual_ml" numeric(6,2) NOT NULL, "volume_added_ml" numeric(6,2) NOT NULL, "concentration_mcg_per_ml" numeric(10,2) NOT NULL, "programmed_concentration_mcg_per_ml" numeric(10,2) NOT NULL, "needle_position_confirmed" boolean NOT NULL, "drug_library_id" uuid, "beyond_use_days" integer, "expected_residual_ml" numeric(8,3), "expected_delivered_ml" numeric(8,3), "discrepancy_ml" numeric(8,3), "discrepancy_pct" numeric(8,1), "discrepancy_threshold_ml" numeric(8,3), "discrepancy" text NOT NULL DEFAULT 'NONE', "initial_fill" boolean NOT NULL DEFAULT false, "warnings" text array NOT NULL DEFAULT '{}', "second_checker_id" uuid, "lot_number" text, "lot_expiry" date, "bridge_bolus_mcg" numeric(10,3), "notes" text, "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_2e4780bb9008a9140e87bdd283d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bfaeb9a2edd46e246f530ce5a3" ON "refills"  ("pump_id", "at") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "email" text NOT NULL, "name" text NOT NULL, "role" text NOT NULL, "password_hash" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "failed_logins" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_97672ac88f789774dd47f7c8be" ON "users"  ("email") `);
    await queryRunner.query(
      `ALTER TABLE "pumps" ADD CONSTRAINT "FK_a80109e97439be80c43e9521a2e" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "alarms" ADD CONSTRAINT "FK_90058d05e264fe09e28c1b6d471" FOREIGN KEY ("pump_id") REFERENCES "pumps"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "appointments" ADD CONSTRAINT "FK_c9691a584275e4101d40d4c8690" FOREIGN KEY ("pump_id") REFERENCES "pumps"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "dose_programs" ADD CONSTRAINT "FK_a4aabb8bd567175bb729d456cbd" FOREIGN KEY ("pump_id") REFERENCES "pumps"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "pump_events" ADD CONSTRAINT "FK_99534368cb6836f380829d14467" FOREIGN KEY ("pump_id") REFERENCES "pumps"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refills" ADD CONSTRAINT "FK_8d3d79d8c6742f48bbb2aede8c0" FOREIGN KEY ("pump_id") REFERENCES "pumps"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refills" DROP CONSTRAINT "FK_8d3d79d8c6742f48bbb2aede8c0"`);
    await queryRunner.query(`ALTER TABLE "pump_events" DROP CONSTRAINT "FK_99534368cb6836f380829d14467"`);
    await queryRunner.query(`ALTER TABLE "dose_programs" DROP CONSTRAINT "FK_a4aabb8bd567175bb729d456cbd"`);
    await queryRunner.query(`ALTER TABLE "appointments" DROP CONSTRAINT "FK_c9691a584275e4101d40d4c8690"`);
    await queryRunner.query(`ALTER TABLE "alarms" DROP CONSTRAINT "FK_90058d05e264fe09e28c1b6d471"`);
    await queryRunner.query(`ALTER TABLE "pumps" DROP CONSTRAINT "FK_a80109e97439be80c43e9521a2e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_97672ac88f789774dd47f7c8be"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bfaeb9a2edd46e246f530ce5a3"`);
    await queryRunner.query(`DROP TABLE "refills"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2d39fb15b34fb438fe7d40a295"`);
    await queryRunner.query(`DROP TABLE "pump_events"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP TABLE "drug_library"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2dd2390c623dcbf14d0dc10897"`);
    await queryRunner.query(`DROP TABLE "dose_programs"`);
    await queryRunner.query(`DROP TABLE "clinic_settings"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c6c5d74b38ecfe778182348e7c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ce5b9b7d945cab0a6c604bafd9"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8339ace52a2aa589733a702af6"`);
    await queryRunner.query(`DROP TABLE "appointments"`);
    await queryRunner.query(`DROP INDEX "public"."uq_alarms_open_per_pump_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a24d5c7c954265089e8a065f30"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_087c9cbe8bfe1e8eef1d6654dc"`);
    await queryRunner.query(`DROP TABLE "alarms"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5a348573090c9d8342b9c77a55"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a80109e97439be80c43e9521a2"`);
    await queryRunner.query(`DROP TABLE "pumps"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2fe90c44da84b034e30bdadb9d"`);
    await queryRunner.query(`DROP TABLE "patients"`);
  }
}
