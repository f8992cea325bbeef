import { isMonitoringFactPath, type MonitoringFactPath } from './facts.js'
import type { RuleProblem } from './parse-expression.js'

/**
 * A rule's explanation is a sentence with placeholders naming facts:
 * "{{agg.in.cash.nearThresholdCount.P1D}} cash deposits near the
 * {{config.reportingThreshold}} threshold today". The placeholders are
 * checked against the known facts when the rule is loaded and filled with
 * the values the rule saw when it hits.
 */

/** What a decision stores of a fact it saw: JSON-safe, lists joined with ", ". */
export type ObservedValue = string | number | boolean | null

const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g

/** The placeholders of a template, in order, once each. */
export function templatePlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(placeholder)].map((m) => m[1] ?? ''))]
}

/** Checks the template's placeholders; the fact paths it names when all are known. */
export function checkExplanationTemplate(template: string, path: string, errors: RuleProblem[]): MonitoringFactPath[] {
  const names = templatePlaceholders(template)
  const unknown = names.filter((name) => !isMonitoringFactPath(name))
  for (const name of unknown) errors.push({ path, message: `unknown fact "${name}" in {{${name}}}` })
  const rest = template.replace(placeholder, '')
  if (rest.includes('{{') || rest.includes('}}')) errors.push({ path, message: 'has an unclosed or empty {{placeholder}}' })
  return unknown.length === 0 ? (names as MonitoringFactPath[]) : []
}

/** The raw value of a fact as a decision stores it. */
export function observedValue(raw: unknown): ObservedValue {
  if (raw === null || raw === undefined) return null
  if (Array.isArray(raw)) return raw.join(', ')
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw
  return String(raw)
}

function shown(value: ObservedValue): string {
  if (value === null) return 'unknown'
  return String(value)
}

/** Fills each placeholder with the observed value of its fact ("unknown" for null). */
export function renderExplanation(template: string, observed: Readonly<Record<string, ObservedValue>>): string {
  return template.replace(placeholder, (_, name: string) => shown(observed[name] ?? null))
}
