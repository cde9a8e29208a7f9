export { TargetsView } from './components/targets-view';
