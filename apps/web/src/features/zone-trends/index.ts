export { ZoneView } from './components/zone-view';
export { ZoneGlassCeiling, ZoneTrends } from './components/zone-trend-sections';
