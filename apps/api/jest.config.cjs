// Unit specs beside the code (src/**/*.spec.ts) and the test helpers (test/**/*.spec.ts), and API
// integration specs (test/**/*.e2e-spec.ts), on a real embedded PostgreSQL started once per run in
// globalSetup.
module.exports = {
  ...require('../../jest.preset.cjs'),
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  testTimeout: 30000,
};
