import { useParams } from 'react-router';
import { HeadcountTables } from '../../features/dashboard';
import { ReportView, type ReportSlots } from '../../features/report';
import { ZoneGlassCeiling, ZoneTrends } from '../../features/zone-trends';

/** The report is composed here: its own sections, and the trends, glass ceiling and headcount tables of their features. */
const slots: ReportSlots = {
  trends: ({ zone, period, group }) => <ZoneTrends zone={zone} period={period} group={group} />,
  glassCeiling: ({ zone, profile, period, group }) => <ZoneGlassCeiling zone={zone} profile={profile} period={period} group={group} />,
  headcount: ({ zone, profile, period }) => <HeadcountTables profile={profile} zone={zone.code} period={period} />,
};

export function ReportRoute() {
  const { code = '' } = useParams();
  return <ReportView key={code} code={code} slots={slots} />;
}
