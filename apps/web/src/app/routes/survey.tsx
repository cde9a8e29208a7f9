import { RespondView } from '../../features/survey';
import { t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

/** The public answering page of the self-identification survey: no login, outside the signed-in layout. */
export function SurveyRoute() {
  useDocumentTitle(t('survey.page.title'));
  return <RespondView />;
}
