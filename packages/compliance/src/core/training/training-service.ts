import { addMonthsToDay, type Actor, type Clock, type IdGenerator, type StaffRole } from '@strongroom/kernel'
import { ComplianceError } from '../compliance-errors.js'
import { lapsedCourses, type Completion, type Course } from './training.js'

export interface TrainingStore {
  insertCourse(course: Course): Promise<void>
  listCourses(): Promise<Course[]>
  insertCompletion(completion: Completion): Promise<void>
  completionsOf(staffId: string): Promise<Completion[]>
}

export interface StaffDirectory {
  /** Every active staff member with their roles. */
  activeStaff(): Promise<{ readonly id: string; readonly displayName: string; readonly roles: readonly StaffRole[] }[]>
}

export interface TrainingServiceDeps {
  readonly store: TrainingStore
  readonly staff: StaffDirectory
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly today: () => string
}

/**
 * Staff training: courses, completions with their expiry, who is overdue —
 * and the rule that a staff member whose mandatory training has lapsed cannot
 * approve anything (`mayDecide`, which the approval service asks).
 */
export function createTrainingService(deps: TrainingServiceDeps) {
  const { store, clock, ids } = deps
  return {
    async createCourse(input: Omit<Course, 'id'>): Promise<Course> {
      if ((await store.listCourses()).some((c) => c.code === input.code)) throw new ComplianceError('compliance.invalid_training', `a course ${input.code} exists already`)
      const course = { ...input, id: ids.next() }
      await store.insertCourse(course)
      return course
    },
    listCourses: () => store.listCourses(),

    async recordCompletion(input: { staffId: string; courseId: string; completedOn: string }, by: string): Promise<Completion> {
      const course = (await store.listCourses()).find((c) => c.id === input.courseId)
      if (!course) throw new ComplianceError('compliance.invalid_training', `no course ${input.courseId}`)
      if (input.completedOn > deps.today()) throw new ComplianceError('compliance.invalid_training', 'a completion cannot be in the future')
      const completion: Completion = {
        id: ids.next(), ...input, expiresOn: addMonthsToDay(input.completedOn, course.validityMonths), recordedBy: by, recordedAt: clock.now().toISOString(),
      }
      await store.insertCompletion(completion)
      return completion
    },

    /** Active staff with a lapsed mandatory course today, and which. */
    async overdue(): Promise<{ staffId: string; displayName: string; lapsed: Course[] }[]> {
      const courses = await store.listCourses()
      const out = []
      for (const member of await deps.staff.activeStaff()) {
        const lapsed = lapsedCourses(member.roles, courses, await store.completionsOf(member.id), deps.today())
        if (lapsed.length > 0) out.push({ staffId: member.id, displayName: member.displayName, lapsed })
      }
      return out
    },

    /** Why `actor` may not decide anything now (a lapsed mandatory course), or undefined. */
    async mayDecide(actor: Actor): Promise<string | undefined> {
      const lapsed = lapsedCourses(actor.roles, await store.listCourses(), await store.completionsOf(actor.staffId), deps.today())
      return lapsed.length === 0 ? undefined : `mandatory training has lapsed: ${lapsed.map((c) => c.code).join(', ')}`
    },
  }
}

export type TrainingService = ReturnType<typeof createTrainingService>
