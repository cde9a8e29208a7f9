// Unit specs of the launcher (src/**/*.spec.ts): no server, no browser, so they run everywhere,
// before the browser tests (jest.config.cjs) or in their stead when those are skipped.
module.exports = {
  ...require('../../jest.preset.cjs'),
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
