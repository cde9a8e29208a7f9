import type { ProfileUploadResult } from '@equity/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { downloadFile, seg, uploadWithProgress } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export { getProfiles, getProfilesQueryOptions, useProfiles } from '../../../lib/api/get-profiles';

export interface ProfileFileParams {
  file: File;
  dryRun: boolean;
}

/** Checks (dryRun) or stores a profile file; a 422 ApiError lists every problem by its path in the file. */
export const uploadProfileFile = ({ file, dryRun }: ProfileFileParams) => {
  const data = new FormData();
  data.append('file', file, file.name);
  return uploadWithProgress<ProfileUploadResult>(`/v1/profiles?dryRun=${dryRun}`, data, () => {});
};

/** After a profile is stored, the list and that profile are read again. */
export function useUploadProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadProfileFile,
    onSuccess: async (result, { dryRun }) => {
      if (dryRun) return;
      await Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.profiles }), queryClient.invalidateQueries({ queryKey: queryKeys.profile(result.code) })]);
    },
  });
}

/** Saves a profile as a JSON file (CODE.json), to start a new version from. */
export const downloadProfile = (code: string) => downloadFile(`/v1/profiles/${seg(code)}?format=json`, `${code}.json`);
