export { AuditEventView } from './components/audit-event-view';
export { AuditView } from './components/audit-view';
