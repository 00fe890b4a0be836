/** Type-checking happens once in `npm test` (tsc --noEmit); ts-jest only transpiles. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['<rootDir>/main.test.ts', '<rootDir>/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.synth/'],
};
