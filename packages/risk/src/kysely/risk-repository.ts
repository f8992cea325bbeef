import { sql, type Kysely } from 'kysely'
import { createGroupCommitter } from '@strongroom/kernel'
import type {
  ActivityChange, CaseNote, DailyActivityBucket, HeldTransfer, ProductRiskLevel, Questionnaire, RiskAlert, RiskCase, RiskStore, Snooze, StoredAssessment, StoredDecision,
  StoredOverride, StoredRiskProfile, StoredRule, StoredRuleVersion, StoredStressTest,
} from '../core/index.js'

type Row = Record<string, any>
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString())
const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v)
const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v))

const toVersion = (r: Row): StoredRuleVersion => ({
  ruleId: r.rule_id, version: r.version, definition: json(r.definition), state: r.state, createdBy: r.created_by, createdAt: iso(r.created_at)!,
  activatedBy: r.activated_by ?? null, activatedAt: iso(r.activated_at), approvalId: r.approval_id ?? null,
})
const toDecision = (r: Row): StoredDecision => ({
  id: r.id, transferId: r.transfer_id ?? null, clientId: r.client_id, mode: r.mode, outcome: r.outcome, score: r.score,
  ruleVersions: json(r.rule_versions), results: json(r.results), facts: json(r.facts), decidedAt: iso(r.decided_at)!,
})
const toCase = (r: Row): RiskCase => ({
  id: r.id, clientId: r.client_id, status: r.status, assignee: r.assignee ?? null, slaDueAt: iso(r.sla_due_at)!, outcome: r.outcome ?? null,
  outcomeNote: r.outcome_note ?? null, outcomeBy: r.outcome_by ?? null, outcomeAt: iso(r.outcome_at), suspiciousReportId: r.suspicious_report_id ?? null,
  openedAt: iso(r.opened_at)!, closedAt: iso(r.closed_at), version: r.version,
})
const toHeld = (r: Row): HeldTransfer => ({
  holdId: r.hold_id, caseId: r.case_id, clientId: r.client_id, idempotencyKey: r.idempotency_key ?? null, request: json(r.request), activity: json(r.activity),
  status: r.status, transferId: r.transfer_id ?? null, createdAt: iso(r.created_at)!, decidedAt: iso(r.decided_at),
})
const toAlert = (r: Row): RiskAlert => ({
  id: r.id, clientId: r.client_id, caseId: r.case_id, decisionId: r.decision_id, transferId: r.transfer_id ?? null, outcome: r.outcome, score: r.score,
  ruleIds: r.rule_ids, createdAt: iso(r.created_at)!,
})

/**
 * Risk on PostgreSQL (or PGlite), in the `risk` schema. What the transfer
 * path touches is kept to two statements: `historyOf` before the decision
 * (an index range over the client's daily buckets, most of them cached) and
 * `recordPosted` after it (the decisions and the bucket upserts in one
 * statement).
 */
