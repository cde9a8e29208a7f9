/**
 * The shapes the API sends and receives: one definition, used by the API, the web app and exports.
 */
import type { Cell, Classes } from './cells.js';
import type { Label } from './labels.js';
import type { MeasureCode } from './measures.js';
import type { ProblemCode, ProblemParams } from './problems.js';

export const ROLES = ['admin', 'hr', 'management', 'researcher'] as const;
export type Role = (typeof ROLES)[number];

/** Who calls the API: an account's role, or `public` (no login) on the researcher-level outputs when enabled. */
export type Caller = Role | 'public';

export interface UserDto {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** Zone codes an HR officer may read and write; empty for other roles. */
  zones: string[];
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: UserDto;
}

/** A zone code: letters, digits, ".", "_" or "-", at most 40, starting with a letter or digit (5415, E23000001). */
export const ZONE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

export interface ZoneDto {
  code: string;
  name: string;
  names: Label;
  profile: string;
  /** Code of the zone this one was merged into, if any. */
  successor: string | null;
  /** The first quarter its successor holds its returns for (a merger recorded with a quarter); null otherwise. */
  mergedFrom: string | null;
  /** Zones merged into this one, with the quarter from which this one holds their returns (oldest first). */
  predecessors: { code: string; from: string | null }[];
  /** Communes (municipalities) the zone polices, as the administrator entered them; may be empty. */
  communes: string[];
  /** Quarterly returns stored for the zone: only in administrators' answers. */
  returns?: number;
}

/** A classification profile in the list of profiles (GET /api/v1/profiles): what it holds, and who uses it. */
export interface ProfileSummaryDto {
  code: string;
  name: Label;
  categories: number;
  dimensions: number;
  /** Zones registered with this profile (merged zones included). */
  zones: number;
  /** 1 when first stored; one more for each version an administrator stored from a file. */
  version: number;
  /** `built-in` as shipped (start-up keeps it up to date); `uploaded` once stored from an administrator's file. */
  origin: 'built-in' | 'uploaded';
}

/** Marks a value withheld by disclosure control. Never blank, never 0. */
export interface Suppressed {
  suppressed: true;
}

export type Count = number | Suppressed;

export function isSuppressed(value: Count | null | undefined): value is Suppressed {
  return typeof value === 'object' && value !== null && value.suppressed === true;
}

export type ReturnStatus = 'open' | 'signed_off';
export type RevisionSource = 'form' | 'api' | 'csv' | 'xlsx' | 'person-csv' | 'person-xlsx' | 'demo' | 'import';

export interface RevisionDto {
  number: number;
  author: string;
  createdAt: string;
  reason: string;
  source: RevisionSource;
  cellCount: number;
}

/**
 * A revision as callers under disclosure control see it (management, researchers): which
 * revision and when, never who, why or how many cells — a cell count going from 230 to 231 tells
 * that a zero became a small count.
 */
export type ProtectedRevisionDto = Pick<RevisionDto, 'number' | 'createdAt' | 'source'>;

export interface ReturnSummaryDto {
  zone: string;
  period: string;
  status: ReturnStatus;
  currentRevision: number | null;
  updatedAt: string | null;
  updatedBy: string | null;
  signedOffAt: string | null;
  signedOffBy: string | null;
}

export interface CellDto {
  measure: MeasureCode;
  detail: string;
  category: string;
  classes: Classes;
  count: Count;
}

export interface ReturnDto extends ReturnSummaryDto {
  revision: RevisionDto;
  cells: CellDto[];
  /** The last time an administrator reopened the quarter after its sign-off: when, who and why (null: never). */
  reopened: { at: string; by: string | null; reason: string } | null;
}

/** A cell as sent by a client; validated field by field. */
export type CellInput = Omit<Cell, 'count'> & { count: number };

export interface SubmitReturnRequest {
  /** Why this revision is made (first entry, correction of …). Required. */
  reason: string;
  cells: CellInput[];
}

/**
 * One validation problem. `row` is the spreadsheet row (header = 1) for uploads and the 1-based
 * index in `cells` for JSON; `column` names the column or field. Both are null for problems of the
 * request as a whole.
 */
export interface Problem {
  row: number | null;
  column: string | null;
  /** One of PROBLEM_CODES (problems.ts): what a client translates. */
  code: ProblemCode;
  /** English, for API clients and logs; the dashboard writes the problem from `code` and `params`. */
  message: string;
  /**
   * What the message is built from (codes of categories, classifications and measures, numbers,
   * limits, quarters), for a client to write the problem in its own language. Never a value typed
   * in a return's cell.
   */
  params?: ProblemParams;
  /**
   * The parameter refused, on refusals of request parameters only (a zone code, an export format);
   * never a value typed in a return or an upload.
   */
  value?: string;
}

/** Body of every 422 response: all problems at once; nothing was written. */
export interface ValidationErrorBody {
  statusCode: 422;
  error: 'Unprocessable Entity';
  message: string;
  errors: Problem[];
  warnings: Problem[];
  /** Present (true) when more problems were found than are listed (MAX_PROBLEMS, the first by row). */
  truncated?: true;
  /** How many problems were found beyond those listed. */
  more?: number;
}

/** Result of validating a return without saving it (upload preview, dry run). */
export interface ValidationReport {
  valid: boolean;
  format: 'cells' | 'per-person' | 'json';
  /** Data rows read from the file (per-person: people). */
  rowsRead: number;
  errors: Problem[];
  warnings: Problem[];
  /** The cells that would be stored (aggregated for per-person extracts). */
  cells: Cell[];
  /** Present (true) when more problems were found than are listed (the first by row). */
  truncated?: true;
  /** How many problems were found beyond those listed. */
  more?: number;
}

