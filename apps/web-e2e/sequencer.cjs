// The order of the browser tests: one server serves them all (global-setup.mjs), and its protection
// worker computes the disclosure protections of the demo data in the background after start-up
// (minutes on 2 cores). Tests that sign in as HR or administrator need none of them, so they run
// first; the pages of management and researchers come last, when the protections are stored, instead
// of waiting for them on a cold server (the first management page of a fresh server took up to 171 s).
const Sequencer = require('@jest/test-sequencer').default;

const ORDER = [
  'conflict.e2e-spec.ts',
  'survey.e2e-spec.ts',
  'i18n.e2e-spec.ts',
  'admin.e2e-spec.ts',
  'admin-zones.e2e-spec.ts',
  'dashboard.e2e-spec.ts',
  'exports.e2e-spec.ts',
  'overview.e2e-spec.ts',
  'targets-report.e2e-spec.ts',
  'pages.e2e-spec.ts',
  'no-english.e2e-spec.ts',
];

class ProtectedPagesLast extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const i = ORDER.findIndex((name) => test.path.endsWith(`/${name}`));
      // A spec not listed yet runs before the protected pages (with the HR and administrator ones).
      return i < 0 ? ORDER.indexOf('dashboard.e2e-spec.ts') - 0.5 : i;
    };
    return [...tests].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  }
}

module.exports = ProtectedPagesLast;
