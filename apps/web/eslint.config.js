// The web app's lint: the monorepo rules, the rules of React hooks, and bulletproof-react boundaries
// with ESLint's own no-restricted-imports: a feature does not import another feature nor the app
// layer; shared code (src/lib, src/components) imports neither features nor the app.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import reactHooks from 'eslint-plugin-react-hooks';
import root from '../../eslint.config.js';

/** Every folder of src/features is a feature, so a new one is fenced in as soon as it exists. */
const FEATURES = readdirSync(path.join(import.meta.dirname, 'src/features'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const featureRules = FEATURES.map((feature) => ({
  files: [`src/features/${feature}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: FEATURES.filter((f) => f !== feature).flatMap((f) => [`**/features/${f}`, `**/features/${f}/**`, `**/../${f}`, `**/../${f}/**`]),
            message: 'Features do not import each other: move shared code to src/lib or src/components.',
          },
          { group: ['**/app', '**/app/**', '**/src/app/**'], message: 'Features do not import the app layer.' },
        ],
      },
    ],
  },
}));

export default [
  ...root,
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  ...featureRules,
  {
    files: ['src/lib/**/*.{ts,tsx}', 'src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/features', '**/features/**'], message: 'Shared code does not import features.' },
            { group: ['**/app', '**/app/**'], message: 'Shared code does not import the app layer.' },
          ],
        },
      ],
    },
  },
];