export interface SubmitResult {
  summary: ReturnSummaryDto;
  revision: RevisionDto;
  warnings: Problem[];
  /** The revision this one replaced as current (null: the first revision of the quarter). */
  supersedes: number | null;
}

/**
 * 412: the return changed since the client loaded it (its If-Match no longer names the current
 * revision; or If-None-Match: * and a revision exists). Nothing was written.
 */
export interface StaleRevisionBody {
  statusCode: 412;
  error: 'Precondition Failed';
  message: string;
  /** One problem, code `stale_revision`. */
  errors: Problem[];
  /** The revision the client had (from its If-Match; null when it had none: If-None-Match: *, or If-Match: * on a return without revision). */
  yourRevision: number | null;
  /** The current revision: number, who saved it and when; null when the return has no revision yet. */
  currentRevision: { number: number; author: string; createdAt: string } | null;
}

/** One row of a cross-tabulation: staff category × value of one dimension. */
export interface BreakdownRow {
  category: string;
  value: string;
  count: Count;
}

export interface BreakdownDto {
  zone: string;
  period: string;
  measure: MeasureCode;
  dimension: string;
  revision: number;
  rows: BreakdownRow[];
  /** Totals per category (over all values) and per value (over all categories), and the grand total. */
  categoryTotals: { category: string; count: Count }[];
  valueTotals: { value: string; count: Count }[];
  total: Count;
  /** Smallest count shown to this caller; smaller non-zero counts are suppressed (1 for full access). */
  threshold: number;
  /**
   * Set when the table is not the quarter's but a 4-quarter window (flows shown to management
   * under disclosure control): every count is the sum over the quarters `from` … `to` (= period).
   * null: the counts are those of the quarter itself.
   */
  window: BreakdownWindow | null;
  /**
   * Whether the zone supplied the measure: a cell of it (0 included) in the quarter's return read —
   * in every quarter of `window` when set. False: every count of the table is "no data", not 0
   * (docs/metrics.md, "No data is never zero").
   */
  supplied: boolean;
}

/** The quarters a windowed breakdown sums (BreakdownDto.window). */
export interface BreakdownWindow {
  from: string;
  to: string;
  quarters: number;
}

export interface AuditEventDto {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  zone: string | null;
  period: string | null;
  details: Record<string, unknown>;
}

export interface HealthDto {
  /** `error`: the database does not answer or is restarting; `busy`: the database answers but this instance's queue is full (the answer is then 503, like the requests it refuses). */
  status: 'ok' | 'busy' | 'error';
  /** `restarting`: the embedded PostgreSQL died and is being started again (503 meanwhile). */
  database: 'ok' | 'error' | 'restarting';
  /** How many times the embedded PostgreSQL was started again after it died (embedded only). */
  databaseRestarts?: number;
  version: string;
  profile: string;
  /** Whether signing in through the organisation's identity provider (OpenID Connect) is configured. */
  oidc: boolean;
  /** How busy this instance is (core/in-flight.ts). */
  load: AdmissionLoad;
}

/**
 * Saturation of one instance: requests at work (`inFlight`, at most `maxInFlight`) and waiting
 * (`queued`, at most `maxQueued`). `status`: `ok` nothing waits, `queueing` requests wait their turn,
 * `full` the next request would be refused with 503.
 */
export interface AdmissionLoad {
  status: 'ok' | 'queueing' | 'full';
  inFlight: number;
  queued: number;
  maxInFlight: number;
  maxQueued: number;
}

// ---- Analytics ----------------------------------------------------------------------------

/** A rate as served: counts below the caller's threshold are `{suppressed: true}` and then the value and interval are null. */
export interface RateDto {
  value: number | null;
  numerator: Count;
  denominator: Count;
  interval: { low: number; high: number } | null;
  /** A measure behind the rate was not supplied (analytics.ts `NO_DATA_RATE`): "no data", never 0. */
  noData?: true;
}

/** Replaces every rate inside a figure by its served form. */
export type Served<T> = T extends { value: number | null; numerator: number; denominator: number; interval: unknown }
  ? RateDto
  : T extends (infer U)[]
    ? Served<U>[]
    : T extends object
      ? { [K in keyof T]: Served<T[K]> }
      : T;

export interface GroupDto {
  dimension: string;
  code: string;
  label: Label;
}

export interface AvailabilityDto {
  dimension: string;
  group: string;
  /** Share of the group in the population of the zone's communes (0–1). */
  share: number;
  source: string;
  year: number;
}

export interface AnalysisContext {
  zone: string;
  zoneName: string;
  group: GroupDto;
  reference: GroupDto;
  /** Staff categories analysed; empty means all. */
  categories: string[];
  /** Smallest count shown to this caller (1 = everything). */
  threshold: number;
}

/** An account as administrators manage it (`/api/v1/users`). Never includes a password or hash. */
export interface ManagedUserDto extends UserDto {
  active: boolean;
  createdAt: string;
  /** Sign-in is refused until then after repeated failed attempts; null when not locked. */
  lockedUntil: string | null;
  /** Logins still valid (neither expired nor ended). */
  activeSessions: number;
}

export interface CreateUserRequest {
  username: string;
  displayName: string;
  role: Role;
  /** Zone codes; required (at least one) for `hr`, empty for other roles. */
  zones?: string[];
  password: string;
}

/** Fields left out stay as they are. A change of role or `active: false` ends the user's sessions. */
export interface UpdateUserRequest {
  displayName?: string;
  role?: Role;
  zones?: string[];
  active?: boolean;
}

export interface SetPasswordRequest {
  password: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface RevokeSessionsResponse {
  /** Number of sessions that were open and are now ended. */
  revoked: number;
}

export interface UnlockResponse {
  /** true when the account was locked (or had failed sign-ins counted towards a lock) and no longer is. */
  unlocked: boolean;
}
