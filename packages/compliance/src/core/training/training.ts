import type { StaffRole } from '@strongroom/kernel'

/** A course staff must keep current: mandatory ones for the roles listed, valid for some months after completion. */
export interface Course {
  readonly id: string
  readonly code: string
  readonly title: string
  readonly mandatory: boolean
  /** Roles that must hold it; empty: every role. */
  readonly roles: readonly StaffRole[]
  readonly validityMonths: number
}

export interface Completion {
  readonly id: string
  readonly staffId: string
  readonly courseId: string
  readonly completedOn: string
  readonly expiresOn: string
  readonly recordedBy: string
  readonly recordedAt: string
}

/** The mandatory courses a staff member with `roles` has not completed, or whose completion has expired, on `date`. */
export function lapsedCourses(roles: readonly StaffRole[], courses: readonly Course[], completions: readonly Completion[], date: string): Course[] {
  return courses.filter((course) => course.mandatory && (course.roles.length === 0 || course.roles.some((r) => roles.includes(r))))
    .filter((course) => !completions.some((c) => c.courseId === course.id && c.completedOn <= date && c.expiresOn >= date))
}
