export { DashboardView } from './components/dashboard-view';
export { HeadcountTables } from './components/headcount-tables';
