import { CampaignsView } from '../../features/survey';
import { useMe } from '../../lib/api/get-me';
import { t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

/** Survey campaigns of a zone (opening and codes: HR of the zone and administrators; results: every reader). */
export function SurveysRoute() {
  useDocumentTitle(t('surveys.title'));
  const { data: user } = useMe();
  return <CampaignsView user={user ?? null} />;
}
