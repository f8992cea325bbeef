import Fastify, { type FastifyInstance } from 'fastify'
import rateLimit from '@fastify/rate-limit'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { uuidv7, type Clock, type IdGenerator } from '@strongroom/kernel'
import { migrateSchemas, openDatabase, type Database } from '@strongroom/db-kit'
import { depositRoutes, fxRoutes, ledgerRoutes } from '@strongroom/ledger/fastify'
import { defaultInsuranceSchemes, formatCalendarDate, insuranceSchemeInForce, type InsuranceScheme } from '@strongroom/ledger'
import { relationshipRoutes } from '@strongroom/relationship/fastify'
import { approvalRoutes, kycRoutes, reportRoutes, screeningRoutes, trainingRoutes } from '@strongroom/compliance/fastify'
import { startOutbox, type Outbox } from './infra/outbox.js'
import { depositClientsFrom } from './workflows/deposit-clients.js'
import { ledgerIntegrityFrom } from './workflows/ledger-integrity.js'
import { ledgerVisibilityFrom } from './workflows/ledger-visibility.js'
import { createPostTransferWorkflow } from './workflows/post-transfer.js'
import { defaultMonitoringConfig } from '@strongroom/risk'
import { riskRoutes } from '@strongroom/risk/fastify'
import { createRiskDesk, riskDeskRoutes } from './workflows/risk-desk.js'
import { screenOnClientChange } from './workflows/screen-on-client-change.js'
import { createAccountOpeningGate } from './workflows/kyc-gate.js'
import { createLargeValueRun } from './workflows/large-value-run.js'
import { dataExportRoutes, registerDataExport } from './workflows/data-export.js'
import { createDataProtection, dataProtectionRoutes } from './workflows/data-protection.js'
import { createOverdraftGate } from './workflows/overdraft-gate.js'
import { createNegotiatedRateApprovals } from './workflows/negotiated-rate-approvals.js'
import { registerWhitelist, whitelistRoutes } from './workflows/whitelist.js'
import { createWithdrawalGate, identityCheckRoutes } from './workflows/withdrawal-gate.js'
import type { Config } from './config.js'
import { auditPlugin } from './infra/audit.js'
import { authPlugin, bearerToken } from './infra/auth.js'
import { createTrustedTokens } from './infra/trusted-tokens.js'
import { healthRoutes } from './infra/health.js'
import { idempotencyPlugin } from './infra/idempotency.js'
import { logSerializers, redactPaths } from './infra/log-redaction.js'
import { metricsPlugin } from './infra/metrics.js'
import { openApiPlugin } from './infra/openapi.js'
import { answerFrameworkError, problemDetailsPlugin } from './infra/problem-details.js'
import { allMigrations } from './migrations.js'
import { hashToken } from './platform/api-tokens.js'
import { platformRoutes } from './platform/routes.js'
import { createServices, type Services } from './services.js'

export interface BuildOptions {
  /** An already open database (tests); otherwise one is opened from the config. */
  readonly database?: Database
  readonly clock?: Clock
  readonly ids?: IdGenerator
  /** Where logs go (tests capture them); defaults to stdout. */
  readonly logStream?: NodeJS.WritableStream
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services
    database: Database
    outbox: Outbox
  }
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,64}$/

