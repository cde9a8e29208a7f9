import { useParams } from 'react-router';
import { ZoneView } from '../../features/zone-trends';

export function ZoneRoute() {
  const { code = '' } = useParams();
  return <ZoneView key={code} code={code} />;
}
