export { DataEntryView } from './components/data-entry-view';
