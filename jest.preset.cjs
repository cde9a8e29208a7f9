// Shared jest settings: ESM TypeScript through @swc/jest, `.js` import suffixes mapped to sources.
const path = require('node:path');
module.exports = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
        },
        module: { type: 'es6' },
      },
    ],
  },
  moduleNameMapper: {
    '^@equity/shared$': path.join(__dirname, 'libs/shared/src/index.ts'),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};
