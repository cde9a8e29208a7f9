import { type AuditEventDto, type AuditFilter, auditQueryString } from '@equity/shared';
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, downloadFile, seg } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** Events per page: the API's default. */
export const AUDIT_PAGE = 100;

export const getAuditEvents = (filter: AuditFilter, before: number | undefined, signal?: AbortSignal): Promise<AuditEventDto[]> =>
  api.get<AuditEventDto[]>(`/v1/audit${auditQueryString({ ...filter, ...(before !== undefined ? { before } : {}), limit: AUDIT_PAGE })}`, { signal });

/** The filtered log, newest first, a page at a time: the next page starts before the last event shown. */
export const auditEventsQueryOptions = (filter: AuditFilter) =>
  infiniteQueryOptions({
    queryKey: queryKeys.audit(auditQueryString(filter)),
    queryFn: ({ pageParam, signal }) => getAuditEvents(filter, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last: AuditEventDto[]) => (last.length === AUDIT_PAGE ? last[last.length - 1]!.id : undefined),
    staleTime: 5_000,
    retry: false,
  });

export const useAuditEvents = (filter: AuditFilter) => useInfiniteQuery(auditEventsQueryOptions(filter));

export const useAuditEvent = (id: number) =>
  useQuery(queryOptions({ queryKey: queryKeys.auditEvent(id), queryFn: ({ signal }) => api.get<AuditEventDto>(`/v1/audit/${seg(id)}`, { signal }), retry: false }));

/** Every event matching the filter as CSV, streamed by the API (the download is itself audited). */
export const downloadAuditCsv = (filter: AuditFilter): Promise<void> =>
  downloadFile(`/v1/audit/export.csv${auditQueryString(filter)}`, `equity-monitor-audit-${new Date().toISOString().slice(0, 10)}.csv`);
