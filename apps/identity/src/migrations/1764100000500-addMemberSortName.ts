import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The members list is ordered by the name shown for each member, which comes from three tables
 * (the officer's name, the Discord display name, the main character's). Kept on the member and
 * indexed, a page is an index range instead of a sort of the whole guild.
 */
export class AddMemberSortName1764100000500 implements MigrationInterface {
  name = 'AddMemberSortName1764100000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE members ADD COLUMN sort_name text NOT NULL DEFAULT ''`);
    await queryRunner.query('CREATE INDEX members_sort_name ON members (lower(sort_name), id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX members_sort_name');
    await queryRunner.query('ALTER TABLE members DROP COLUMN sort_name');
  }
}
