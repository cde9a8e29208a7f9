export { ProfileDetailView } from './components/profile-detail-view';
export { ProfilesView } from './components/profiles-view';