/** Builds the admin server without listening: migrations applied, every route registered. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const database = options.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir }))
  await migrateSchemas(database.db, allMigrations)
  const outbox = await startOutbox(database)
  const services = createServices({ db: database.db, config, outbox, clock: options.clock, ids: options.ids })

  const trusted = createTrustedTokens(config.authCacheMs)
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: logSerializers,
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    // Take the caller's request id when it is safe to log; otherwise make one.
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && requestIdPattern.test(given) ? given : uuidv7()
    },
    requestIdHeader: false,
    bodyLimit: 1_048_576,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: answerFrameworkError,
  }).withTypeProvider<ZodTypeProvider>()

  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  // JSON only: a text/plain body is 415, not a string handed to the route schema.
  app.removeContentTypeParser('text/plain')
  app.decorate('services', services)
  app.decorate('database', database)
  app.decorate('outbox', outbox)
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  app.addHook('onClose', async () => {
    await outbox.stop()
    if (!options.database) await database.close()
  })

  await app.register(problemDetailsPlugin)
  await app.register(openApiPlugin)
  await app.register(metricsPlugin)
  if (config.rateLimitPerMinute > 0) {
    // An app-wide onRequest hook added before auth, so it counts a request before its token is looked up.
    await app.register(rateLimit, { global: false })
    app.addHook('onRequest', app.rateLimit({
      max: config.rateLimitPerMinute,
      timeWindow: '1 minute',
      // Per token once it is known, so one noisy integration cannot starve the others; per address
      // otherwise, so a flood of made-up tokens cannot mint itself a fresh bucket per request.
      keyGenerator: (req) => {
        const token = bearerToken(req.headers.authorization)
        const hash = token ? hashToken(token) : undefined
        return hash && trusted.get(hash) ? `t:${hash.slice(0, 32)}` : `a:${req.ip}`
      },
      allowList: (req) => req.url === '/health' || req.url === '/ready',
    }))
  }
  await app.register(authPlugin, { tokens: services.tokens, relationship: services.relationship, trusted })
  await app.register(idempotencyPlugin, { store: services.idempotency })
  await app.register(auditPlugin, { audit: services.audit })

  await app.register(healthRoutes, { db: database.db, migrations: allMigrations })
  await app.register(platformRoutes, { prefix: '/v1', ...services })
  await app.register(relationshipRoutes, { prefix: '/v1', relationship: services.relationship, onClientChanged: screenOnClientChange(services, app.log) })
  const ledgerVisibility = ledgerVisibilityFrom(services)
  await services.riskRules.ensureDefaults()
  await services.suitability.ensureDefaults()
  const transferWorkflow = createPostTransferWorkflow(services, {
    kycGate: config.kycGate,
    monitoring: {
      enabled: config.riskMonitoring, config: { ...defaultMonitoringConfig, ...config.monitoringAmounts, currency: config.reportingCurrency }, timeZone: config.businessTimeZone,
      reviewAction: config.riskReviewAction,
    },
  })
  const accountOpeningGate = config.kycGate ? createAccountOpeningGate(services) : undefined
  await app.register(ledgerRoutes, {
    prefix: '/v1',
    ledger: services.ledger,
    postTransfer: transferWorkflow.postTransfer,
    guardTransfers: transferWorkflow.guardTransfers,
    guardAccountOpening: accountOpeningGate,
    overdraftGate: createOverdraftGate(services),
    visibility: ledgerVisibility,
    integrity: ledgerIntegrityFrom(services),
    pdfFont: config.pdfFont,
  })
  await app.register(fxRoutes, { prefix: '/v1', fx: services.fx })
  await app.register(screeningRoutes, { prefix: '/v1', watchlists: services.watchlists })
  await app.register(approvalRoutes, { prefix: '/v1', approvals: services.approvals })
  await app.register(trainingRoutes, { prefix: '/v1', training: services.training })
  registerDataExport(services)
  registerWhitelist(services)
  await app.register(identityCheckRoutes, { prefix: '/v1', services })
  await app.register(whitelistRoutes, { prefix: '/v1', services })
  await app.register(dataExportRoutes, { prefix: '/v1', services })
  const dataProtection = createDataProtection(services, { timeZone: config.businessTimeZone })
  dataProtection.register()
  await app.register(dataProtectionRoutes, { prefix: '/v1', services, dataProtection })
  await app.register(reportRoutes, {
    prefix: '/v1', reporting: services.reporting, suspicious: services.suspicious,
    runDay: createLargeValueRun(services, { bankCountry: config.bankCountry, timeZone: config.businessTimeZone }),
  })
  await app.register(kycRoutes, {
    prefix: '/v1', kyc: services.kyc, today: () => formatCalendarDate(services.catalogue.today()),
    canSeeClient: async (actor, clientId) => !ledgerVisibility.scoped(actor) || (await ledgerVisibility.canSeeClient(actor, clientId)),
  })
  const riskDesk = createRiskDesk(services, { insuranceScheme: insuranceSchemesOf(config)[0], reportingCurrency: config.reportingCurrency, overrideDays: config.suitabilityOverrideDays })
  await app.register(riskRoutes, {
    prefix: '/v1', rules: services.riskRules, cases: services.riskCases, decisions: services.riskStore, suitability: services.suitability, activationGate: riskDesk.activationGate,
    // A decided case first settles the transfers it held (posts them, or releases the money), then hands a true positive to compliance.
    onOutcome: async (riskCase, note, by) => {
      if (riskCase.outcome) await transferWorkflow.releaseHeld(riskCase.id, riskCase.outcome)
      return riskDesk.onOutcome(riskCase, note, by)
    },
  })
  await app.register(riskDeskRoutes, { prefix: '/v1', services, desk: riskDesk })
  await app.register(depositRoutes, {
    prefix: '/v1',
    ledger: services.ledger,
    catalogue: services.catalogue,
    deposits: services.deposits,
    endOfDay: services.endOfDay,
    clientTypeOf: depositClientsFrom(services),
    insuranceSchemes: insuranceSchemesOf(config),
    visibility: ledgerVisibility,
    onBackgroundError: (error) => app.log.error({ err: error }, 'end-of-day run failed'),
    withdrawalGate: createWithdrawalGate(services),
    guardAccountOpening: accountOpeningGate,
    guardDepositSale: (sale) => riskDesk.guardDepositSale(sale),
    negotiatedRateApprovals: createNegotiatedRateApprovals(services),
  })

  await app.ready()
  return app
}

/** The configured schemes, each in the version in force today. */
function insuranceSchemesOf(config: Config): InsuranceScheme[] {
  const today = new Date().toISOString().slice(0, 10)
  return config.insuranceSchemes.map((id) => {
    const scheme = insuranceSchemeInForce(id, today, defaultInsuranceSchemes)
    if (!scheme) throw new Error(`STRONGROOM_INSURANCE_SCHEMES: unknown scheme ${id} (known: ${[...new Set(defaultInsuranceSchemes.map((s) => s.id))].join(', ')})`)
    return scheme
  })
}