export function createKyselyRiskStore(db: Kysely<any>): RiskStore {
  /**
   * Each client's settled buckets — the days of a history read but its last
   * two, where a transfer can still land — kept from one read to the next: a
   * busy client's 180 days are some 700 rows with their counterparty keys,
   * otherwise fetched and parsed on every transfer. Every read still asks the
   * database, in the same statement as the recent days: the signature of the
   * settled rows (how many, the sum of their counts, the sum of their row
   * versions' transaction ids — any insert or update changes it) is compared
   * with the cached one, and the rows are sent only when it differs. So the
   * answer is the one a fresh read would give, whatever another process
   * wrote meanwhile. At most `maxSettledBuckets` are kept, the clients read
   * least recently dropped first.
   */
  const settled = new Map<string, { fromDate: string; signature: string; buckets: readonly DailyActivityBucket[] }>()
  let settledBuckets = 0

  /**
   * `recordPosted` under load: the calls that arrive while a recording is
   * being written go together as the next statement (group commit, as the
   * ledger posts), each answered on its own once its statement has
   * committed. One lane, so this process never has two recordings waiting
   * for each other's bucket rows; a batch that fails is written again one
   * call at a time, so a call that fails fails alone.
   */
  const record = createGroupCommitter<Recording, Recorded>({ lanes: 1, maxBatch: 100 }, async (batch) => {
    try {
      return await recordBatch(db, batch)
    } catch (error) {
      if (batch.length === 1) return [{ error }]
      const outcomes: Recorded[] = []
      for (const one of batch) {
        try {
          outcomes.push(...(await recordBatch(db, [one])))
        } catch (oneError) {
          outcomes.push({ error: oneError })
        }
      }
      return outcomes
    }
  })

  async function versionsOf(ruleIds: readonly string[]): Promise<Map<string, StoredRuleVersion[]>> {
    const byRule = new Map<string, StoredRuleVersion[]>()
    if (ruleIds.length === 0) return byRule
    const { rows } = await sql<Row>`select * from risk.rule_version where rule_id = any(${[...ruleIds]}::text[]) order by rule_id, version`.execute(db)
    for (const r of rows) byRule.set(r.rule_id, [...(byRule.get(r.rule_id) ?? []), toVersion(r)])
    return byRule
  }
  const toRule = (r: Row, versions: Map<string, StoredRuleVersion[]>): StoredRule => ({
    id: r.id, name: r.name, typology: r.typology, createdBy: r.created_by, createdAt: iso(r.created_at)!, versions: versions.get(r.id) ?? [],
  })
  const insertVersionRow = (executor: Kysely<any>, v: StoredRuleVersion) => sql`insert into risk.rule_version
      (rule_id, version, definition, state, created_by, created_at, activated_by, activated_at, approval_id)
    values (${v.ruleId}, ${v.version}, ${JSON.stringify(v.definition)}::jsonb, ${v.state}, ${v.createdBy}, ${v.createdAt}, ${v.activatedBy}, ${v.activatedAt}, ${v.approvalId}::uuid)
    on conflict do nothing`.execute(executor)
  /** Inserts the decisions; how many were new (a transfer's decision stored already is left as it was). */
  const insertDecisions = async (executor: Kysely<any>, decisions: readonly StoredDecision[]): Promise<number> => {
    if (decisions.length === 0) return 0
    const values = sql.join(decisions.map((d) => sql`(${d.id}::uuid, ${d.transferId}::uuid, ${d.clientId}::uuid, ${d.mode}, ${d.outcome}, ${d.score},
      ${JSON.stringify(d.ruleVersions)}::jsonb, ${JSON.stringify(d.results)}::jsonb, ${JSON.stringify(d.facts)}::jsonb, ${d.decidedAt}::timestamptz)`))
    const inserted = await sql`insert into risk.decision (id, transfer_id, client_id, mode, outcome, score, rule_versions, results, facts, decided_at) values ${values}
      on conflict (transfer_id, client_id, mode) where transfer_id is not null do nothing`.execute(executor)
    return Number(inserted.numAffectedRows ?? 0n)
  }

  return {
    async listRules() {
      const { rows } = await sql<Row>`select * from risk.rule order by id`.execute(db)
      const versions = await versionsOf(rows.map((r) => r.id))
      return rows.map((r) => toRule(r, versions))
    },
    async findRule(id) {
      const { rows } = await sql<Row>`select * from risk.rule where id = ${id}`.execute(db)
      return rows[0] ? toRule(rows[0], await versionsOf([id])) : undefined
    },
    async insertRule(rule, first) {
      return db.transaction().execute(async (trx) => {
        const inserted = await sql`insert into risk.rule (id, name, typology, created_by, created_at)
          values (${rule.id}, ${rule.name}, ${rule.typology}, ${rule.createdBy}, ${rule.createdAt}) on conflict do nothing`.execute(trx)
        if (Number(inserted.numAffectedRows ?? 0n) === 0) return false
        await insertVersionRow(trx, first)
        return true
      })
    },
    async insertVersion(v) {
      const inserted = await insertVersionRow(db, v)
      return Number(inserted.numAffectedRows ?? 0n) === 1
    },
    async setVersionState(ruleId, version, state, by, at, approvalId) {
      await db.transaction().execute(async (trx) => {
        // Retire what held the state, and (going live) the version's own shadow run; then promote.
        await sql`update risk.rule_version set state = 'retired' where rule_id = ${ruleId} and state = ${state} and version <> ${version}`.execute(trx)
        await sql`update risk.rule_version set state = ${state}, activated_by = ${by}, activated_at = ${at}, approval_id = ${approvalId}::uuid
          where rule_id = ${ruleId} and version = ${version}`.execute(trx)
      })
    },

    async historyOf(clientId, fromDate) {
      const cached = settled.get(clientId)
      const expected = cached?.fromDate === fromDate ? cached.signature : null
      const settledRange = sql`client_id = ${clientId}::uuid and day >= ${fromDate}::date and day < ${fromDate}::date + ${settledSpan}::int`
      const { rows } = await sql<Row>`select
          (select last_at from risk.client_activity where client_id = ${clientId}::uuid) as last_at,
          (select ${bucketsJson} from risk.daily_activity where client_id = ${clientId}::uuid and day >= ${fromDate}::date + ${settledSpan}::int) as recent,
          s.signature,
          case when s.signature is distinct from ${expected}::text then (select ${bucketsJson} from risk.daily_activity where ${settledRange}) end as settled
        from (select concat_ws(':', count(*), sum(count), sum(xmin::text::bigint)) as signature from risk.daily_activity where ${settledRange}) as s`.execute(db)
      const row = rows[0]!
      let older: readonly DailyActivityBucket[]
      if (row.settled === null) {
        older = cached!.buckets
        if (cached && settled.get(clientId) === cached) {
          settled.delete(clientId) // to the back of the eviction order
          settled.set(clientId, cached)
        }
      } else {
        older = (row.settled as BucketJson[]).map((b) => Object.freeze(toBucket(b, true)))
        const previous = settled.get(clientId) // not necessarily `cached`: a concurrent read may have replaced it
        if (previous) {
          settledBuckets -= previous.buckets.length
          settled.delete(clientId)
        }
        settled.set(clientId, { fromDate, signature: row.signature, buckets: older })
        settledBuckets += older.length
        for (const [id, entry] of settled) {
          if (settledBuckets <= maxSettledBuckets) break
          settled.delete(id)
          settledBuckets -= entry.buckets.length
        }
      }
      return {
        buckets: [...older, ...(row.recent as BucketJson[]).map((b) => toBucket(b, false))],
        lastActivityAt: iso(row.last_at),
      }
    },
    async recordPosted(decisions, changes) {
      if (decisions.length === 0) return false
      const outcome = await record({ decisions, changes })
      if ('error' in outcome) throw outcome.error
      return outcome.inserted
    },
    async recordDecisions(decisions) {
      await insertDecisions(db, decisions)
    },
    async listDecisions(filter, limit) {
      const { rows } = await sql<Row>`select * from risk.decision
        where (${filter.transferId ?? null}::uuid is null or transfer_id = ${filter.transferId ?? null}::uuid)
          and (${filter.clientId ?? null}::uuid is null or client_id = ${filter.clientId ?? null}::uuid)
          and (${filter.mode ?? null}::text is null or mode = ${filter.mode ?? null}::text)
        order by decided_at desc, id limit ${limit}`.execute(db)
      return rows.map(toDecision)
    },
    async decisionsBetween(from, to, limit) {
      const { rows } = await sql<Row>`select * from risk.decision where mode = 'live' and decided_at >= ${from}::timestamptz and decided_at < ${to}::timestamptz
        order by decided_at, id limit ${limit}`.execute(db)
      return rows.map(toDecision)
    },

    async insertHeldTransfer(h) {
      const inserted = await sql`insert into risk.held_transfer (hold_id, case_id, client_id, idempotency_key, request, activity, status, created_at)
        values (${h.holdId}::uuid, ${h.caseId}::uuid, ${h.clientId}::uuid, ${h.idempotencyKey}, ${JSON.stringify(h.request)}::jsonb, ${JSON.stringify(h.activity)}::jsonb,
          'held', ${h.createdAt})
        on conflict (idempotency_key) where idempotency_key is not null do nothing`.execute(db)
      return Number(inserted.numAffectedRows ?? 0n) === 1
    },
    async heldUnderKey(key) {
      const { rows } = await sql<Row>`select * from risk.held_transfer where idempotency_key = ${key}`.execute(db)
      return rows[0] ? toHeld(rows[0]) : undefined
    },
    async heldOfCase(caseId) {
      const { rows } = await sql<Row>`select * from risk.held_transfer where case_id = ${caseId}::uuid order by created_at, hold_id`.execute(db)
      return rows.map(toHeld)
    },
    async settleHeldTransfer(holdId, status, transferId, at) {
      const settled = await sql`update risk.held_transfer set status = ${status}, transfer_id = ${transferId}::uuid, decided_at = ${at}
        where hold_id = ${holdId}::uuid and status = 'held'`.execute(db)
      return Number(settled.numAffectedRows ?? 0n) === 1
    },
    async recordActivity(changes) {
      if (changes.length === 0) return
      await sql`with changes (client_id, day, direction, channel, amount, near_threshold, round_amount, counterparty, at) as (values ${sql.join(changes.map((c) => sql`(${changeRow(c)})`))}),
        ${addChangesToActivity} select 1`.execute(db)
    },

    async raiseAlert(alert, newCase) {
      return db.transaction().execute(async (trx) => {
        // The partial unique index admits one open case per client: a concurrent insert waits, then finds the other's case.
        const opened = await sql`insert into risk.case (id, client_id, status, assignee, sla_due_at, opened_at, version)
          values (${newCase.id}::uuid, ${newCase.clientId}::uuid, 'open', null, ${newCase.slaDueAt}, ${newCase.openedAt}, 1)
          on conflict (client_id) where status = 'open' do nothing`.execute(trx)
        const { rows } = await sql<Row>`select * from risk.case where client_id = ${alert.clientId}::uuid and status = 'open'`.execute(trx)
        const riskCase = toCase(rows[0]!)
        await sql`insert into risk.alert (id, client_id, case_id, decision_id, transfer_id, outcome, score, rule_ids, created_at)
          values (${alert.id}::uuid, ${alert.clientId}::uuid, ${riskCase.id}::uuid, ${alert.decisionId}::uuid, ${alert.transferId}::uuid, ${alert.outcome},
            ${alert.score}, ${[...alert.ruleIds]}::text[], ${alert.createdAt})`.execute(trx)
        return { alert: { ...alert, caseId: riskCase.id }, riskCase, opened: Number(opened.numAffectedRows ?? 0n) === 1 }
      })
    },
    async listAlerts(filter, limit) {
      const { rows } = await sql<Row>`select * from risk.alert
        where (${filter.clientId ?? null}::uuid is null or client_id = ${filter.clientId ?? null}::uuid)
          and (${filter.caseId ?? null}::uuid is null or case_id = ${filter.caseId ?? null}::uuid)
        order by created_at desc, id limit ${limit}`.execute(db)
      return rows.map(toAlert)
    },
    async findCase(id) {
      const { rows } = await sql<Row>`select * from risk.case where id = ${id}::uuid`.execute(db)
      return rows[0] ? toCase(rows[0]) : undefined
    },
    async listCases(filter, limit) {
      const { rows } = await sql<Row>`select * from risk.case
        where (${filter.status ?? null}::text is null or status = ${filter.status ?? null}::text)
          and (${filter.assignee ?? null}::text is null or assignee = ${filter.assignee ?? null}::text)
          and (${filter.clientId ?? null}::uuid is null or client_id = ${filter.clientId ?? null}::uuid)
        order by sla_due_at, id limit ${limit}`.execute(db)
      return rows.map(toCase)
    },
    async saveCase(c, expectedVersion) {
      const result = await sql`update risk.case set status = ${c.status}, assignee = ${c.assignee}, sla_due_at = ${c.slaDueAt}, outcome = ${c.outcome},
          outcome_note = ${c.outcomeNote}, outcome_by = ${c.outcomeBy}, outcome_at = ${c.outcomeAt}, suspicious_report_id = ${c.suspiciousReportId}::uuid,
          closed_at = ${c.closedAt}, version = ${c.version}
        where id = ${c.id}::uuid and version = ${expectedVersion}`.execute(db)
      return Number(result.numAffectedRows ?? 0n) === 1
    },
    async recordRuleOutcomes(caseId, ruleIds, outcome, at) {
      for (const ruleId of new Set(ruleIds)) {
        await sql`insert into risk.rule_outcome (case_id, rule_id, outcome, at) values (${caseId}::uuid, ${ruleId}, ${outcome}, ${at})
          on conflict (case_id, rule_id) do update set outcome = excluded.outcome, at = excluded.at`.execute(db)
      }
    },
    async ruleOutcomeCounts() {
      const { rows } = await sql<Row>`select rule_id, outcome, count(*)::int as n from risk.rule_outcome group by rule_id, outcome order by rule_id, outcome`.execute(db)
      return rows.map((r) => ({ ruleId: r.rule_id, outcome: r.outcome, count: r.n }))
    },
    async insertNote(n) {
      await sql`insert into risk.case_note (id, case_id, by_staff, text, at) values (${n.id}::uuid, ${n.caseId}::uuid, ${n.by}, ${n.text}, ${n.at})`.execute(db)
    },
    async notesOf(caseId) {
      const { rows } = await sql<Row>`select * from risk.case_note where case_id = ${caseId}::uuid order by at, id`.execute(db)
      return rows.map((r): CaseNote => ({ id: r.id, caseId: r.case_id, by: r.by_staff, text: r.text, at: iso(r.at)! }))
    },
    async insertSnooze(s) {
      await sql`insert into risk.snooze (id, client_id, rule_id, until, reason, by_staff, at)
        values (${s.id}::uuid, ${s.clientId}::uuid, ${s.ruleId}, ${s.until}, ${s.reason}, ${s.by}, ${s.at})`.execute(db)
    },
    async snoozesOf(clientId, now) {
      const { rows } = await sql<Row>`select * from risk.snooze where client_id = ${clientId}::uuid and until > ${now}::timestamptz order by until`.execute(db)
      return rows.map((r): Snooze => ({ id: r.id, clientId: r.client_id, ruleId: r.rule_id, until: iso(r.until)!, reason: r.reason, by: r.by_staff, at: iso(r.at)! }))
    },

    async insertAssessment(a: StoredAssessment) {
      await sql`insert into risk.assessment (id, client_id, transfer_id, amount, score, level, factors, actions, assessed_at)
        values (${a.id}::uuid, ${a.clientId}::uuid, ${a.transferId}::uuid, ${JSON.stringify({ ...a.amount, reference: a.reference, configId: a.configId, configVersion: a.configVersion, thresholdReached: a.thresholdReached })}::jsonb,
          ${a.score}, ${a.level}, ${JSON.stringify(a.factors)}::jsonb, ${JSON.stringify(a.requiredActions)}::jsonb, ${a.assessedAt})`.execute(db)
    },
    async listAssessments(clientId, limit) {
      const { rows } = await sql<Row>`select * from risk.assessment where client_id = ${clientId}::uuid order by assessed_at desc, id limit ${limit}`.execute(db)
      return rows.map((r): StoredAssessment => {
        const { reference, configId, configVersion, thresholdReached, ...amount } = json(r.amount)
        return {
          id: r.id, clientId: r.client_id, transferId: r.transfer_id ?? null, reference, configId, configVersion, thresholdReached, amount,
          score: r.score, level: r.level, factors: json(r.factors), requiredActions: json(r.actions), assessedAt: iso(r.assessed_at)!,
        }
      })
    },
    async insertQuestionnaire(q, by, at) {
      const inserted = await sql`insert into risk.questionnaire (id, version, definition, created_by, created_at)
        values (${q.id}, ${q.version}, ${JSON.stringify(q)}::jsonb, ${by}, ${at}) on conflict do nothing`.execute(db)
      return Number(inserted.numAffectedRows ?? 0n) === 1
    },
    async listQuestionnaires() {
      const { rows } = await sql<Row>`select definition from risk.questionnaire order by id, version`.execute(db)
      return rows.map((r) => json(r.definition) as Questionnaire)
    },
    async findQuestionnaire(id, version) {
      const { rows } = await sql<Row>`select definition from risk.questionnaire where id = ${id}
        and (${version ?? null}::int is null or version = ${version ?? null}::int) order by version desc limit 1`.execute(db)
      return rows[0] ? (json(rows[0].definition) as Questionnaire) : undefined
    },
    async insertProfile(p: StoredRiskProfile) {
      await sql`insert into risk.risk_profile (id, client_id, questionnaire_id, questionnaire_version, answers, score, profile, taken_on, valid_until, recorded_by, recorded_at)
        values (${p.id}::uuid, ${p.clientId}::uuid, ${p.questionnaireId}, ${p.questionnaireVersion}, ${JSON.stringify(p.answers)}::jsonb, ${p.score}, ${p.profile},
          ${p.takenOn}::date, ${p.validUntil}::date, ${p.recordedBy}, ${p.recordedAt})`.execute(db)
    },
    async latestProfile(clientId) {
      const { rows } = await sql<Row>`select *, to_char(taken_on, 'YYYY-MM-DD') as taken, to_char(valid_until, 'YYYY-MM-DD') as valid
        from risk.risk_profile where client_id = ${clientId}::uuid order by recorded_at desc, id desc limit 1`.execute(db)
      const r = rows[0]
      return r ? {
        id: r.id, clientId: r.client_id, questionnaireId: r.questionnaire_id, questionnaireVersion: r.questionnaire_version, answers: json(r.answers), score: r.score,
        profile: r.profile, takenOn: r.taken, validUntil: r.valid, recordedBy: r.recorded_by, recordedAt: iso(r.recorded_at)!,
      } : undefined
    },
    async setProductRisk(productId, level, by, at) {
      await sql`insert into risk.product_risk (product_id, level, set_by, set_at) values (${productId}::uuid, ${level}, ${by}, ${at})
        on conflict (product_id) do update set level = excluded.level, set_by = excluded.set_by, set_at = excluded.set_at`.execute(db)
    },
    async productRisk(productId) {
      const { rows } = await sql<Row>`select level from risk.product_risk where product_id = ${productId}::uuid`.execute(db)
      return rows[0]?.level as ProductRiskLevel | undefined
    },
    async insertOverride(o: StoredOverride) {
      await sql`insert into risk.suitability_override (id, client_id, product_id, reason, acknowledgement, acknowledged_at, requested_by, approved_by, approved_at, expires_on)
        values (${o.id}::uuid, ${o.clientId}::uuid, ${o.productId}::uuid, ${o.reason}, ${o.acknowledgement}, ${o.acknowledgedAt}, ${o.requestedBy}, ${o.approvedBy},
          ${o.approvedAt}, ${o.expiresOn}::date)`.execute(db)
    },
    async findOverride(clientId, productId, today) {
      const { rows } = await sql<Row>`select *, to_char(expires_on, 'YYYY-MM-DD') as expires from risk.suitability_override
        where client_id = ${clientId}::uuid and product_id = ${productId}::uuid and expires_on >= ${today}::date order by approved_at desc limit 1`.execute(db)
      const r = rows[0]
      return r ? {
        id: r.id, clientId: r.client_id, productId: r.product_id, reason: r.reason, acknowledgement: r.acknowledgement, acknowledgedAt: iso(r.acknowledged_at)!,
        requestedBy: r.requested_by, approvedBy: r.approved_by, approvedAt: iso(r.approved_at)!, expiresOn: r.expires,
      } : undefined
    },
    async insertStressTest(t: StoredStressTest) {
      await sql`insert into risk.stress_test (id, name, as_of, scenario, result, run_by, run_at)
        values (${t.id}::uuid, ${t.name}, ${t.asOf}::date, ${JSON.stringify(t.scenario)}::jsonb, ${JSON.stringify(t.result)}::jsonb, ${t.runBy}, ${t.runAt})`.execute(db)
    },
    async listStressTests(limit) {
      const { rows } = await sql<Row>`select id, name, to_char(as_of, 'YYYY-MM-DD') as as_of, scenario, run_by, run_at from risk.stress_test order by run_at desc limit ${limit}`.execute(db)
      return rows.map((r) => ({ id: r.id, name: r.name, asOf: r.as_of, scenario: json(r.scenario), runBy: r.run_by, runAt: iso(r.run_at)! }))
    },
    async findStressTest(id) {
      const { rows } = await sql<Row>`select *, to_char(as_of, 'YYYY-MM-DD') as as_of_day from risk.stress_test where id = ${id}::uuid`.execute(db)
      const r = rows[0]
      return r ? { id: r.id, name: r.name, asOf: r.as_of_day, scenario: json(r.scenario), result: json(r.result), runBy: r.run_by, runAt: iso(r.run_at)! } : undefined
    },
  }
}

