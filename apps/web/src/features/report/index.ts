export { ReportView, type ReportContext, type ReportSlots } from './components/report-view';
