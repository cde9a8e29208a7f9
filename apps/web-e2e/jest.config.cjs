// Browser tests: globalSetup starts the real server (built API + dashboard, embedded PostgreSQL with
// the demo data, as `npm start` does on a fresh clone) in a temporary folder.
module.exports = {
  ...require('../../jest.preset.cjs'),
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/global-setup.mjs',
  globalTeardown: '<rootDir>/global-teardown.mjs',
  // HR and administrator tests first, management and researcher pages last (sequencer.cjs says why).
  testSequencer: '<rootDir>/sequencer.cjs',
  testTimeout: 60000,
  // The server (and its embedded PostgreSQL) stops gracefully in globalTeardown, which takes a few seconds.
  openHandlesTimeout: 15000,
};