/** The days of a history read before these many days after its first are settled (see `createKyselyRiskStore`). */
const settledSpan = 178
const maxSettledBuckets = 200_000

/** A bucket row as JSON: [day, direction, channel, count, total, near_threshold_count, round_count, counterparties]. */
type BucketJson = [string, DailyActivityBucket['direction'], DailyActivityBucket['channel'], number, string, number, number, string[]]
const bucketsJson = sql`coalesce(json_agg(json_build_array(to_char(day, 'YYYY-MM-DD'), direction, channel, count, total::text, near_threshold_count,
  round_count, counterparties)), '[]'::json)`
const toBucket = ([date, direction, channel, count, sum, nearThresholdCount, roundAmountCount, counterparties]: BucketJson, frozen: boolean): DailyActivityBucket => ({
  date, direction, channel, count, sum, nearThresholdCount, roundAmountCount, counterparties: frozen ? Object.freeze(counterparties ?? []) : (counterparties ?? []),
})

/** One bucket change as a row: (client_id, day, direction, channel, amount, near_threshold, round_amount, counterparty, at). */
const changeRow = (c: ActivityChange) => sql`${c.clientId}::uuid, ${c.date}::date, ${c.direction}::text, ${c.channel}::text, ${c.amount}::numeric,
  ${c.nearThreshold ? 1 : 0}::int, ${c.roundAmount ? 1 : 0}::int, ${c.counterpartyKey}::text, ${c.at}::timestamptz`

