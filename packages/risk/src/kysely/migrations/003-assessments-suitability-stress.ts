import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db)
  }
}

const statements = `
    create table risk.assessment (
      id uuid primary key,
      client_id uuid not null,
      transfer_id uuid,
      amount jsonb not null,
      score integer not null,
      level text not null,
      factors jsonb not null,
      actions jsonb not null,
      assessed_at timestamptz not null
    );
    create index assessment_client_idx on risk.assessment (client_id, assessed_at);

    create table risk.questionnaire (
      id text collate "C" not null,
      version integer not null check (version > 0),
      definition jsonb not null,
      created_by text not null,
      created_at timestamptz not null,
      primary key (id, version)
    );

    create table risk.risk_profile (
      id uuid primary key,
      client_id uuid not null,
      questionnaire_id text collate "C" not null,
      questionnaire_version integer not null,
      answers jsonb not null,
      score integer not null,
      profile text not null,
      taken_on date not null,
      valid_until date not null,
      recorded_by text not null,
      recorded_at timestamptz not null
    );
    create index risk_profile_client_idx on risk.risk_profile (client_id, recorded_at desc);

    create table risk.product_risk (
      product_id uuid primary key,
      level text not null check (level in ('R1', 'R2', 'R3', 'R4', 'R5')),
      set_by text not null,
      set_at timestamptz not null
    );

    -- A sale above the client's profile: allowed once approved and acknowledged by the client, for one product.
    create table risk.suitability_override (
      id uuid primary key,
      client_id uuid not null,
      product_id uuid not null,
      reason text not null,
      acknowledgement text not null,
      acknowledged_at timestamptz not null,
      requested_by text not null,
      approved_by text not null,
      approved_at timestamptz not null,
      expires_on date not null
    );
    create index suitability_override_idx on risk.suitability_override (client_id, product_id);

    create table risk.stress_test (
      id uuid primary key,
      name text not null,
      as_of date not null,
      scenario jsonb not null,
      result jsonb not null,
      run_by text not null,
      run_at timestamptz not null
    );
    create index stress_test_time_idx on risk.stress_test (run_at desc)
`

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table risk.stress_test, risk.suitability_override, risk.product_risk, risk.risk_profile, risk.questionnaire, risk.assessment`.execute(db)
}
