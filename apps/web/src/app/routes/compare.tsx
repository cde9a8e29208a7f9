import { CompareView } from '../../features/compare';

export function CompareRoute() {
  return <CompareView />;
}
