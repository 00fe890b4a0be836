/** Type-checking happens once in `npm test` (tsc --noEmit); ts-jest only transpiles. */
module.exports = {
  testEnvironment: 'node',
  // The real control plane (test/support/control-plane.ts): one run folder, started on first use, always stopped.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  roots: ['<rootDir>'],
  testMatch: ['<rootDir>/main.test.ts', '<rootDir>/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    // @marcbachmann/cel-js (the CEL evaluator of scripts/validate/) ships only ES modules.
    '^.+/@marcbachmann/cel-js/.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@marcbachmann/cel-js/)'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.synth/', '<rootDir>/build/', '<rootDir>/examples/'],
};
