export { ZoneDetailView } from './components/zone-detail-view';
export { ZonesView } from './components/zones-view';
