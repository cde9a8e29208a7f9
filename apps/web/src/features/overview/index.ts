export { OverviewView } from './components/overview-view';
