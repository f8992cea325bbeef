import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db)
  }
}

const statements = `
    -- One open case per client, enforced by the database: concurrent alerts for a client find the same case.
    create table risk.case (
      id uuid primary key,
      client_id uuid not null,
      status text not null check (status in ('open', 'closed')),
      assignee text,
      sla_due_at timestamptz not null,
      outcome text check (outcome in ('true_positive', 'false_positive', 'needs_information')),
      outcome_note text,
      outcome_by text,
      outcome_at timestamptz,
      suspicious_report_id uuid,
      opened_at timestamptz not null,
      closed_at timestamptz,
      version integer not null
    );
    create unique index case_one_open_per_client on risk.case (client_id) where status = 'open';
    create index case_status_idx on risk.case (status, sla_due_at);

    create table risk.alert (
      id uuid primary key,
      client_id uuid not null,
      case_id uuid not null references risk.case (id),
      decision_id uuid not null,
      transfer_id uuid,
      outcome text not null,
      score integer not null,
      rule_ids text[] not null,
      created_at timestamptz not null
    );
    create index alert_case_idx on risk.alert (case_id);
    create index alert_client_idx on risk.alert (client_id, created_at);

    create table risk.case_note (
      id uuid primary key,
      case_id uuid not null references risk.case (id),
      by_staff text not null,
      text text not null,
      at timestamptz not null
    );
    create index case_note_case_idx on risk.case_note (case_id, at);

    -- The outcome of a case, per rule that contributed: the tuning record.
    create table risk.rule_outcome (
      case_id uuid not null references risk.case (id),
      rule_id text collate "C" not null,
      outcome text not null,
      at timestamptz not null,
      primary key (case_id, rule_id)
    );

    create table risk.snooze (
      id uuid primary key,
      client_id uuid not null,
      rule_id text collate "C" not null,
      until timestamptz not null,
      reason text not null,
      by_staff text not null,
      at timestamptz not null
    );
    create index snooze_client_idx on risk.snooze (client_id, until)
`

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table risk.snooze, risk.rule_outcome, risk.case_note, risk.alert, risk.case`.execute(db)
}
