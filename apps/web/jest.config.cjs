// Unit tests of the web app (dictionaries, texts): plain TypeScript through the shared preset, no DOM.
module.exports = { ...require('../../jest.preset.cjs'), testMatch: ['<rootDir>/src/**/*.spec.ts'] };
