import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
export async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema.withSchema('ledger')
  const counters = (t: any) =>
    t
      .addColumn('posted_debits_minor', 'int8', (c: any) => c.notNull().defaultTo(0))
      .addColumn('posted_credits_minor', 'int8', (c: any) => c.notNull().defaultTo(0))
      .addColumn('pending_debits_minor', 'int8', (c: any) => c.notNull().defaultTo(0))
      .addColumn('pending_credits_minor', 'int8', (c: any) => c.notNull().defaultTo(0))

  await counters(
    s.createTable('account')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('client', 'internal')`))
      .addColumn('client_id', 'uuid')
      .addColumn('internal_purpose', 'text')
      .addColumn('currency', 'text', (c) => c.notNull().check(sql`currency ~ '^[A-Z]{3}$'`))
      .addColumn('normal_balance', 'text', (c) => c.notNull().check(sql`normal_balance in ('credit', 'debit')`))
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'frozen', 'closed')`))
      .addColumn('status_reason', 'text')
      .addColumn('overdraft_limit_minor', 'int8', (c) => c.notNull().defaultTo(0).check(sql`overdraft_limit_minor >= 0`))
      .addColumn('unbounded', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull()),
  )
    .addColumn('entry_sequence', 'int8', (c: any) => c.notNull().defaultTo(0))
    .addColumn('last_posted_at', 'timestamptz')
    .addCheckConstraint('account_owner', sql`(kind = 'client') = (client_id is not null)`)
    .addCheckConstraint('account_unbounded_internal', sql`not unbounded or kind = 'internal'`)
    .execute()
  await s.createIndex('account_client_idx').on('account').columns(['client_id', 'id']).execute()

  // Counters of a hot (unbounded, bank-side) account are spread over shards:
  // each transfer adds to one shard chosen at random, so transfers on the cash
  // vault or interest expense do not queue on one row lock.
  await counters(
    s.createTable('account_shard')
      .addColumn('account_id', 'uuid', (c) => c.notNull().references('ledger.account.id'))
      .addColumn('shard', 'int2', (c) => c.notNull()),
  )
    .addPrimaryKeyConstraint('account_shard_pk', ['account_id', 'shard'])
    .execute()
  await sql`create sequence ledger.hot_entry_sequence`.execute(db)

  await s.createTable('transfer')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('transfer', 'reversal', 'capture')`))
    .addColumn('idempotency_key', 'text')
    .addColumn('reference', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('counterparty', 'jsonb')
    .addColumn('metadata', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('reversal_of', 'uuid', (c) => c.unique()) // a transfer is reversed at most once
    .addColumn('hold_id', 'uuid')
    .addColumn('posted_at', 'timestamptz', (c) => c.notNull())
    .execute()

  await s.createTable('entry')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('transfer_id', 'uuid', (c) => c.notNull().references('ledger.transfer.id'))
    .addColumn('leg', 'int2', (c) => c.notNull())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('ledger.account.id'))
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('debit', 'credit')`))
    .addColumn('amount_minor', 'int8', (c) => c.notNull().check(sql`amount_minor > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    // Null on hot accounts: their running balance is not serialized per entry (see account_shard).
    .addColumn('balance_after_minor', 'int8')
    .addColumn('account_sequence', 'int8', (c) => c.notNull())
    .addColumn('posted_at', 'timestamptz', (c) => c.notNull())
    // The tamper-evident journal: filled by the sealer after commit, in batches.
    .addColumn('journal_sequence', 'int8', (c) => c.unique())
    .addColumn('previous_hash', 'text')
    .addColumn('hash', 'text')
    .addColumn('sealed_at', 'timestamptz')
    .execute()
  await s.createIndex('entry_account_sequence_idx').on('entry').columns(['account_id', 'account_sequence']).unique().execute()
  await s.createIndex('entry_account_time_idx').on('entry').columns(['account_id', 'posted_at']).execute()
  await s.createIndex('entry_transfer_idx').on('entry').columns(['transfer_id', 'leg']).execute()
  await sql`create index entry_unsealed_idx on ledger.entry (posted_at, id) where journal_sequence is null`.execute(db)

  // Entries are immutable; the sealer may only fill the seal of an unsealed row.
  await sql`
    create function ledger.protect_entry() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'ledger.entry is append-only' using errcode = 'insufficient_privilege';
      end if;
      if old.hash is not null then
        raise exception 'ledger.entry % is sealed', old.id using errcode = 'insufficient_privilege';
      end if;
      if (new.id, new.transfer_id, new.leg, new.account_id, new.direction, new.amount_minor, new.currency,
          new.balance_after_minor, new.account_sequence, new.posted_at)
         is distinct from
         (old.id, old.transfer_id, old.leg, old.account_id, old.direction, old.amount_minor, old.currency,
          old.balance_after_minor, old.account_sequence, old.posted_at) then
        raise exception 'ledger.entry content is immutable' using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger entry_protect before update or delete on ledger.entry
    for each row execute function ledger.protect_entry()`.execute(db)
  await sql`create function ledger.refuse_truncate() returns trigger language plpgsql as $$
    begin raise exception 'ledger tables cannot be truncated' using errcode = 'insufficient_privilege'; end $$`.execute(db)
  await sql`create trigger entry_no_truncate before truncate on ledger.entry
    for each statement execute function ledger.refuse_truncate()`.execute(db)

  // The head of the chain after each sealed batch, kept apart from the chain: cutting rows off the
  // end of the journal leaves a valid shorter chain, which only a head recorded elsewhere reveals.
  await s.createTable('journal_checkpoint')
    .addColumn('sequence', 'int8', (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('sealed_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await sql`create function ledger.refuse_change() returns trigger language plpgsql as $$
    begin raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege'; end $$`.execute(db)
  await sql`create trigger journal_checkpoint_append_only before update or delete or truncate on ledger.journal_checkpoint
    for each statement execute function ledger.refuse_change()`.execute(db)
  // A transfer's header is as immutable as its entries (and sealed with them): corrections are reversals.
  await sql`create trigger transfer_append_only before update or delete or truncate on ledger.transfer
    for each statement execute function ledger.refuse_change()`.execute(db)

  await s.createTable('idempotency_record')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('outcome', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()

  await s.createTable('hold')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('ledger.account.id'))
    .addColumn('amount_minor', 'int8', (c) => c.notNull().check(sql`amount_minor > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('held', 'captured', 'voided', 'expired')`))
    .addColumn('captured_minor', 'int8', (c) => c.notNull().defaultTo(0))
    .addColumn('capture_transfer_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .execute()
  await s.createIndex('hold_account_idx').on('hold').columns(['account_id', 'id']).execute()
  await sql`create index hold_due_idx on ledger.hold (expires_at) where status = 'held' and expires_at is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema ledger cascade`.execute(db)
}
