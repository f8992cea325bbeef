export { lapsedCourses } from './training.js'
export type { Completion, Course } from './training.js'
export { createTrainingService } from './training-service.js'
export type { StaffDirectory, TrainingService, TrainingServiceDeps, TrainingStore } from './training-service.js'
