export { ZoneView } from './components/zone-view';
