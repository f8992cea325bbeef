import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
// One statement per query: PGlite runs parameterless scripts through the extended protocol too.
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db)
  }
}

const statements = `
    create table ledger.deposit_product (
      id uuid primary key,
      code text collate "C" not null unique check (code ~ '^[A-Z0-9][A-Z0-9_-]{0,39}$'),
      name text not null check (length(name) between 1 and 200),
      status text not null check (status in ('draft', 'open', 'closed')),
      risk_level text not null check (risk_level in ('R1', 'R2', 'R3', 'R4', 'R5')),
      terms jsonb not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );

    -- A rate sheet is a fact about what the bank offered from a date: never changed, never removed.
    create table ledger.deposit_rate_sheet (
      id uuid primary key,
      product_id uuid not null references ledger.deposit_product (id),
      effective_from date not null,
      tiers jsonb not null,
      note text,
      recorded_by text not null,
      recorded_at timestamptz not null,
      unique (product_id, effective_from)
    );
    create trigger deposit_rate_sheet_append_only before update or delete or truncate on ledger.deposit_rate_sheet
      for each statement execute function ledger.refuse_change();

    create table ledger.competitor_rate (
      id uuid primary key,
      institution text not null check (length(institution) between 1 and 200),
      kind text not null,
      tenor text,
      currency text collate "C" not null check (currency ~ '^[A-Z]{3}$'),
      annual_rate numeric not null,
      observed_on date not null,
      source text,
      recorded_by text not null,
      recorded_at timestamptz not null
    );
    create index competitor_rate_market_idx on ledger.competitor_rate (kind, currency, tenor, observed_on desc);

    -- A rate negotiated for one client: an override that takes a second person's approval.
    create table ledger.negotiated_rate (
      id uuid primary key,
      product_id uuid not null references ledger.deposit_product (id),
      client_id uuid not null,
      tenor text,
      annual_rate numeric not null,
      valid_from date not null,
      valid_until date not null check (valid_until >= valid_from),
      reason text not null,
      status text not null check (status in ('pending', 'approved', 'rejected')),
      requested_by text not null,
      requested_at timestamptz not null,
      decided_by text,
      decided_at timestamptz,
      decision_note text,
      check (decided_by is null or decided_by <> requested_by)
    );
    create index negotiated_rate_client_idx on ledger.negotiated_rate (client_id, product_id, status);

    -- The terms copied onto deposits, stored once per distinct set: a million deposits of one product share a row.
    create table ledger.deposit_terms (
      id uuid primary key,
      fingerprint text collate "C" not null unique,
      terms jsonb not null
    );

    -- One row per deposit, narrow and without indexes on what the nightly accrual
    -- writes (accrued_scaled, accrued_through), so those updates stay HOT.
    create table ledger.deposit (
      id uuid primary key,
      client_id uuid not null,
      product_id uuid not null references ledger.deposit_product (id),
      terms_id uuid not null references ledger.deposit_terms (id),
      kind text not null,
      currency text collate "C" not null,
      account_id uuid not null unique references ledger.account (id),
      funding_account_id uuid not null references ledger.account (id),
      payout_account_id uuid not null references ledger.account (id),
      principal_minor bigint not null check (principal_minor >= 0),
      tenor text,
      opened_on date not null,
      term_start date not null,
      maturity_on date,
      status text not null check (status in ('active', 'matured', 'closed')),
      maturity_instruction text,
      rate_source text not null,
      annual_rate numeric not null,
      annual_interest numeric not null,
      rate_tiers jsonb not null,
      convention text not null,
      accrual_denominator bigint not null check (accrual_denominator > 0),
      accrued_scaled numeric not null default 0,
      accrued_through date not null,
      period_start date not null,
      next_posting_on date,
      next_compounding_on date,
      compounded_minor bigint not null default 0,
      notice_amount_minor bigint,
      notice_available_from date,
      grace_until date,
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      closed_on date
    ) with (fillfactor = 80);
    create index deposit_client_idx on ledger.deposit (client_id, id);
    create index deposit_posting_due_idx on ledger.deposit (next_posting_on, id) where status <> 'closed';
    create index deposit_compounding_due_idx on ledger.deposit (next_compounding_on, id) where status <> 'closed';
    create index deposit_maturity_due_idx on ledger.deposit (maturity_on, id) where status = 'active';

    -- What happened to a deposit and at which rate: the rate history a client sees.
    create table ledger.deposit_event (
      id uuid primary key,
      deposit_id uuid not null references ledger.deposit (id),
      business_date date not null,
      at timestamptz not null,
      kind text not null,
      annual_rate numeric,
      detail jsonb not null default '{}'::jsonb
    );
    create index deposit_event_deposit_idx on ledger.deposit_event (deposit_id, at, id);
    create trigger deposit_event_append_only before update or delete or truncate on ledger.deposit_event
      for each statement execute function ledger.refuse_change();

    -- The bank's own accounts the deposit engine books against, one per purpose and currency.
    create table ledger.deposit_bank_account (
      purpose text not null,
      currency text collate "C" not null,
      account_id uuid not null references ledger.account (id),
      primary key (purpose, currency)
    );

    create table ledger.eod_run (
      id uuid primary key,
      business_date date not null unique,
      from_date date not null,
      status text not null check (status in ('running', 'completed', 'failed')),
      processing_date date,
      step text,
      counts jsonb not null default '{}'::jsonb,
      errors jsonb not null default '[]'::jsonb,
      started_by text not null,
      started_at timestamptz not null,
      updated_at timestamptz not null,
      completed_at timestamptz,
      lease_until timestamptz
    );
`

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table ledger.eod_run, ledger.deposit_bank_account, ledger.deposit_event, ledger.deposit, ledger.deposit_terms,
    ledger.negotiated_rate, ledger.competitor_rate, ledger.deposit_rate_sheet, ledger.deposit_product`.execute(db)
}
