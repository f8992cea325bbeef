import { sql, type Kysely } from 'kysely'
import type { Completion, Course, TrainingStore } from '../core/index.js'

const parse = <T>(value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as T

/** Courses and completions (append-only) on PostgreSQL (or PGlite), in the `compliance` schema. */
export function createKyselyTrainingStore(db: Kysely<any>): TrainingStore {
  return {
    async insertCourse(course) {
      await sql`insert into compliance.training_course (id, code, course) values (${course.id}::uuid, ${course.code}, ${JSON.stringify(course)}::jsonb)`.execute(db)
    },
    async listCourses() {
      const { rows } = await sql<{ course: unknown }>`select course from compliance.training_course order by code`.execute(db)
      return rows.map((r) => parse<Course>(r.course))
    },
    async insertCompletion(completion) {
      await sql`insert into compliance.training_completion (id, staff_id, course_id, completion)
        values (${completion.id}::uuid, ${completion.staffId}, ${completion.courseId}::uuid, ${JSON.stringify(completion)}::jsonb)`.execute(db)
    },
    async completionsOf(staffId) {
      const { rows } = await sql<{ completion: unknown }>`select completion from compliance.training_completion where staff_id = ${staffId}`.execute(db)
      return rows.map((r) => parse<Completion>(r.completion))
    },
  }
}