/**
 * Adds the rows of a `changes` CTE to the clients' daily buckets and last activity, one statement's worth of
 * data-modifying CTEs: changes to one bucket are summed first (a statement may not change a row twice), bucket rows
 * are taken before activity rows (the `where` makes PostgreSQL finish the buckets first), each in key order, so two
 * statements touching the same rows cannot deadlock.
 */
const addChangesToActivity = sql`buckets as (
      insert into risk.daily_activity as d (client_id, day, direction, channel, count, total, near_threshold_count, round_count, counterparties)
      select client_id, day, direction, channel, count(*)::int, sum(amount), sum(near_threshold)::int, sum(round_amount)::int,
        coalesce(array_agg(distinct counterparty) filter (where counterparty is not null), '{}')
      from changes group by client_id, day, direction, channel order by client_id, day, direction, channel
      on conflict (client_id, day, direction, channel) do update set
        count = d.count + excluded.count, total = d.total + excluded.total, near_threshold_count = d.near_threshold_count + excluded.near_threshold_count,
        round_count = d.round_count + excluded.round_count,
        counterparties = d.counterparties || array(select k from unnest(excluded.counterparties) as k where k <> all (d.counterparties))
      returning 1
    ),
    activity as (
      insert into risk.client_activity as a (client_id, first_at, last_at)
      select client_id, min(at), max(at) from changes where (select count(*) from buckets) >= 0 group by client_id order by client_id
      on conflict (client_id) do update set last_at = greatest(a.last_at, excluded.last_at)
    )`

