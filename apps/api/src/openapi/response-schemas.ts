/**
 * OpenAPI schemas of the responses, with the meaning of every field. The shapes are the shared
 * TypeScript contracts (libs/shared); these descriptions document them for API users.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { AUDIT_ACTIONS, EXPORT_FIELDS, MIN_EVENTS, NO_DATA_SYMBOL, TOO_FEW_SYMBOL, WINDOW_QUARTERS, WINDOW_STATISTICS, MIN_GROUP_BASE, NATIONAL_METRICS, NO_VALUE_REASONS, TARGET_METRICS, TARGET_STATUSES, VERDICT_MEANINGS, VERDICTS } from '@equity/shared';

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
const num = (description: string, nullable = false): Schema => ({ type: 'number', description, ...(nullable ? { nullable: true } : {}) });
const int = (description: string): Schema => ({ type: 'integer', description });
const bool = (description: string): Schema => ({ type: 'boolean', description });
const arr = (items: Schema, description = ''): Schema => ({ type: 'array', items, ...(description ? { description } : {}) });
const obj = (properties: Record<string, Schema>, description = ''): Schema => ({ type: 'object', properties, required: Object.keys(properties), ...(description ? { description } : {}) });
/** An object schema with extra properties that may be absent. */
const optional = (schema: Schema, properties: Record<string, Schema>): Schema => ({ ...schema, properties: { ...(schema['properties'] as Record<string, Schema>), ...properties } });
const quarter = (description: string) => str(description, { example: '2026-Q3', pattern: '^\\d{4}-Q[1-4]$' });
/** The zone a record belongs to, by code and by name. */
const ZONE_FIELDS = { zone: str('Zone code'), zoneName: str('Zone name') };

