/**
 * Every code a problem of the API can carry (`Problem.code`, in `errors[]` and `warnings[]` of every
 * refusal and validation answer). One list: the API's problems are typed with it, so a new code
 * fails type checking until it is listed here, and the web app's test fails until it has a text in
 * every language (apps/web/src/locales/problems.ts). The English `message` stays for API clients and
 * logs; the dashboard writes each problem from its code and `params`.
 */
export const PROBLEM_CODES = [
  // Values of a return (JSON cells, a cells file, a per-person extract)
  'required',
  'unknown_code',
  'unknown_field',
  'unexpected_detail',
  'not_an_object',
  'not_a_list',
  'not_yes_no',
  'inconsistent',
  'duplicate',
  'total_mismatch',
  'no_headcount',
  'wrong_zone',
  'wrong_quarter',
  'empty',
  // Counts
  'too_large',
  'negative',
  'not_integer',
  'separator',
  'not_a_number',
  // Columns of a file
  'missing_column',
  'duplicate_column',
  'unknown_column',
  // Personal data
  'personal_data_column',
  'personal_data_value',
  // Reading a file
  'unreadable_file',
  'formula_without_value',
  'no_file',
  'file_too_large',
  'too_many_columns',
  'too_many_rows',
  'too_many_cells',
  'row_too_long',
  'too_many_parts',
  'unzipped_too_large',
  'zip_bomb',
  'too_many_uploads',
  // Quarters, zones and returns
  'quarter_not_ended',
  'unknown_profile',
  // Zones and availability benchmarks (the administrators' console and its files)
  'file_required',
  'empty_file',
  'no_rows',
  'blank_column',
  'repeated_column',
  'value_outside_columns',
  'zone_exists',
  'zone_in_use',
  'zone_merged',
  'merge_target',
  'merge_returns_after',
  'duplicate_code',
  'profile_in_use',
  'too_many_communes',
  'duplicate_benchmark',
  'invalid_code',
  'invalid_year',
  'invalid_share',
  'invalid_period',
  'future_period',
  'duplicate_return',
  'unknown_zone',
  'invalid_zone_code',
  'ambiguous_zone',
  'wrong_profile',
  'mixed_profiles',
  'not_published',
  'invalid_range',
  'stale_revision',
  'stock_flow_gap',
  'signed_off',
  'already_signed_off',
  'not_signed_off',
  'no_return',
  'zone_forbidden',
  'role_forbidden',
  // Accounts and passwords
  'username_taken',
  'invalid_username',
  'unknown_role',
  'too_long',
  'zones_required',
  'zones_not_allowed',
  'last_admin',
  'wrong_password',
  'password_unchanged',
  'password_too_short',
  'password_too_long',
  'password_letters_only',
  'password_contains_username',
  'password_common',
  'login_failed',
  'login_required',
  'session_expired',
  // Audit log filters
  'repeated_parameter',
  'unknown_parameter',
  'invalid_user',
  'invalid_zone',
  'unknown_action',
  'invalid_date',
  'to_before_from',
  'invalid_before',
  'invalid_limit',
  'invalid_id',
  // Targets
  'unknown_group',
  'unknown_category',
  'deadline_before_baseline',
  'out_of_range',
  // Staff survey
  'closes_before_opening',
  'closes_in_past',
  'invalid_invitations',
  'unknown_question',
  'unknown_dimension',
  'unknown_value',
  'single_value_only',
  'not_declared_with_others',
  'empty_choice',
  'survey_code_unknown',
  'survey_not_open',
  'survey_closed',
  'survey_results_not_yet',
  // Fields of a request (the request validation: class-validator's constraint names)
  'whitelistValidation',
  'isString',
  'isInt',
  'isNumber',
  'isIn',
  'isArray',
  'isBoolean',
  'isObject',
  'matches',
  'min',
  'max',
  'minLength',
  'maxLength',
  'arrayMaxSize',
  'invalid_value',
  // The request as a whole
  'invalid_json',
  'incomplete_request',
  'too_deep',
  'malformed_form',
  'too_many_files',
  'unexpected_file_field',
  'unsupported_media_type',
  'body_timeout',
  // Refusals by HTTP status (when nothing more precise applies)
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'precondition_failed',
  'too_many_requests',
  'busy',
  'unavailable',
  'database_unavailable',
  'server_error',
  'error',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

const PROBLEM_CODE_SET: ReadonlySet<string> = new Set(PROBLEM_CODES);

export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === 'string' && PROBLEM_CODE_SET.has(code);
}

/**
 * Parameters of a problem: what its message is built from, for a client to write it in its own
 * language. Codes (category, gender, origin, measure, detail), numbers the server computed or
 * checked, limits, quarters and zone codes; never text typed in a cell of a return.
 */
export type ProblemParams = Record<string, string | number>;
