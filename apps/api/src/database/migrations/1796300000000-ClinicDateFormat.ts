import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The clinic's date format for typed dates (lot expiry, appointment and refill times…), so the browser's locale
 * never decides whether 03/04 is March or April. Existing clinics get day-first, the format the dashboard's
 * default zone (Europe/London) writes; the check keeps the column to the formats the forms can read.
 */
export class ClinicDateFormat1796300000000 implements MigrationInterface {
  name = 'ClinicDateFormat1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "clinic_settings" ADD COLUMN "date_format" text NOT NULL DEFAULT 'DD/MM/YYYY'
        CONSTRAINT "CHK_clinic_settings_date_format"
        CHECK ("date_format" IN ('DD/MM/YYYY', 'YYYY-MM-DD', 'MM/DD/YYYY', 'DD.MM.YYYY'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clinic_settings" DROP COLUMN "date_format"`);
  }
}