export const RESPONSE_SCHEMAS: Record<string, Schema> = {
  Suppressed: obj({ suppressed: { type: 'boolean', enum: [true] } }, 'A count withheld by disclosure control (below the caller’s threshold). Never blank, never 0.'),
  Count: { oneOf: [{ type: 'integer', minimum: 0 }, ref('Suppressed')], description: 'A number of people, or {"suppressed": true}.' },
  Label: obj({ en: str('English'), nl: str('Dutch'), fr: str('French') }, 'A name in the interface languages; `en` always present.'),
  Interval: obj({ low: num('Lower bound'), high: num('Upper bound') }, 'Wilson score 95% interval of a rate.'),
  Rate: optional(
    obj(
      {
        value: num('numerator ÷ denominator (0–1); null when the denominator is 0, a count is withheld or there is no data.', true),
        numerator: ref('Count'),
        denominator: ref('Count'),
        interval: { ...ref('Interval'), nullable: true },
      },
      'A rate with what it stands on.',
    ),
    {
      noData: {
        type: 'boolean',
        enum: [true],
        description:
          'Present (true) when a measure behind the rate was not supplied by the zone for every quarter it covers (e.g. a source with headcounts only): "no data", never 0 — value and interval null, numerator and denominator 0 and meaningless. Not a withheld value.',
      },
    },
  ),
  Comparison: obj(
    {
      group: ref('Rate'),
      reference: ref('Rate'),
      impactRatio: num('group rate ÷ reference rate; null when not computable or withheld.', true),
      pValue: num('Two-sided Fisher’s exact test of events/non-events × group/reference (as R’s fisher.test).', true),
      belowFourFifths: bool('The four-fifths flag: impactRatio < 0.80.'),
      verdict: ref('Verdict'),
    },
    'A favourable rate of the group against the reference group.',
  ),
  Verdict: str(`What a comparison concludes: ${VERDICTS.map((v) => `${v} (${VERDICT_MEANINGS[v]})`).join('; ')}.`, { enum: [...VERDICTS] }),
  Group: obj({ dimension: str('Classification, e.g. origin'), code: str('Value or roll-up code, e.g. migration_background'), label: ref('Label') }),
  ZoneMetrics: obj(
    {
      ...ZONE_FIELDS,
      group: ref('Group'),
      reference: ref('Group'),
      categories: arr(str('Staff category'), 'Categories analysed; empty = all.'),
      threshold: int('Smallest count shown to this caller (1 = everything).'),
      period: quarter('Quarter analysed'),
      window: obj({ from: quarter('First quarter of the window'), to: quarter('Last quarter'), quarters: int('Length of the window') }, 'Rolling window of the flow metrics.'),
      representation: obj({
        declaration: ref('Rate'),
        ofDeclared: ref('Rate'),
        ofTotal: ref('Rate'),
        changeQuarter: num('Change of representation of declared since the previous quarter, in proportion points.', true),
        changeYear: num('Change since the same quarter a year before, in proportion points.', true),
      }),
      hiring: obj({
        share: ref('Rate'),
        workforceShare: ref('Rate'),
        ratio: num('share ÷ workforceShare; above 1 hiring diversifies the workforce.', true),
        tooFewToConclude: bool(`The counts are shown but too few: fewer than ${MIN_EVENTS} declared hires or a workforce base below ${MIN_GROUP_BASE}. False when withheld.`),
        withheld: bool('A count behind the share or the workforce share is withheld by disclosure control: the ratio is null (suppressed, not too few to conclude).'),
        noData: bool(
          'Hires were not supplied for every quarter of the window, or the headcount at its start was not: share and workforce share are no-data rates, the ratio null, and neither tooFewToConclude nor withheld.',
        ),
      }),
      promotion: ref('Comparison'),
      separation: obj({
        group: ref('Rate'),
        reference: ref('Rate'),
        groupPer1000: num('Separations per 1,000 of the group over the window.', true),
        referencePer1000: num('Same for the reference group.', true),
        retention: ref('Comparison'),
        byReason: arr(obj({ reason: str('Separation reason'), group: ref('Rate'), reference: ref('Rate') })),
      }),
      funnel: arr(obj({ stage: str('Stage reached'), from: str('Stage before'), comparison: ref('Comparison') }), 'Selection rates per stage; empty without funnel data.'),
      availability: {
        ...obj({ dimension: str(''), group: str(''), share: num('Population share (0–1)'), source: str('Source'), year: int('Year'), gap: num('representation of total − share', true) }),
        nullable: true,
        description: 'Availability benchmark of the group and the gap to it.',
      },
    },
    'Every metric of one group in one zone and quarter (definitions: docs/metrics.md).',
  ),
  Series: obj({
    zone: str('Zone code'),
    group: ref('Group'),
    reference: ref('Group'),
    threshold: int('Smallest count shown'),
    points: arr(
      obj({
        period: quarter('Quarter'),
        representation: ref('Rate'),
        declaration: ref('Rate'),
        hiringShare: ref('Rate'),
        hiringRatio: num('Hiring ratio', true),
        promotionImpactRatio: num('Promotion impact ratio', true),
        promotionVerdict: ref('Verdict'),
        retention: ref('Rate'),
      }),
    ),
  }),
  GlassCeiling: obj({
    zone: str('Zone code'),
    period: quarter('Quarter'),
    group: ref('Group'),
    rows: arr(obj({ category: str('Category or category group'), level: str('category | group'), representation: ref('Rate'), declaration: ref('Rate') })),
  }),
  National: obj({
    period: quarter('Quarter'),
    profile: str('Classification profile whose zones are compared'),
    profiles: arr(str('Profile code'), 'Every classification profile of the zones the caller may see; each is compared on its own (`profile=`).'),
    metric: str('The figure compared', { enum: [...NATIONAL_METRICS] }),
    group: ref('Group'),
    reference: ref('Group'),
    categories: arr(str('Staff category'), 'Staff categories analysed (a category group in the query stands for its categories); empty = all.'),
    threshold: int('Largest threshold applied'),
    rows: arr(optional(obj({ ...ZONE_FIELDS, value: num('The metric', true), rate: { ...ref('Rate'), nullable: true }, verdict: { ...ref('Verdict'), nullable: true, description: 'Verdict of the comparison (promotion impact ratio, retention); for the hiring ratio suppressed or too_few_to_conclude when it has no value; null otherwise.' } }), {
          pending: bool('Present (true) when the zone’s disclosure protections are not stored yet: every figure of the zone is withheld until the background worker has stored them'),
          benchmark: obj({ year: int('Year of the population figure'), source: str('Its source') }, 'Metric availability_gap only, when the zone has a benchmark for the group: the benchmark the gap is measured against.'),
        })),
    total: optional(
      obj(
        {
          zones: int('How many zones (rows) the total adds up'),
          value: num('The metric for all the zones together; the availability gap has none (no benchmark covers every zone)', true),
          rate: { ...ref('Rate'), nullable: true },
          verdict: { ...ref('Verdict'), nullable: true, description: 'As in the rows.' },
        },
        'Every zone of the rows together: the same metric, computed by the same functions from the sums of the zones’ counts. ' +
          'Under disclosure control a count of the total is the sum of the zones’ published counts, and withheld ({"suppressed": true}) when any zone’s count is withheld or pending.',
      ),
      { pending: bool('Present (true) when a zone is pending: the total’s counts are withheld until every zone’s protections are stored') },
    ),
  }),
  Availability: obj({ dimension: str('Classification'), group: str('Value or roll-up'), share: num('Population share (0–1)'), source: str('Source'), year: int('Year') }),
  TargetProgress: obj(
    {
      id: int('Target number'),
      ...ZONE_FIELDS,
      group: ref('Group'),
      metric: str('The figure the goal is set on', { enum: [...TARGET_METRICS] }),
      categories: arr(str('')),
      value: num('The goal'),
      baselinePeriod: quarter('Baseline quarter'),
      deadlinePeriod: quarter('Deadline'),
      note: str('Note'),
      createdBy: str('Account'),
      createdAt: str('Time', { format: 'date-time' }),
      updatedAt: str('Time', { format: 'date-time' }),
      baselineValue: num('Where the trajectory starts', true),
      points: arr(ref('TargetPoint')),
      current: { ...ref('TargetPoint'), nullable: true },
      projection: { type: 'object', nullable: true, description: '{reached, period, afterDeadline} or {reached:false, period:null, notAtThisPace:true}.' },
      flowProjection: { type: 'array', nullable: true, items: obj({ period: quarter(''), representation: num('', true) }), description: 'Representation if the last 4 quarters’ flows continue.' },
    },
    'A target and its progress (docs/metrics.md, "Targets").',
  ),
  TargetPoint: obj({
    period: quarter('Quarter'),
    actual: num('Metric value', true),
    unavailable: str('Why actual is null: no_data (a measure behind it was not supplied), suppressed (withheld by disclosure control) or too_few_to_conclude (impact ratio targets); null when there is a value or no return.', {
      enum: [...NO_VALUE_REASONS],
      nullable: true,
    }),
    trajectory: num('Straight-line trajectory value', true),
    gap: num('actual − trajectory', true),
    status: str(
      'achieved, on_track, at_risk, off_track by the gap to the trajectory; without an actual value: suppressed (withheld by disclosure control: there is data), too_few_to_conclude, or no_data (the data is missing — never a hidden value).',
      { enum: [...TARGET_STATUSES] },
    ),
  }),
  Problem: obj({
    row: { type: 'integer', nullable: true, description: 'Spreadsheet row (header = 1) or position in `cells` (from 1); null for the request as a whole.' },
    column: { type: 'string', nullable: true, description: 'Column or field.' },
    code: str('Machine-readable problem code (docs/data-entry.md).'),
    message: str('What is wrong, in words for an HR officer.'),
    value: str('Only in warnings, a figure computed by the check (e.g. the gap of a stock-flow warning). Never a value that was typed.'),
  }),
  ValidationError: optional(
    obj(
      { statusCode: int('422'), error: str('Unprocessable Entity'), message: str('Summary'), errors: arr(ref('Problem'), 'The first MAX_PROBLEMS problems by row (default 200).'), warnings: arr(ref('Problem')) },
      'Every problem at once, up to MAX_PROBLEMS; nothing was written. No message quotes a value that was typed: it says which row and column and what is expected.',
    ),
    {
      truncated: bool('Present (true) only when more problems were found than `errors` lists.'),
      more: int('Present only with `truncated`: how many problems were found beyond those listed.'),
    },
  ),
  Refusal: obj(
    {
      statusCode: int('HTTP status (400, 401, 403, 404, 408, 409, 412, 413, 415, 429, 503…)'),
      error: str('Reason phrase, e.g. Conflict'),
      message: str('What happened and what to do, in words for an HR officer.'),
      errors: arr(ref('Problem'), 'One problem (row and column null unless the refusal is about one) with the same message and a code such as forbidden, conflict, stale_revision, too_many_rows, file_too_large, invalid_json, malformed_form, body_timeout, too_many_uploads, busy, database_unavailable.'),
    },
    'Every refusal has this shape, the shape of a 422 without `warnings`: clients read `errors` the same way.',
  ),
  ReturnSummary: obj({
    zone: str('Zone code'),
    period: quarter('Quarter'),
    status: str('open or signed_off', { enum: ['open', 'signed_off'] }),
    currentRevision: { type: 'integer', nullable: true, description: 'Number of the current revision (its ETag is "number"); null before the first.' },
    updatedAt: str('When the current revision was saved', { format: 'date-time', nullable: true }),
    updatedBy: str('Who saved it', { nullable: true }),
    signedOffAt: str('When the quarter was signed off', { format: 'date-time', nullable: true }),
    signedOffBy: str('Who signed it off', { nullable: true }),
  }),
  Revision: obj({
    number: int('Revision number: 1, 2, … per zone-quarter, never reused'),
    author: str('Who saved it'),
    createdAt: str('When', { format: 'date-time' }),
    reason: str('Why'),
    source: str('Where the cells came from', { enum: ['form', 'api', 'csv', 'xlsx', 'person-csv', 'person-xlsx', 'demo', 'import'] }),
    cellCount: int('Cells stored'),
  }),
  SubmitResult: obj(
    {
      summary: ref('ReturnSummary'),
      revision: ref('Revision'),
      warnings: arr(ref('Problem'), 'Stock-flow warnings (saved anyway).'),
      supersedes: { type: 'integer', nullable: true, description: 'The revision this one replaced as current; null when it is the first. Without If-Match, check it is the one you started from.' },
    },
    'The new revision. The `ETag` header names it ("number").',
  ),
  StaleRevisionError: obj(
    {
      statusCode: int('412'),
      error: str('Precondition Failed'),
      message: str('Which revision the client had, which is current, who saved it and when; nothing was saved.'),
      errors: arr(ref('Problem'), 'One problem, code stale_revision.'),
      yourRevision: { type: 'integer', nullable: true, description: 'The revision named by the request’s If-Match; null when it named none (If-None-Match: *, If-Match: *).' },
      currentRevision: {
        ...obj({ number: int('Current revision'), author: str('Who saved it'), createdAt: str('When', { format: 'date-time' }) }),
        nullable: true,
        description: 'The current revision; null when the quarter has none yet.',
      },
    },
    'The return changed since the client loaded it: nothing was written. GET it again for the new ETag, or send the write again with If-Match naming the current revision to replace it.',
  ),
  Health: optional(
    obj(
      {
        status: str('ok; busy when this instance’s queue is full (503); error when the database does not answer or is restarting (503).', { enum: ['ok', 'busy', 'error'] }),
        database: str('ok; error: no answer; restarting: the embedded PostgreSQL died and is being started again.', { enum: ['ok', 'error', 'restarting'] }),
        version: str('API version'),
        profile: str('Default classification profile'),
        oidc: bool('Sign-in through the organisation’s identity provider is configured.'),
        load: obj(
          {
            status: str('ok: nothing waits; queueing: requests wait their turn; full: the next request would be refused with 503.', { enum: ['ok', 'queueing', 'full'] }),
            inFlight: int('API requests being worked on (their body has arrived)'),
            queued: int('API requests waiting their turn'),
            maxInFlight: int('MAX_IN_FLIGHT'),
            maxQueued: int('MAX_QUEUED'),
          },
          'Saturation of this instance.',
        ),
      },
      'Liveness, database and load of this instance.',
    ),
    { databaseRestarts: int('How many times the embedded PostgreSQL was started again after it died (embedded only; absent with DATABASE_URL).') },
  ),
  ManagedUser: obj(
    {
      id: int('Account id'),
      username: str('User name (lower case)'),
      displayName: str('Name shown in the dashboard'),
      role: str('Role', { enum: ['admin', 'hr', 'management', 'researcher'] }),
      zones: arr(str('Zone code'), 'Zones an HR officer may read and write; empty for other roles.'),
      active: bool('false = deactivated: cannot sign in, and its sessions were ended.'),
      createdAt: str('When the account was created', { format: 'date-time' }),
      lockedUntil: str('Sign-in refused until then after 5 failed attempts within 15 minutes; null when not locked.', { format: 'date-time', nullable: true }),
      activeSessions: int('Logins still valid (neither expired nor ended).'),
    },
    'An account as administrators manage it. Never includes a password or its hash.',
  ),
  Zone: optional(
    obj({
      code: str('Official zone number', { example: '5345' }),
      name: str('Name (Dutch and French when they differ)'),
      names: ref('Label'),
      profile: str('Classification profile of its returns'),
      successor: str('Code of the zone it was merged into', { nullable: true }),
      mergedFrom: str('First quarter its successor holds its returns for (a merger recorded with a quarter)', { nullable: true, example: '2027-Q1' }),
      predecessors: arr(obj({ code: str('Zone merged into this one'), from: str('First quarter this zone holds its returns for', { nullable: true }) }), 'Zones merged into this one, oldest merger first.'),
      communes: arr(str('Commune'), 'Communes the zone polices, as entered by an administrator; may be empty.'),
    }),
    { returns: int('Quarterly returns stored for the zone (administrators only).') },
  ),
  ZoneImport: obj(
    {
      dryRun: bool('true: a preview, nothing was written.'),
      created: int('Rows that register (or would register) a new zone.'),
      changed: int('Rows that change (or would change) a zone.'),
      unchanged: int('Rows that match their zone already.'),
      rows: arr(
        obj({
          row: int('Row of the file (the header is row 1)'),
          code: str('Zone code'),
          status: str('What the row does', { enum: ['created', 'changed', 'unchanged'] }),
          changes: arr(str('Field', { enum: ['names', 'profile', 'communes'] }), 'What differs from the stored zone.'),
          nameNl: str('Dutch name'),
          nameFr: str('French name'),
          nameEn: str('English name', { nullable: true }),
          profile: str('Classification profile'),
          communes: arr(str('Commune')),
        }),
      ),
    },
    'What loading a zones file does (or would do), row by row.',
  ),
  ProfileUpload: obj(
    {
      dryRun: bool('true: a preview, nothing was stored.'),
      status: str('What the file does: a new profile, a new version, or nothing (the stored version is the same)', { enum: ['created', 'changed', 'unchanged'] }),
      code: str('Profile code', { example: 'belgium-police' }),
      name: ref('Label'),
      version: int('The version the profile has (or would have) after the write'),
      previousVersion: { ...int('The stored version before; null for a new profile'), nullable: true },
      categories: int('Staff categories of the profile in the file'),
      dimensions: int('Classifications of the profile in the file'),
      zones: int('Zones registered with the profile'),
      changes: arr(
        obj({
          kind: str('What changes', { enum: ['name', 'categoryGroup', 'category', 'dimension', 'value', 'rollup'] }),
          change: str('How', { enum: ['added', 'removed', 'changed'] }),
          code: str('Code of the item'),
          dimension: str('Classification of a value or roll-up'),
        }),
        'What the new version changes from the stored one (empty for a new profile).',
      ),
    },
    'What storing a classification profile file does (or would do).',
  ),
  AvailabilityBenchmark: obj({
    dimension: str('Classification, e.g. origin'),
    group: str('Value or roll-up of the classification, e.g. migration_background'),
    year: int('Year the population figure is for'),
    share: num('Share of the group in the population of the zone’s communes (0–1)'),
    source: str('Where the figure comes from'),
  }),
  AvailabilityImport: obj(
    {
      dryRun: bool('true: a preview, nothing was written.'),
      created: int('Rows that add (or would add) a benchmark.'),
      changed: int('Rows that change (or would change) the share or source of a benchmark.'),
      unchanged: int('Rows that match their benchmark already.'),
      rows: arr(
        obj({
          row: int('Row of the file (the header is row 1)'),
          zone: str('Zone code'),
          dimension: str('Classification'),
          group: str('Group'),
          year: int('Year'),
          share: num('Share (0–1)'),
          source: str('Source'),
          status: str('What the row does', { enum: ['created', 'changed', 'unchanged'] }),
          previousShare: num('The share stored before; null for a new benchmark', true),
        }),
      ),
    },
    'What loading an availability benchmarks file does (or would do), row by row.',
  ),
  RevokeSessions: obj({ revoked: int('Number of open sessions that were ended.') }),
  Unlock: obj({ unlocked: bool('true when the account was locked, or had failed sign-ins counted towards a lock, and no longer has: the next sign-in with the right password works.') }),
  AuditEvent: obj(
    {
      id: int('Event number: later events have higher numbers (the `before` of the next page).'),
      at: str('When (UTC)', { format: 'date-time' }),
      actor: str('Account that acted; null for the system (demo data, the administrator created from ADMIN_PASSWORD).', { nullable: true }),
      action: str(`What was done: ${AUDIT_ACTIONS.join(', ')}.`, { enum: [...AUDIT_ACTIONS] }),
      zone: str('Zone concerned, when one is', { nullable: true }),
      period: { ...quarter('Quarter concerned, when one is'), nullable: true },
      details: { type: 'object', description: 'Identifiers and figures of the action (a revision number, the fields changed, a count of sessions ended…): never file contents, passwords or personal data.' },
    },
    'One event of the audit log.',
  ),
  Breakdown: obj(
    {
      zone: str('Zone code'),
      period: quarter('Quarter'),
      measure: str('Measure'),
      dimension: str('Classification'),
      revision: int('Revision of the return the table reflects'),
      rows: arr(obj({ category: str('Staff category'), value: str('Value of the classification'), count: ref('Count') })),
      categoryTotals: arr(obj({ category: str('Staff category'), count: ref('Count') }), 'Total of each category over all values.'),
      valueTotals: arr(obj({ value: str('Value'), count: ref('Count') }), 'Total of each value over all categories.'),
      total: ref('Count'),
      threshold: int('Smallest count shown to this caller (1 = everything).'),
      window: {
        ...obj({ from: quarter('First quarter summed'), to: quarter('Last quarter summed: the period'), quarters: int(`Quarters summed (${WINDOW_QUARTERS})`) }),
        nullable: true,
        description:
          'Set when every count is the sum over the quarters from … to rather than the quarter’s own: hires, promotions and separations shown to management (quarterly flow tables are too small to publish). null: the quarter itself.',
      },
      supplied: bool(
        'Whether the zone supplied the measure: a cell of it (0 included) in the quarter’s return — in every quarter of the window when window is set. false: the table’s 0s are no data (e.g. hires of a zone that sent headcounts only), not zero.',
      ),
    },
    'One measure by staff category × one classification, as the caller may see it.',
  ),
  NoData: obj({ noData: { type: 'boolean', enum: [true] } }, `A value the zone did not supply: no data, never 0 and not withheld ("${NO_DATA_SYMBOL}" in CSV and XLSX).`),
  TooFew: obj(
    { tooFew: { type: 'boolean', enum: [true] } },
    `A figure without a value because its counts are too few to conclude; its counts are given, nothing is withheld ("${TOO_FEW_SYMBOL}" in CSV and XLSX).`,
  ),
  ExportValue: {
    oneOf: [{ type: 'number' }, ref('Suppressed'), ref('NoData'), ref('TooFew')],
    nullable: true,
    description:
      'A count or figure; {"suppressed": true} when withheld by disclosure control; {"noData": true} when the zone did not supply the measure; {"tooFew": true} when a figure has no value because its counts are too few to conclude; null when not computable or not applicable.',
  },
  ExportRow: obj(
    Object.fromEntries(
      EXPORT_FIELDS.map((f) => [
        f.name,
        ['value', 'numerator', 'denominator'].includes(f.name)
          ? { ...ref('ExportValue'), description: f.description }
          : f.type === 'string'
            ? str(f.description)
            : f.type === 'datetime'
              ? str(f.description, { format: 'date-time' })
              : { type: f.type, description: f.description, ...(f.name === 'ci_low' || f.name === 'ci_high' ? { nullable: true } : {}) },
      ]),
    ),
    'One count or figure (tidy long format). CSV and XLSX have the same columns, with the suppression symbol for withheld values.',
  ),
  ExportProvenance: obj(
    {
      generatedAt: str('When the export was made (UTC)', { format: 'date-time' }),
      generator: str('Equity Monitor'),
      role: str('Role the export was made for; its thresholds apply'),
      profile: str('Classification profile'),
      thresholds: arr(obj({ zone: str('Zone code'), threshold: int('Smallest count published (1 = full counts)') })),
      countStatistics: arr(
        str('A measure, or a flow over 4 quarters'),
        `The statistics of the count rows: a measure asked for (its quarterly count), or ${WINDOW_STATISTICS.join(', ')} where a zone’s threshold publishes that flow as ${WINDOW_QUARTERS}-quarter windows (management).`,
      ),
      suppressionSymbol: str('Symbol of withheld values in CSV and XLSX'),
      noDataSymbol: str(`Symbol of values the zone did not supply (${NO_DATA_SYMBOL}) in CSV and XLSX`),
      tooFewSymbol: str(`Symbol of figures without a value because the counts are too few to conclude (${TOO_FEW_SYMBOL}) in CSV and XLSX`),
      selection: obj({
        zones: arr(str('Zone code')),
        from: quarter('First quarter'),
        to: quarter('Last quarter'),
        categories: arr(str('Staff category')),
        classifications: arr(str('Classification')),
        measures: arr(str('Measure')),
        metrics: arr(str('Figure')),
        groups: arr(str('classification:group')),
      }),
      revisions: arr(obj({ zone: str('Zone code'), period: quarter('Quarter'), revision: int('Revision number'), createdAt: str('When the revision was made', { format: 'date-time' }) }), 'The revision of every zone-quarter the export reflects.'),
    },
    'Where an export comes from.',
  ),
  ExportJson: obj(
    {
      provenance: ref('ExportProvenance'),
      suppressed: str('How withheld values are written'),
      noData: str('How values the zone did not supply are written'),
      tooFew: str('How figures without a value because the counts are too few to conclude are written'),
      fields: arr(obj({ name: str('Column'), type: str('Table Schema type'), description: str('Meaning') })),
      statistics: {
        type: 'object',
        description: 'Data dictionary of the count statistics in `rows` (provenance.countStatistics), by code.',
        additionalProperties: obj({ label: ref('Label'), definition: str('What the count is'), quarters: int('Quarters it sums: 1, or 4 for hires_4q, promotions_4q, separations_4q') }),
      },
      rows: arr(ref('ExportRow')),
    },
    'The JSON export (format=json).',
  ),
  SurveyCampaign: obj(
    {
      id: int('Campaign number'),
      ...ZONE_FIELDS,
      period: quarter('Quarter whose representation data the results become'),
      opensOn: str('First day answers are taken (Belgian time)', { format: 'date' }),
      closesOn: str('Last day answers are taken, included', { format: 'date' }),
      closedEarlyOn: str('Day it was closed before its closing day', { format: 'date', nullable: true }),
      status: str('scheduled | open | closed', { enum: ['scheduled', 'open', 'closed'] }),
      questions: arr(str('Classification'), 'Questions asked besides the staff category.'),
      invitations: int('Codes generated'),
      responses: {
        ...ref('Count'),
        nullable: true,
        description: 'Answers counted; null until the campaign closes (never a live count); for every reader, HR included, suppressed when fewer than `threshold` answered.',
      },
      responseRate: num('responses ÷ invitations; null while open or when responses are withheld.', true),
      threshold: int('Smallest count of this survey anyone sees, whatever their role: max(K_RESEARCH, K_MANAGE).'),
      belowThreshold: bool('Closed with fewer than `threshold` answers: no results and no exact response count, for anyone.'),
      createdBy: str('Account that opened it', { nullable: true }),
    },
    'A self-identification survey campaign (docs/survey.md).',
  ),
  SurveyCodes: obj(
    { campaign: ref('SurveyCampaign'), codes: arr(str('A one-time code, e.g. ABCD-EFGH-JKMN'), 'The codes, in this response only: never stored or shown again.') },
    'Codes just generated.',
  ),
  SurveySession: obj(
    {
      zone: obj({ code: str('Zone code'), name: str('Zone name'), names: ref('Label') }),
      period: quarter('Quarter'),
      closesOn: str('Last day to answer, change or withdraw', { format: 'date' }),
      categories: arr(obj({ code: str('Staff category'), label: ref('Label'), group: str('Category group') })),
      categoryGroups: arr(obj({ code: str('Group'), label: ref('Label') })),
      questions: arr(
        obj({
          dimension: str('Classification'),
          label: ref('Label'),
          multiple: bool('Several values may be chosen'),
          values: arr(obj({ code: str('Value'), label: ref('Label'), notDeclared: bool('The "prefer not to say" answer') })),
        }),
      ),
      answer: {
        type: 'object',
        nullable: true,
        description: 'The answer given earlier with this code: {category, classes: {dimension: code | [codes]}}; null when none.',
      },
      threshold: int('Nobody sees a count of this survey below this; with fewer answers no results are shown at all.'),
    },
    'What the survey page shows once a code is entered.',
  ),
  SurveySaveResult: obj({ saved: bool('true: an answer is stored for the code; false: withdrawn'), closesOn: str('Last day it can still be changed', { format: 'date' }) }),
  SurveyTable: obj({
    dimension: str('Classification'),
    cells: arr(obj({ category: str('Staff category (not_declared: not given)'), value: str('Value (multiple: several chosen)'), count: ref('Count') })),
    categoryTotals: arr(obj({ category: str('Staff category'), count: ref('Count') })),
    valueTotals: arr(obj({ value: str('Value'), count: ref('Count') })),
    total: ref('Count'),
  }),
  SurveyResults: obj(
    {
      campaign: ref('SurveyCampaign'),
      threshold: int('Smallest count shown: the survey’s threshold, the same for every caller (HR and administrators included).'),
      invitations: int('Codes generated'),
      responses: { ...ref('Count'), description: 'Suppressed when fewer than `threshold` answered (then no tables).' },
      responseRate: num('responses ÷ invitations, shown beside every figure; null when withheld.', true),
      categories: arr(str('Staff category code')),
      tables: arr(ref('SurveyTable'), 'One per question asked (optional ones included), protected together; empty below the threshold.'),
      withheld: arr(str('Classification'), 'Questions this caller gets no counts of: none, since every question asked is protected (kept for clients).'),
    },
    'Counts of a closed survey campaign.',
  ),
  RepresentationSide: obj({
    source: str('hr_return | survey', { enum: ['hr_return', 'survey'] }),
    total: ref('Count'),
    declared: ref('Count'),
    shares: arr(obj({ value: str('Value'), count: ref('Count'), share: num('count ÷ declared; null when withheld', true) })),
  }),
  RepresentationComparison: obj(
    {
      zone: str('Zone code'),
      period: quarter('Quarter'),
      dimension: str('Classification'),
      threshold: int('Smallest count of the HR return side shown to this caller (1 = everything).'),
      hr: { ...ref('RepresentationSide'), nullable: true, description: 'From the current revision of the HR return (plus `revision`); null without a return.' },
      survey: {
        ...ref('RepresentationSide'),
        nullable: true,
        description:
          'From the latest closed campaign of the quarter (plus `campaign`, `invitations`, `responseRate`, `threshold` — the survey’s own, the same for every caller — and `belowThreshold`): through disclosure control for everyone, HR included; everything suppressed when fewer than `threshold` answered. Null without one.',
      },
      differences: arr(obj({ value: str('Value'), difference: num('survey share − HR share of the declared base (proportion points)', true) })),
    },
    'Representation from both sources side by side.',
  ),
};

/** Documents refusals of an endpoint (400, 403, 413, 415…) in the one error shape (Refusal). */
export const ApiRefusals = (...statuses: number[]) => {
  const what: Record<number, string> = {
    400: 'Malformed request: invalid JSON, or a malformed form (code invalid_json, malformed_form, too_many_files, unexpected_file_field).',
    403: 'Not your role or not your zone.',
    413: 'Too large.',
    415: 'Not a form (multipart/form-data).',
  };
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: what[status] ?? 'Refused.', schema: ref('Refusal') })));
};

/** Documents a 200 response with one of the schemas above (or an array of it). */
export const ApiOk = (name: keyof typeof RESPONSE_SCHEMAS, opts: { isArray?: boolean; status?: number } = {}) =>
  ApiResponse({ status: opts.status ?? 200, description: 'OK', schema: opts.isArray ? arr(ref(name)) : ref(name) });