interface Recording {
  readonly decisions: readonly StoredDecision[]
  readonly changes: readonly ActivityChange[]
}
type Recorded = { readonly inserted: boolean } | { readonly error: unknown }

/**
 * The decisions and the bucket changes of posted transfers as one statement
 * (one round trip, its own transaction): a call's buckets change only when
 * one of its decisions was new — a replay under the same idempotency key
 * finds its decisions stored and adds nothing. One statement rather than a
 * transaction per transfer of four (decision insert, then a bucket upsert
 * and an activity upsert per change, then commit) matters most for a busy
 * client: its bucket row is locked from the upsert to the commit, and every
 * other transfer of the client waits for that lock. Held across round trips,
 * the lock lasted as long as the application took to send the next
 * statement; now it lasts one statement and its commit, for a whole batch.
 *
 * Changes to one bucket (or one client) are summed first: a statement may
 * not change a row twice. Rows are taken in one order by every statement —
 * decisions by transfer, then buckets by key, then activity by client — so
 * two statements touching the same rows cannot deadlock.
 */
async function recordBatch(db: Kysely<any>, batch: readonly Recording[]): Promise<Recorded[]> {
  const decisions = sql.join(batch.flatMap(({ decisions: list }, item) => list.map((d) => sql`(${item}::int, ${d.id}::uuid, ${d.transferId}::uuid,
    ${d.clientId}::uuid, ${d.mode}::text, ${d.outcome}::text, ${d.score}::int, ${JSON.stringify(d.ruleVersions)}::jsonb, ${JSON.stringify(d.results)}::jsonb,
    ${JSON.stringify(d.facts)}::jsonb, ${d.decidedAt}::timestamptz)`)))
  const decided = sql`given (item, id, transfer_id, client_id, mode, outcome, score, rule_versions, results, facts, decided_at) as (values ${decisions}),
    inserted as (
      insert into risk.decision (id, transfer_id, client_id, mode, outcome, score, rule_versions, results, facts, decided_at)
      select id, transfer_id, client_id, mode, outcome, score, rule_versions, results, facts, decided_at from given order by transfer_id, client_id, mode
      on conflict (transfer_id, client_id, mode) where transfer_id is not null do nothing
      returning id
    ),
    decided as (select distinct item from given join inserted using (id))`
  const changes = batch.flatMap(({ changes: list }, item) => list.map((c) => sql`(${item}::int, ${changeRow(c)})`))
  const statement = changes.length === 0
    ? sql<{ item: number }>`with ${decided} select item from decided`
    : sql<{ item: number }>`with ${decided},
    changes as (
      select * from (values ${sql.join(changes)}) as c (item, client_id, day, direction, channel, amount, near_threshold, round_amount, counterparty, at)
      where item in (select item from decided)
    ),
    ${addChangesToActivity}
    select item from decided`
  const { rows } = await statement.execute(db)
  const inserted = new Set(rows.map((r) => r.item))
  return batch.map((_, item) => ({ inserted: inserted.has(item) }))
}
