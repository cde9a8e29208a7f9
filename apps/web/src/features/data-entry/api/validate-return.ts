import type { SubmitReturnRequest, ValidationReport } from '@equity/shared';
import { useMutation } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client';

export interface ValidateReturnParams {
  zone: string;
  period: string;
  body: SubmitReturnRequest;
}

/** Dry run: checks a return as the API would on save, stores nothing. */
export const validateReturn = ({ zone, period, body }: ValidateReturnParams) =>
  api.post<ValidationReport>(`/v1/zones/${seg(zone)}/returns/${seg(period)}/validate`, body);

export const useValidateReturn = () => useMutation({ mutationFn: validateReturn });
