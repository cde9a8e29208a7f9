export { CampaignsView } from './components/campaigns-view';
export { RespondView } from './components/respond-view';
