import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table compliance.training_course (
      id uuid primary key,
      code text collate "C" not null unique,
      course jsonb not null
    )`.execute(db)
  await sql`create table compliance.training_completion (
      id uuid primary key,
      staff_id text not null,
      course_id uuid not null references compliance.training_course (id),
      completion jsonb not null
    )`.execute(db)
  await sql`create index training_completion_staff_idx on compliance.training_completion (staff_id)`.execute(db)
  await sql`create trigger training_completion_append_only before update or delete or truncate on compliance.training_completion
      for each statement execute function compliance.refuse_change()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table compliance.training_completion, compliance.training_course`.execute(db)
}
