import type { SurveyAnswer, SurveySaveResult, SurveySessionDto } from '@equity/shared';
import { anonymousApi } from '../../../lib/api-client';

// The respondent's requests: anonymous (no sign-in token even on a shared computer where someone is
// signed in), the code in the body, never in the address.

export const openSession = (code: string) => anonymousApi.post<SurveySessionDto>('/v1/survey/session', { code });

export const saveAnswer = (code: string, answer: SurveyAnswer) => anonymousApi.put<SurveySaveResult>('/v1/survey/answer', { code, answer });

export const withdrawAnswer = (code: string) => anonymousApi.post<SurveySaveResult>('/v1/survey/withdraw', { code });
