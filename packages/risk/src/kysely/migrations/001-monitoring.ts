import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
// One statement per query: PGlite runs parameterless scripts through the extended protocol too.
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db)
  }
}

const statements = `
    create function risk.refuse_change() returns trigger language plpgsql as $$ begin raise exception 'risk: % on % is not allowed: the record is append-only', tg_op, tg_table_name; end $$;

    -- A rule keeps its stable id; what it says lives in numbered versions. At most one version is live and one runs in shadow.
    create table risk.rule (
      id text collate "C" primary key,
      name text not null,
      typology text not null,
      created_by text not null,
      created_at timestamptz not null
    );
    create table risk.rule_version (
      rule_id text collate "C" not null references risk.rule (id),
      version integer not null check (version > 0),
      definition jsonb not null,
      state text not null check (state in ('draft', 'live', 'shadow', 'retired')),
      created_by text not null,
      created_at timestamptz not null,
      activated_by text,
      activated_at timestamptz,
      approval_id uuid,
      primary key (rule_id, version)
    );
    create unique index rule_version_one_live on risk.rule_version (rule_id) where state = 'live';
    create unique index rule_version_one_shadow on risk.rule_version (rule_id) where state = 'shadow';

    -- Incremental history: per client, day, direction and channel, what a window aggregate needs. A window of N days
    -- reads at most N rows per direction and channel, however long the client's history.
    create table risk.daily_activity (
      client_id uuid not null,
      day date not null,
      direction text not null check (direction in ('in', 'out')),
      channel text collate "C" not null,
      count integer not null,
      total numeric not null,
      near_threshold_count integer not null,
      round_count integer not null,
      -- Distinct counterparty keys of the day (account numbers or pseudonymous keys), for distinct-counterparty windows.
      counterparties text[] not null,
      primary key (client_id, day, direction, channel)
    );

    create table risk.client_activity (
      client_id uuid primary key,
      first_at timestamptz not null,
      last_at timestamptz not null
    );

    -- Every decision with every rule's result and the facts it saw: the audit trail, and what a backtest replays.
    create table risk.decision (
      id uuid primary key,
      transfer_id uuid,
      client_id uuid not null,
      mode text not null check (mode in ('live', 'shadow')),
      outcome text not null check (outcome in ('allow', 'review', 'block')),
      score integer not null,
      rule_versions jsonb not null,
      results jsonb not null,
      facts jsonb not null,
      decided_at timestamptz not null
    );
    -- A transfer is decided once per client and mode: a replayed posting (same idempotency key) records nothing twice.
    create unique index decision_transfer_idx on risk.decision (transfer_id, client_id, mode) where transfer_id is not null;
    create index decision_client_idx on risk.decision (client_id, decided_at);
    create index decision_time_idx on risk.decision (decided_at);
    create trigger decision_append_only before update or delete or truncate on risk.decision
      for each statement execute function risk.refuse_change()
`

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table risk.decision, risk.client_activity, risk.daily_activity, risk.rule_version, risk.rule`.execute(db)
  await sql`drop function risk.refuse_change()`.execute(db)
}
