// Test support for @strongroom/risk: in-memory repositories and test-data builders (to be written).
export {}
